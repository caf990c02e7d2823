"""A real HTTP receiver for webhooks, on loopback, in a thread of the test process."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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

    def wait_for(self, count: int = 1, timeout: float = 30) -> list[tuple[dict[str, str], bytes]]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"Received {len(self.requests)} of {count} webhook(s)")
            time.sleep(0.1)
        return self.requests

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
