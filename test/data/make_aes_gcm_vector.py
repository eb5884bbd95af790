"""Writes aes-gcm-python-vector.json: a payload encrypted the way the Temporal
Python (and Go) encryption samples do it, with Python's `cryptography` package:

    Payload(metadata={"encoding": b"binary/encrypted", "encryption-key-id": key_id},
            data=nonce(12) + AESGCM(key).encrypt(nonce, original.SerializeToString(), None))

The original Payload is serialized by hand (protobuf wire format), so this
script needs only `cryptography`:  pip install cryptography && python3 make_aes_gcm_vector.py
"""
import base64
import json
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(number: int, value: bytes) -> bytes:
    return varint((number << 3) | 2) + varint(len(value)) + value


def serialize_payload(metadata: dict, data: bytes) -> bytes:
    out = b""
    for k, v in sorted(metadata.items()):
        entry = field_bytes(1, k.encode()) + field_bytes(2, v)
        out += field_bytes(1, entry)
    if data:
        out += field_bytes(2, data)
    return out


key_id = "python-test-key"
key = bytes(range(32))
original_data = json.dumps({"spec": True, "from": "python", "n": 42}, separators=(",", ":")).encode()
original = serialize_payload({"encoding": b"json/plain"}, original_data)
nonce = os.urandom(12)
encrypted = nonce + AESGCM(key).encrypt(nonce, original, None)

vector = {
    "description": "AES-256-GCM payload written by Python's cryptography AESGCM, as the Temporal Python encryption sample does",
    "keyId": key_id,
    "keyHex": key.hex(),
    "payload": {
        "metadata": {
            "encoding": base64.b64encode(b"binary/encrypted").decode(),
            "encryption-key-id": base64.b64encode(key_id.encode()).decode(),
        },
        "data": base64.b64encode(encrypted).decode(),
    },
    "expected": {
        "encoding": "json/plain",
        "value": {"spec": True, "from": "python", "n": 42},
        "serializedOriginalBase64": base64.b64encode(original).decode(),
    },
}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "aes-gcm-python-vector.json"), "w") as f:
    json.dump(vector, f, indent=2)
    f.write("\n")
