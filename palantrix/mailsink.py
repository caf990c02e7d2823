"""A local SMTP sink for development and tests: every message is kept as an .eml file.

    python -m palantrix.mailsink --port 1025 --dir var/mail

Tests start `MailSink` in-process on a free port and read what a real SMTP client
(Django's SMTP backend, in the web process or a Celery worker) delivered to it.
"""

import argparse
import email
import email.policy
import time
import uuid
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time():.6f}-{uuid.uuid4().hex[:8]}.eml"
        (self.directory / name).write_bytes(envelope.original_content or envelope.content)
        print(f"mailsink: {envelope.mail_from} -> {', '.join(envelope.rcpt_tos)} saved {name}")  # noqa: T201
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self, directory: Path, host: str = "127.0.0.1", port: int = 0):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.controller = Controller(_Handler(self.directory), hostname=host, port=port)

    def start(self) -> "MailSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"smtp://{self.controller.hostname}:{self.port}"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.directory.glob("*.eml"))
        ]

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages() if address.lower() in str(m["To"]).lower()]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20) -> list[EmailMessage]:
        """Messages to `address`, once at least `count` arrived (fails after `timeout` s)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages_to(address)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"no email to {address} after {timeout}s")

    def clear(self) -> None:
        for path in self.directory.glob("*.eml"):
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", default="var/mail")
    args = parser.parse_args()
    sink = MailSink(Path(args.dir), host=args.host, port=args.port).start()
    print(f"mailsink: listening on {args.host}:{sink.port}, saving to {args.dir}", flush=True)  # noqa: T201
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sink.stop()


if __name__ == "__main__":
    main()
