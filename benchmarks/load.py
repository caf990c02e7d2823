"""Candidate-flow requests per second of one web process, before and after, in one run.

    .venv/bin/python benchmarks/load.py [--candidates 24] [--clients 6] [--rounds 2]

Candidates go through the recorder's HTTP flow against a real gunicorn (one sync worker,
so one core at most): the link, the questions page, then per recorded question upload
start, part URL, the part PUT straight to S3 (not counted: it is not the web process's
work) and completion, then finish. Several clients run at once so the web process, not
the clients, is the limit. The "before" server builds an S3 client per call, as the code
did (S3_CLIENT_PER_CALL=true); the "after" server keeps one per process. Rounds alternate
before/after on the same machine and data; the medians and their ratio are printed, for
requests per second and for the web worker's CPU time per request (read from /proc: on a
machine shared with other work it is the steadier figure).

Needs PostgreSQL, Redis and the S3 server as `make run` starts them. It works in throwaway
organisations in its own benchmark database, Redis database (--redis) and bucket; no
worker runs (what the completion queues stays in the outbox and its Redis database).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "palantrix_load_benchmark"


def environment(redis_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "palantrix.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AUDIT_CHECKPOINT_KEY": "benchmark-only",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": redis_url,
        "CELERY_DEFAULT_QUEUE": "bench-load",
        "CELERY_ML_QUEUE": "bench-load-ml",
        "S3_BUCKET": "palantrix-load-benchmark",
        "CANDIDATE_REQUESTS_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
        # A busy machine's S3 server is slow: a timeout would end the run, not measure it.
        "S3_CONNECT_TIMEOUT": "30",
        "S3_READ_TIMEOUT": "120",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_candidates(count: int) -> list[str]:
    """A fresh organisation and job (two recorded questions); link tokens of consented
    candidates."""
    from interviews import services
    from interviews.models import InvitationToken
    from palantrix.models import Organization
    from palantrix.tokens import new_token

    stamp = uuid.uuid4().hex[:8]
    org = Organization.objects.create(name="Load", slug=f"bench-load-{stamp}")
    job = services.job_create(organization=org, actor=None, title="Support", profile=None)
    for text in ("A customer story?", "A bug you found?"):
        services.question_add(job=job, actor=None, question=services.QuestionInput(text))
    services.job_set_status(job=job, actor=None, status="open")
    tokens = []
    for n in range(count):
        invitation = services.invitation_send(
            job=job, actor=None, name=f"Candidate {n}", email=f"c{n}-{stamp}@example.test"
        )
        services.interview.consent_record(invitation=invitation, ai_assessment=True, user_agent="b")
        token, digest = new_token()
        InvitationToken.objects.create(organization=org, invitation=invitation, token_hash=digest)
        tokens.append(token)
    return tokens


def candidate_flow(base: str, token: str) -> int:
    """One candidate's interview over HTTP; returns the web requests it made."""
    import requests

    session = requests.Session()
    made = 0

    def web(method: str, path: str, **kwargs):
        nonlocal made
        made += 1
        headers = {"X-CSRFToken": session.cookies.get("csrftoken", ""), "Referer": base}
        response = session.request(method, base + path, headers=headers, timeout=300, **kwargs)
        response.raise_for_status()
        return response

    web("GET", f"/i/{token}/")
    web("GET", "/interview/questions/")
    state = web("GET", "/interview/state/").json()
    data = b"v" * 2048
    for question in state["questions"]:
        answer = f"/interview/answers/{question['id']}/"
        web("POST", answer + "upload/", json={"content_type": "video/webm", "size": len(data)})
        urls = web("POST", answer + "parts/", json={"numbers": [1]}).json()["urls"]
        etag = requests.put(urls["1"], data=data, timeout=300).headers["ETag"].strip('"')
        web("POST", answer + "complete/", json={"parts": [{"number": 1, "etag": etag}]})
    web("POST", "/interview/finish/", json={})
    return made


def cpu_seconds(master: int) -> float:
    """User and system CPU time of the gunicorn master's children (its one worker)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for child in children:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def measure(env: dict[str, str], tokens: list[str], clients: int) -> tuple[float, float]:
    """(requests per second, web CPU milliseconds per request)."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "palantrix.wsgi",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",  # a busy machine is slow, not broken
            "300",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        for _ in range(300):
            try:
                requests.get(base + "/healthz", timeout=30)
                break
            except requests.RequestException:
                time.sleep(0.2)
        candidate_flow(base, tokens[0])  # warm up: imports, first connections
        work = list(tokens[1:])
        lock = threading.Lock()
        counted: list[int] = []
        failed: list[BaseException] = []

        def client():
            while not failed:
                with lock:
                    if not work:
                        return
                    token = work.pop()
                try:
                    counted.append(candidate_flow(base, token))
                except Exception as error:  # reported below: a failed run measures nothing
                    failed.append(error)

        started, cpu_before = time.monotonic(), cpu_seconds(server.pid)
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failed:
            raise SystemExit(f"a candidate's flow failed: {failed[0]!r}")
        requests_made = sum(counted)
        cpu = cpu_seconds(server.pid) - cpu_before
        return requests_made / (time.monotonic() - started), 1000 * cpu / requests_made
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=24, help="per measurement")
    parser.add_argument("--clients", type=int, default=6, help="concurrent candidates")
    parser.add_argument("--rounds", type=int, default=2, help="before/after pairs")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()

    env = environment(args.redis)
    os.environ.update(env)
    subprocess.run([sys.executable, "scripts/ensure_database.py"], cwd=ROOT, check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from palantrix.storage import bucket_ensure

    bucket_ensure()
    rates: dict[str, list[float]] = {"before": [], "after": []}
    cpus: dict[str, list[float]] = {"before": [], "after": []}
    for round_number in range(args.rounds):
        for name, per_call in (("before", "true"), ("after", "false")):
            tokens = make_candidates(args.candidates + 1)
            rate, cpu = measure({**env, "S3_CLIENT_PER_CALL": per_call}, tokens, args.clients)
            rates[name].append(rate)
            cpus[name].append(cpu)
            print(
                f"round {round_number + 1} {name:6} {rate:6.1f} requests/s, "
                f"{cpu:6.1f} ms web CPU per request",
                flush=True,
            )
    before, after = (statistics.median(rates[name]) for name in ("before", "after"))
    cpu_before, cpu_after = (statistics.median(cpus[name]) for name in ("before", "after"))
    print(f"candidate flow, one gunicorn worker: before {before:.1f} requests/s (S3 client per")
    print(f"call), after {after:.1f} requests/s (one per process): ratio {after / before:.2f}")
    print(
        f"web CPU per request: before {cpu_before:.1f} ms, after {cpu_after:.1f} ms: requests "
        f"per second of one core {1000 / cpu_before:.1f} -> {1000 / cpu_after:.1f}, ratio "
        f"{cpu_before / cpu_after:.2f} (less sensitive to a busy machine than the wall clock)"
    )


if __name__ == "__main__":
    main()
