"""Does asking for a rights link take as long for an unknown address as for a known one?

    .venv/bin/python benchmarks/rights_link_timing.py [--requests 60]

Anyone may ask for a one-time link to their data at /rights/<org>/. The page says the same
thing either way, so a difference in response time would tell an outsider whether an
address applied to the organisation. This posts the form through Django's whole stack
(middleware, session, rate limit, the view and the database), alternating a known address
(a fresh applicant each time, so no per-address cap cuts the work short) with an unknown
one, and prints both medians side by side.

Needs PostgreSQL and Redis as `make run` starts them. It works in a throwaway organisation
in its own benchmark database and Redis database, and empties its queue at the end (no
worker runs: the request itself is what is measured).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "palantrix_benchmark"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palantrix.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ.pop("MIGRATION_DATABASE_URL", None)  # one user for everything, as in tests
os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/11"
os.environ["CELERY_DEFAULT_QUEUE"] = "bench-rights"
os.environ["CELERY_ML_QUEUE"] = "bench-rights-ml"
os.environ["RIGHTS_LINK_REQUESTS_PER_HOUR"] = "1000000"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60, help="of each kind")
    args = parser.parse_args()

    subprocess.run([sys.executable, "scripts/ensure_database.py"], cwd=ROOT, check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from interviews import services
    from interviews.models import Invitation
    from palantrix.celery import app
    from palantrix.models import Organization

    settings.ALLOWED_HOSTS = ["*"]
    stamp = uuid.uuid4().hex[:8]
    org = Organization.objects.create(name="Benchmark", slug=f"bench-rights-{stamp}")
    job = services.job_create(organization=org, actor=None, title="Support", profile=None)
    services.question_add(job=job, actor=None, question=services.QuestionInput("A story?"))
    question_set = services.job_current_questions(job=job).get().question_set
    known = [f"applicant-{stamp}-{n}@example.test" for n in range(args.requests + 5)]
    Invitation.objects.bulk_create(
        Invitation(
            organization=org,
            job=job,
            question_set=question_set,
            name=f"Applicant {n}",
            email=email,
            status="completed",
            deadline=timezone.now(),
        )
        for n, email in enumerate(known)
    )

    url = reverse("rights_start", args=[org.slug])
    client = Client()

    def ask(email: str, n: int) -> float:
        started = time.perf_counter()
        response = client.post(url, {"email": email}, REMOTE_ADDR=f"10.9.{n // 250}.{n % 250}")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed * 1000

    for n in range(5):  # warm connections, caches and imports
        ask(known[args.requests + n], n)
        ask(f"nobody-{stamp}-warm{n}@example.test", n)
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(args.requests):
        # Alternate the order too, so neither kind always runs right after the other.
        pair = [("known", known[n]), ("unknown", f"nobody-{stamp}-{n}@example.test")]
        for kind, email in pair if n % 2 else reversed(pair):
            times[kind].append(ask(email, 1000 + n))
    app.control.purge()

    known_ms, unknown_ms = statistics.median(times["known"]), statistics.median(times["unknown"])
    print(f"POST /rights/<org>/ , {args.requests} requests of each kind, {os.cpu_count()} CPUs")
    print(f"{'':>16} {'known':>9} {'unknown':>9}")
    print(f"{'median (ms)':>16} {known_ms:9.1f} {unknown_ms:9.1f}")
    for q, label in ((0, "p10 (ms)"), (8, "p90 (ms)")):
        k = statistics.quantiles(times["known"], n=10)[q]
        u = statistics.quantiles(times["unknown"], n=10)[q]
        print(f"{label:>16} {k:9.1f} {u:9.1f}")
    print(f"median difference: {known_ms - unknown_ms:+.1f} ms")


if __name__ == "__main__":
    main()
