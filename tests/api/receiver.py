"""A real HTTP receiver for webhooks, on loopback, in a thread of the test process."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.waiting import wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver:
    def __init__(self, port: int = 0, status: int = 200):
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.paths: list[str] = []
        received, paths = self.requests, self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                paths.append(self.path)
                received.append((dict(self.headers.items()), body))
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/palantrix"

    def wait_for(self, count: int = 1, timeout: float = 120) -> list[tuple[dict[str, str], bytes]]:
        wait_until(
            lambda: len(self.requests) >= count,
            timeout=timeout,
            what=f"{count} webhook(s) (received {len(self.requests)} so far)",
        )
        return self.requests

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
