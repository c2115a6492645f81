"""A built site served as a static host serves it: gzip for text, on 127.0.0.1 with a free port.

    python benchmarks/static_server.py SITE_DIR     # prints the address; Ctrl-C stops it

Byte budgets (issue 32: "at most 300 KB transferred, compressed, as a static host serves it") are
about compressed bytes, and Lighthouse scores a page as it arrives: Python's ``http.server`` sends
everything uncompressed, one connection per request. Here connections are kept (HTTP/1.1), and text
(HTML, CSS, JavaScript, JSON, XML, SVG, CSV, source maps) goes out gzipped at level 6 (zlib's default,
what nginx, GitHub Pages and most hosts use or beat) when the browser accepts it, with
``Content-Encoding: gzip`` and ``Vary: Accept-Encoding``; other files as they are.
``serve_compressed`` is what the reader benchmark (``bench_reader.py``) and
tests/test_search_bytes.py serve with.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

#: File endings sent gzipped (what a static host compresses).
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".map", ".webmanifest"}
LEVEL = 6


class CompressingHandler(SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` that gzips text for clients that accept it, each file compressed
    once (kept by path and modification time)."""

    cache: dict[tuple[str, float], bytes]
    #: Connections kept open between requests, as every static host does (HTTP/1.0, Python's default,
    #: opens one per request: Lighthouse's simulated 4G then pays a handshake for each file).
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser closed the connection: nothing to report

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            index = path / "index.html"
            if not self.path.split("?")[0].endswith("/") or not index.is_file():
                return super().send_head()  # the redirect to "folder/" or a listing, as usual
            path = index
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        stat = path.stat()
        key = (str(path), stat.st_mtime)
        body = self.cache.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=LEVEL, mtime=0)
            self.cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, as ``send_head`` returns for ``copyfile``."""

    def __init__(self, data: bytes) -> None:
        self.data, self.sent = data, False

    def read(self, size: int = -1) -> bytes:
        if self.sent:
            return b""
        self.sent = True
        return self.data

    def close(self) -> None:
        pass


def serve_compressed(folder: Path) -> tuple[str, ThreadingHTTPServer]:
    """Serve ``folder`` gzipped on 127.0.0.1 (port 0: a free one) in a daemon thread; returns (base URL,
    server). Stop it with ``server.shutdown(); server.server_close()``."""
    handler = type("Handler", (CompressingHandler,), {"cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    url, server = serve_compressed(args.site)
    print(url + "/", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
