"""A tiny HTTP server on 127.0.0.1 (ephemeral port) for tests of outbound requests.

Routes map a path to a handler ``(request) -> (status, headers, body)``; a body may be a list of
``(delay_seconds, bytes)`` chunks to simulate a slow server. Every request is recorded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Body = bytes | list[tuple[float, bytes]]
Handler = Callable[["Recorded"], tuple[int, dict[str, str], Body]]


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class LocalServer:
    host: str
    port: int
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def allow(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            recorded = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            server.requests.append(recorded)
            handler = server.routes.get(self.path.split("?")[0])
            if handler is None:
                status, headers, payload = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, payload = handler(recorded)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if isinstance(payload, bytes):
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            self.end_headers()
            try:
                for delay, chunk in payload:
                    time.sleep(delay)
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = _handle
        do_POST = _handle

    return RequestHandler


@contextmanager
def local_server() -> Iterator[LocalServer]:
    """Serve on 127.0.0.1 on a free port until the block ends."""
    server = LocalServer("127.0.0.1", 0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(server))
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


def html(body: str, status: int = 200) -> Handler:
    return lambda _request: (status, {"Content-Type": "text/html; charset=utf-8"}, body.encode())


def redirect(location: str, status: int = 302) -> Handler:
    return lambda _request: (status, {"Location": location}, b"")
