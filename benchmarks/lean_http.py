"""A small HTTP/1.1 client on asyncio streams for the load benchmarks: keep-alive connections, form posts, cookies.

Why not aiohttp: the load generator runs on the same two cores as the server it measures. Under 500 voters aiohttp
spent 0.8–1.0 ms of CPU per request (cookie-jar filtering, header multidicts, request objects), 12–14 % of all the
CPU of a run, taken from the server. This client does only what the benchmark's requests need and spends a fraction
of that (``cpu.ms_per_request.client`` in every result says how much), so more of the machine measures the server.

What it does: ``GET``/``POST`` (``application/x-www-form-urlencoded`` from a list or dict of pairs) to
``http://host:port/path``; responses with ``Content-Length``, chunked or read to the close; one cookie jar per
client, by name only (every request of a voter goes under one path; cookies are shared by every instance, as a
browser shares them by host, ports aside); ``Max-Age=0`` or an ``Expires`` in the past deletes a cookie. At most
``limit`` connections per host:port, kept alive, and an idle connection older than ``idle_s`` is closed before use
(gunicorn closes idle keep-alive connections after 5 s; reusing one just then would race its close).
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode, urlsplit


class HttpError(Exception):
    """The server answered something this client cannot read, or closed the connection mid-answer."""


# what a request may raise besides a bug: the answer unreadable, the connection refused or reset, the time up
ERRORS = (HttpError, OSError, TimeoutError)


class Response:
    __slots__ = ("body", "status")

    def __init__(self, status: int, body: bytes):
        self.status, self.body = status, body

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _Conn:
    __slots__ = ("reader", "used", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer, self.used = reader, writer, time.monotonic()

    def close(self) -> None:
        self.writer.close()


class Client:
    """One user agent: a cookie jar and a few keep-alive connections per host:port."""

    def __init__(self, *, limit: int = 4, idle_s: float = 3.0, timeout_s: float = 120.0):
        self.cookies: dict[str, str] = {}
        self.limit, self.idle_s, self.timeout_s = limit, idle_s, timeout_s
        self._idle: dict[tuple[str, int], list[_Conn]] = {}
        self._slots: dict[tuple[str, int], asyncio.Semaphore] = {}

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()

    async def get(self, url: str, headers: dict | None = None) -> Response:
        return await self.request("GET", url, None, headers)

    async def post(self, url: str, data, headers: dict | None = None) -> Response:
        return await self.request("POST", url, data, headers)

    async def request(self, method: str, url: str, data=None, headers: dict | None = None) -> Response:
        parts = urlsplit(url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        lines = [f"{method} {target} HTTP/1.1", f"Host: {host}:{port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = b""
        if data is not None:
            body = urlencode(data).encode()
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        key = (host, port)
        slots = self._slots.get(key)
        if slots is None:
            slots = self._slots[key] = asyncio.Semaphore(self.limit)
        async with slots, asyncio.timeout(self.timeout_s):
            conn = await self._connection(key)
            try:
                conn.writer.write(head + body)
                status, response_body, keep = await self._read(conn.reader)
            except BaseException:
                conn.close()
                raise
            if keep:
                conn.used = time.monotonic()
                self._idle.setdefault(key, []).append(conn)
            else:
                conn.close()
        return Response(status, response_body)

    async def _connection(self, key: tuple[str, int]) -> _Conn:
        idle = self._idle.get(key)
        now = time.monotonic()
        while idle:
            conn = idle.pop()
            if now - conn.used < self.idle_s and not conn.reader.at_eof():
                return conn
            conn.close()
        reader, writer = await asyncio.open_connection(*key)
        return _Conn(reader, writer)

    async def _read(self, reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
        """The answer as ``(status, body, keep the connection)``; whatever cannot be read is an ``HttpError``."""
        try:
            return await self._answer(reader)
        except asyncio.IncompleteReadError as exc:
            raise HttpError("the server closed the connection before the answer ended") from exc
        except (asyncio.LimitOverrunError, ValueError) as exc:  # a header line over 64 KiB, a number that is none
            raise HttpError(f"an answer this client cannot read: {exc}") from exc

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        version, code = [*lines[0].split(" ", 2), ""][:2]
        status = int(code)
        length, chunked, keep = None, False, version == "HTTP/1.1"
        for line in lines[1:]:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif name == "connection":
                keep = value.lower() != "close" and (keep or value.lower() == "keep-alive")
            elif name == "set-cookie":
                self._set_cookie(value)
        if chunked:
            body = bytearray()
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await _trailer(reader)
                    break
                body += await reader.readexactly(size + 2)
                del body[-2:]
            return status, bytes(body), keep
        if length is not None:
            return status, await reader.readexactly(length), keep
        if status in (204, 304) or 100 <= status < 200:
            return status, b"", keep
        return status, await reader.read(), False

    def _set_cookie(self, header: str) -> None:
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        gone = not value or value == '""'
        for attribute in attributes:
            attr_name, _, attr_value = attribute.strip().partition("=")
            attr_name = attr_name.lower()
            expired = attr_name == "expires" and "1970" in attr_value
            if expired or (attr_name == "max-age" and attr_value.strip().lstrip("-").isdigit()
                           and int(attr_value) <= 0):
                gone = True
        if gone:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


async def _trailer(reader: asyncio.StreamReader) -> None:
    """The end of a chunked body: optional trailer lines, then an empty line."""
    while (await reader.readuntil(b"\r\n")) != b"\r\n":
        pass
