"""A load generator for the benchmarks: connections that each send their
next HTTP/1.1 request when the previous one is answered (like `hey -c`),
timing every answer."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Burst:
    latencies: list[float]  # seconds, of the answers that were 200
    refused: int  # answers that were not 200
    seconds: float

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")

    @property
    def throughput(self) -> float:
        return (len(self.latencies) + self.refused) / self.seconds

    def line(self, name: str) -> str:
        count = len(self.latencies) + self.refused
        return (
            f"{name:<24} refused {self.refused:>4} of {count}; ack p50 {self.percentile(0.50):6.1f} ms, "
            f"p99 {self.percentile(0.99):6.1f} ms, mean {statistics.fmean(self.latencies) * 1000:6.1f} ms; "
            f"{self.throughput:6.0f} requests/s"
        )


async def burst(port: int, requests: list[bytes], connections: int, head: Callable[[bytes], bytes]) -> Burst:
    """Send each of `requests` (a body, made a whole request by `head`) over `connections`."""
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in requests:
        queue.put_nowait(body)
    latencies: list[float] = []
    refused = 0

    async def connection() -> None:
        nonlocal refused
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while not queue.empty():
            body = queue.get_nowait()
            started = time.perf_counter()
            writer.write(head(body) + body)
            await writer.drain()
            status_line = await reader.readline()
            length, closing = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                closing = closing or (name.lower() == "connection" and value.strip().lower() == "close")
            await reader.readexactly(length)
            if status_line.split()[1:2] == [b"200"]:
                latencies.append(time.perf_counter() - started)
            else:
                refused += 1
            if closing:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    return Burst(latencies, refused, time.perf_counter() - started)
