/**
 * The parts that many operations' error unions share, declared once: the
 * errors of any call to the server, of sending payloads, and of reading
 * payloads back through a Schema. Each operation's own union (such as
 * `StartWorkflowError`) is built from these and the errors of its own.
 *
 * @since 1.0.0
 */
import type { InvalidArgumentError } from "./base.js"
import type { ConnectionError, NamespaceNotFoundError, RpcError } from "./connection.js"
import type {
  DataConverterError,
  PayloadCodecError,
  PayloadTooLargeError,
  SchemaDecodeError
} from "./dataConversion.js"
import type { ExternalStorageError } from "./externalStorage.js"

/**
 * Errors any call to the server can fail with: the namespace does not exist,
 * an argument was refused before the RPC, the RPC failed, or the connection
 * could not carry it.
 *
 * @since 1.0.0
 * @category errors
 */
export type CallError = NamespaceNotFoundError | InvalidArgumentError | RpcError | ConnectionError

/**
 * Errors of turning values into the payloads of a request: the converter,
 * the codecs, and the payload size limit checked before the RPC.
 *
 * @since 1.0.0
 * @category errors
 */
export type SendPayloadsError = DataConverterError | PayloadCodecError | PayloadTooLargeError | ExternalStorageError

/**
 * Errors of reading the payloads of a response back into values: the codecs,
 * the converter, and the Schema the values are decoded with.
 *
 * @since 1.0.0
 * @category errors
 */
export type ReceivePayloadsError = DataConverterError | PayloadCodecError | SchemaDecodeError | ExternalStorageError
