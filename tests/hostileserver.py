"""A deliberately broken HTTP/1.1 server on a loopback address, for hardening tests.

Raw asyncio streams, so that it can do what no well-behaved server library would: never
answer, hang after the headers, trickle a byte at a time, reset the connection, send less
body than Content-Length promised, break chunked encoding, send decompression bombs, or
stream a chunked body forever. It can also act as a plain HTTP forward proxy (request lines
with absolute URLs are served by path all the same).

    with HostileServer(routes={"/": page("<html>...</html>"), "/slow": trickle()}) as server:
        ... server.base_url, server.requests, server.connections ...

Routes map a path (query ignored) or a prefix ending in ``*`` to a handler; an unknown path
is a 404. Every request is recorded with its headers and time; every accepted connection is
counted, even one that never sends a request.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import struct
import threading
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Self
from urllib.parse import urlsplit

import brotli

try:
    from compression import zstd  # type: ignore[import-not-found]  # Python >= 3.14
except ImportError:
    from backports import zstd  # type: ignore[no-redef]

MIB = 1 << 20


@dataclass
class Seen:
    method: str
    target: str  # as sent: a path, or an absolute URL when used as a proxy
    headers: dict[str, str]  # lower-case names
    time: float = field(default_factory=time.monotonic)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"


Handler = Callable[[Seen, asyncio.StreamWriter], Awaitable[bool]]  # returns: keep the connection


def _head(status: int, headers: dict[str, str]) -> bytes:
    reason = {200: "OK", 301: "Moved", 302: "Found", 404: "Not Found", 429: "Too Many Requests",
              500: "Internal Server Error", 503: "Service Unavailable"}.get(status, "Status")
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(status: int = 200, body: bytes | str = b"", headers: dict[str, str] | None = None,
            content_type: str = "text/html; charset=utf-8") -> Handler:
    """A well-formed response with Content-Length (kept alive)."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    all_headers = {"Content-Type": content_type, **(headers or {}), "Content-Length": str(len(data))}

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(status, all_headers) + data)
        await writer.drain()
        return True

    return handler


def page(body: bytes | str) -> Handler:
    return respond(200, body)


def redirect(location: str, status: int = 302) -> Handler:
    return respond(status, b"", {"Location": location})


def dynamic(make: Callable[[Seen], Handler]) -> Handler:
    """A handler chosen per request (pages that depend on the URL, e.g. an endless calendar)."""

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        return await make(request)(request, writer)

    return handler


def never_answer() -> Handler:
    """Reads the request, then says nothing until the client gives up."""

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(3600)
        return False

    return handler


def hang_after_headers(length: int = 10_000) -> Handler:
    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(200, {"Content-Type": "text/html", "Content-Length": str(length)}))
        await writer.drain()
        await asyncio.sleep(3600)
        return False

    return handler


def trickle(body: bytes | str, interval: float = 0.1) -> Handler:
    """A whole, valid page, one byte every ``interval`` seconds: never idle, never done in time."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(data))}))
        for index in range(len(data)):
            writer.write(data[index:index + 1])
            await writer.drain()
            await asyncio.sleep(interval)
        return True

    return handler


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST instead of FIN (SO_LINGER 0)."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def reset(before: bytes | str = b"") -> Handler:
    """Sends ``before`` (maybe nothing, maybe headers and part of a body), then resets."""
    data = before.encode("utf-8") if isinstance(before, str) else before

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        if data:
            writer.write(data)
            await writer.drain()
            await asyncio.sleep(0.05)
        _reset(writer)
        return False

    return handler


def reset_mid_body(body: bytes | str, keep: float = 0.5) -> Handler:
    """Headers without Content-Length (a body delimited by closing), part of it, then a reset."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return reset(_head(200, {"Content-Type": "text/html; charset=utf-8", "Connection": "close"})
                 + data[: int(len(data) * keep)])


def short_body(body: bytes | str, keep: float = 0.5) -> Handler:
    """Content-Length of the whole body, part of it sent, then the connection closed."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(data))}))
        writer.write(data[: int(len(data) * keep)])
        await writer.drain()
        writer.close()
        return False

    return handler


def broken_chunked(body: bytes | str) -> Handler:
    """A chunked body whose second chunk-size line is not hexadecimal, then a close."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    half = len(data) // 2

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(200, {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"}))
        writer.write(b"%x\r\n%s\r\nzz;oops\r\n%s\r\n0\r\n\r\n" % (half, data[:half], data[half:]))
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()
        return False

    return handler


def endless_chunked(chunk_size: int = 64 * 1024) -> Handler:
    """A chunked body that never ends, as fast as the client reads."""

    async def handler(request: Seen, writer: asyncio.StreamWriter) -> bool:
        writer.write(_head(200, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"}))
        chunk = b"%x\r\n%s\r\n" % (chunk_size, b"<p>" + b"a" * (chunk_size - 3))
        try:
            while True:
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            return False

    return handler


def encoded(body: bytes, encoding: str, content_type: str = "text/html; charset=utf-8") -> Handler:
    return respond(200, body, {"Content-Encoding": encoding}, content_type)


# --- decompression bombs: small on the wire, ``size`` bytes of zeros once decoded ---

def gzip_bomb(size: int) -> bytes:
    """Many gzip members of 1 MiB of zeros each (a gzip reader reads on across members)."""
    member = gzip.compress(bytes(MIB), 9, mtime=0)
    return member * (size // MIB)


def deflate_bomb(size: int) -> bytes:
    """One zlib stream: a full-flushed block of 1 MiB of zeros, repeated (full flushes make the
    blocks independent, so the same bytes can be sent again), a final block, the checksum."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    count = size // MIB
    checksum = 1
    zeros = bytes(MIB)
    for _ in range(count):
        checksum = zlib.adler32(zeros, checksum)
    return b"\x78\xda" + block * count + final + struct.pack(">I", checksum)


def brotli_bomb(size: int) -> bytes:
    compressor = brotli.Compressor(quality=5)
    zeros = bytes(MIB)
    return b"".join(compressor.process(zeros) for _ in range(size // MIB)) + compressor.finish()


def zstd_bomb(size: int) -> bytes:
    compressor = zstd.ZstdCompressor(level=3)
    zeros = bytes(MIB)
    return b"".join(compressor.compress(zeros) for _ in range(size // MIB)) + compressor.flush()


class HostileServer:
    def __init__(self, host: str = "127.0.0.1", routes: dict[str, Handler] | None = None) -> None:
        self.host = host
        self.routes: dict[str, Handler] = dict(routes or {})
        self.requests: list[Seen] = []
        self.connections = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._tasks: set[asyncio.Task] = set()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def hostport(self) -> str:
        return f"{self.host}:{self.port}"

    def paths(self) -> list[str]:
        return [seen.path for seen in self.requests]

    def count(self, path: str) -> int:
        return sum(1 for seen in self.requests if seen.path == path)

    def _handler_for(self, path: str) -> Handler | None:
        if path in self.routes:
            return self.routes[path]
        prefixes = [key for key in self.routes if key.endswith("*") and path.startswith(key[:-1])]
        return self.routes[max(prefixes, key=len)] if prefixes else None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            keep = True
            while keep:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length") or 0)
                if length:
                    await reader.readexactly(length)
                seen = Seen(method, target, headers)
                self.requests.append(seen)
                handler = self._handler_for(seen.path) or respond(404, b"not found", content_type="text/plain")
                keep = await handler(seen, writer)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, OSError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            if task is not None:
                self._tasks.discard(task)
            if not writer.transport.is_closing():
                writer.close()

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, 0, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.sleep(0)

    def __enter__(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
