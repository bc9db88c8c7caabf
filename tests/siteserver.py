"""A real HTTP server on 127.0.0.1 serving a fixture site from a folder, for tests.

Files without an extension are served as ``text/html; charset=utf-8`` (article URLs look like
``/news/102-some-slug``); ``/s/chan?before=3`` is served from the file ``s/chan__before=3``
when it exists. Every request is recorded, so tests can assert what was fetched.

Opt-in, for sites whose files must name their own absolute URLs (feeds, sitemaps): with
``variables``, ``{{NAME}}`` in a served file becomes the value and ``{{BASE}}`` this server's
base URL. A request for ``<file>.gz`` where only ``<file>`` exists gets ``<file>``
gzip-compressed, as ``application/gzip`` (how servers send ``sitemap.xml.gz``).

Opt-in, for hostile answers: ``statuses[path]`` is a list of ``(status, headers)`` served (and
used up) one per request to that path before its file is served again, e.g. two
``(429, {"Retry-After": "1"})`` answers. ``request_times`` records when each request came.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Handler(BaseHTTPRequestHandler):
    server: FixtureServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests.append(self.path)
        self.server.request_times.append((time.monotonic(), self.path))
        scripted = self.server.statuses.get(urlsplit(self.path).path)
        if scripted:
            status, headers = scripted.pop(0)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        target = self.server.redirects.get(urlsplit(self.path).path)
        if target:
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = self.server.resolve(self.path)
        gzipped = path is None and self.server.variables is not None and self.path.endswith(".gz")
        if gzipped:
            path = self.server.resolve(self.path[:-3])
        if path is None:
            self.send_error(404)
            return
        body = self.server.render(path.read_bytes())
        content_type = self.server.content_type(path)
        if gzipped:
            body, content_type = gzip.compress(body, mtime=0), "application/gzip"
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:  # a conditional request for an unchanged file
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        redirects: dict[str, str] | None = None,
        variables: dict[str, str] | None = None,
    ) -> None:
        super().__init__((host, 0), _Handler)
        self.root = root.resolve()
        self.redirects = dict(redirects or {})  # path -> Location of a 302
        self.variables = dict(variables) if variables is not None else None  # {{NAME}} -> value
        self.requests: list[str] = []
        self.request_times: list[tuple[float, str]] = []  # (time.monotonic(), path)
        self.statuses: dict[str, list[tuple[int, dict[str, str]]]] = {}  # path -> answers to serve first
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.server_address[0]}:{self.port}"

    @property
    def hostport(self) -> str:
        return f"{self.server_address[0]}:{self.port}"

    def resolve(self, request_path: str) -> Path | None:
        """The file for a request path; a query selects ``<path>__<query>`` when that exists."""
        parts = urlsplit(request_path)
        relative = unquote(parts.path).lstrip("/")
        if parts.query and (self.root / f"{relative}__{unquote(parts.query)}").is_file():
            relative = f"{relative}__{unquote(parts.query)}"
        candidate = (self.root / relative).resolve()
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_file() or self.root not in candidate.parents:
            return None
        return candidate

    def render(self, body: bytes) -> bytes:
        """The file's bytes with ``{{NAME}}`` variables filled in (only with ``variables``)."""
        if self.variables is None:
            return body
        for name, value in {"BASE": self.base_url, **self.variables}.items():
            body = body.replace(b"{{" + name.encode("ascii") + b"}}", value.encode("utf-8"))
        return body

    @staticmethod
    def content_type(path: Path) -> str:
        if not path.suffix:
            return "text/html; charset=utf-8"
        guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed

    def paths_requested(self) -> list[str]:
        return [urlsplit(path).path for path in self.requests]

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
