"""The Python SDK client (temporalio from PyPI) under test in part B, speaking the same JSON-lines
protocol as bench/drivers/node.ts: it connects once, then runs one operation at one concurrency for a
time window per `run` command (asyncio tasks looping until the window closes, as the `ours` pool does),
and reports operations, errors, CPU (time.process_time, all threads) and latency percentiles.

Usage: python3 python_driver.py --address HOST:PORT --prefix P --task-queue Q --exec-task-queue Q
"""

import argparse
import asyncio
import json
import sys
import time

from temporalio.client import Client

WORKFLOW_TYPE = "echo"
WORKFLOW_ARG = {"greeting": "hello", "n": 42, "tags": ["a", "b"]}
SIGNAL_NAME = "approve"
SIGNAL_ARG = {"by": "ops"}


def error_text(error: BaseException, depth: int = 0) -> str:
    if depth > 3 or error is None:
        return ""
    status = getattr(error, "status", None)
    status_name = getattr(status, "name", None)
    parts = [type(error).__name__]
    if status_name:
        parts.append(str(status_name))
    parts.append(str(error))
    cause = error.__cause__ or getattr(error, "cause", None)
    text = ": ".join(p for p in parts if p)
    if isinstance(cause, BaseException):
        text += " <- " + error_text(cause, depth + 1)
    return text


class Driver:
    def __init__(self, client: Client, prefix: str, task_queue: str, exec_task_queue: str) -> None:
        self.client = client
        self.prefix = prefix
        self.task_queue = task_queue
        self.exec_task_queue = exec_task_queue
        self.targets: list[str] = []
        self.counter = 0

    def workflow_id(self, op: str, n: int) -> str:
        return f"{self.prefix}-{op}-{n}"

    def target(self, n: int) -> str:
        return self.targets[n % len(self.targets)]

    async def call(self, op: str, n: int) -> None:
        if op == "start":
            await self.client.start_workflow(WORKFLOW_TYPE, WORKFLOW_ARG, id=self.workflow_id(op, n), task_queue=self.task_queue)
        elif op == "signal":
            await self.client.get_workflow_handle(self.target(n)).signal(SIGNAL_NAME, SIGNAL_ARG)
        elif op == "describe":
            await self.client.get_workflow_handle(self.target(n)).describe()
        elif op == "execute":
            await self.client.execute_workflow(
                WORKFLOW_TYPE, WORKFLOW_ARG, id=self.workflow_id(op, n), task_queue=self.exec_task_queue
            )
        else:
            raise ValueError(f"unknown op {op}")

    async def prepare(self, count: int) -> None:
        first = 1_000_000_000
        self.targets = []
        for n in range(first, first + count):
            await self.call("start", n)
            self.targets.append(self.workflow_id("start", n))

    async def run(self, op: str, conc: int, seconds: float) -> dict:
        latencies: list[float] = []
        errors = 0
        exhausted = 0
        first_error = None
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors, exhausted, first_error
            while time.perf_counter() < deadline:
                n = self.counter
                self.counter += 1
                t0 = time.perf_counter()
                try:
                    await self.call(op, n)
                    latencies.append((time.perf_counter() - t0) * 1000)
                except Exception as error:  # noqa: BLE001 - every failure is counted
                    errors += 1
                    text = error_text(error)
                    if "RESOURCE_EXHAUSTED" in text:
                        exhausted += 1
                    if first_error is None:
                        first_error = text[:300]

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(conc)))
        elapsed = (time.perf_counter() - t0) * 1000
        cpu = (time.process_time() - cpu0) * 1e6
        latencies.sort()
        count = len(latencies)

        def at(q: float) -> float:
            return latencies[min(count - 1, int(q * count))] if count else 0.0

        result = {
            "ops": count,
            "errors": errors,
            "resourceExhausted": exhausted,
            "elapsedMs": elapsed,
            "cpuUs": cpu,
            "p50Ms": at(0.5),
            "p99Ms": at(0.99),
        }
        if first_error is not None:
            result["firstError"] = first_error
        return result


def write(value: dict) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", required=True)
    parser.add_argument("--prefix", default="bench-py")
    parser.add_argument("--task-queue", default="bench")
    parser.add_argument("--exec-task-queue", default="bench")
    args = parser.parse_args()
    client = await Client.connect(args.address, namespace="default")
    driver = Driver(client, args.prefix, args.task_queue, args.exec_task_queue)
    from importlib.metadata import version

    write({"ready": True, "versions": {"temporalio": version("temporalio"), "python": sys.version.split()[0]}})
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        command = json.loads(line)
        try:
            if command["cmd"] == "run":
                write(await driver.run(command["op"], command["conc"], command["seconds"]))
            elif command["cmd"] == "prepare":
                await driver.prepare(command["count"])
                write({"ok": True})
            else:
                break
        except Exception as error:  # noqa: BLE001 - reported to the orchestrator
            write({"error": error_text(error)})


if __name__ == "__main__":
    asyncio.run(main())
