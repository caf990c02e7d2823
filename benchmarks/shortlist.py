"""How long does the shortlist's first page take at 5,000 and at 50,000 candidates?

    .venv/bin/python benchmarks/shortlist.py [--sizes 5000 50000] [--runs 40]

Builds one job per size in a throwaway organisation (bulk inserts: one answer per
candidate, three competencies, 8 % of candidates waiting for human review, 5 % with an
override), then asks for the first page of 50 three ways: plain (best first), filtered
(completed, score from 60) and sorted (by name). Each is measured twice in the same run:

- stored: the shortlist as it is, sorting and filtering by the ranking value stored on
  the invitation (`scoring.ranking`), then the page's competency columns;
- aggregate: the query the shortlist ran before, which combined every candidate's scores
  in SQL before cutting the page (kept here, as the baseline).

Both are the database work of the page (the count and the rows), measured as p50 and p95
in milliseconds; the whole page through Django's stack (login session, template) is
measured once more for the stored variant. The growth is the 50,000 figure over the
5,000 one.

Needs PostgreSQL as `make run` starts it. It works in its own benchmark database, made
afresh each run.
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
DB_NAME = "palantrix_benchmark_shortlist"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palantrix.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ.pop("MIGRATION_DATABASE_URL", None)  # one user for everything, as in tests
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")

PAGE = 50
VARIANTS = {
    "plain": {},
    "filtered": {"status": "completed", "min_score": 60},
    "sorted": {"sort": "name", "descending": False},
}


def aggregate_shortlist(*, job, reviewer=None, sort="score", descending=True, **filters):
    """The shortlist's query before the ranking value was stored (the baseline)."""
    from django.db.models import (
        Avg,
        Case,
        Exists,
        ExpressionWrapper,
        F,
        FloatField,
        OuterRef,
        Q,
        Subquery,
        Sum,
        Value,
        When,
    )
    from django.db.models.functions import Cast, Coalesce, Floor

    from interviews.models import (
        Answer,
        AnswerStatus,
        Decision,
        Invitation,
        InvitationStatus,
        LiveInterview,
        LiveInterviewStatus,
    )
    from scoring.models import ScoreStatus

    value = Coalesce("answers__scores__overridden_value", "answers__scores__value")
    active = Q(answers__scores__status=ScoreStatus.ACTIVE) & (
        Q(answers__scores__value__isnull=False) | Q(answers__scores__overridden_value__isnull=False)
    )
    ai_active = Q(answers__scores__status=ScoreStatus.ACTIVE, answers__scores__value__isnull=False)
    weight = Cast("answers__scores__weight", FloatField())
    weighted = ExpressionWrapper(weight * value, output_field=FloatField())
    ai_weighted = ExpressionWrapper(weight * F("answers__scores__value"), output_field=FloatField())
    keys = filters.pop("competency_keys")
    rows = (
        Invitation.objects.for_organization(job.organization)
        .filter(job=job)
        .exclude(status=InvitationStatus.REVOKED)
        .annotate(
            scores_hidden=Value(False),
            weighted_sum=Sum(weighted, filter=active),
            weight_sum=Sum(weight, filter=active),
            ai_weighted_sum=Sum(ai_weighted, filter=ai_active),
            ai_weight_sum=Sum(weight, filter=ai_active),
        )
        .annotate(
            ranking=Case(When(weight_sum__gt=0, then=F("weighted_sum") / F("weight_sum"))),
            ai_ranking=Case(
                When(ai_weight_sum__gt=0, then=F("ai_weighted_sum") / F("ai_weight_sum"))
            ),
        )
        .annotate(
            overall=Floor(F("ranking") + 0.5),
            ai_overall=Floor(F("ai_ranking") + 0.5),
            confidence=Avg("answers__scores__confidence", filter=active),
            decision=Subquery(
                Decision.objects.filter(invitation=OuterRef("pk"))
                .order_by("-created_at")
                .values("outcome")[:1]
            ),
            live_scheduled=Exists(
                LiveInterview.objects.filter(
                    invitation=OuterRef("pk"), status=LiveInterviewStatus.SCHEDULED
                )
            ),
            needs_review=Exists(
                Answer.objects.filter(invitation=OuterRef("pk"), status=AnswerStatus.NEEDS_REVIEW)
            ),
            **{
                f"competency_{index}": Avg(
                    value, filter=active & Q(answers__scores__competency_key=key)
                )
                for index, key in enumerate(keys)
            },
        )
    )
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("min_score") is not None:
        rows = rows.filter(overall__gte=filters["min_score"])
    field = {"score": "ranking", "name": "name"}[sort]
    order = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return rows.order_by(order, "created_at")


def build(org, admin, size: int):
    """A job with `size` finished candidates, scored (bulk inserts), and their stored
    ranking values (written by `scoring.ranking`, as each score's save writes them)."""
    from django.utils import timezone

    from interviews import selectors, services
    from interviews.models import Answer, AnswerKind, AnswerStatus, Invitation
    from scoring import ranking
    from scoring.models import Score, Transcript
    from tests.factories import current_version, job_with_profile

    job = job_with_profile(
        org,
        admin,
        title=f"Support {size}",
        competencies=[
            services.CompetencyInput("Customer focus", "Customers first.", 4, ["I called back."]),
            services.CompetencyInput("Teamwork", "With others.", 2, ["I paired with a peer."]),
            services.CompetencyInput("Ownership", "Sees it through.", 1, ["I fixed it myself."]),
        ],
    )
    question = services.job_current_questions(job=job).get()
    version = current_version(job)
    competencies = list(selectors.profile_current_competencies(profile=job.profile))
    now = timezone.now()
    batch = 5000
    invitations = Invitation.objects.bulk_create(
        (
            Invitation(
                organization=org,
                job=job,
                question_set=question.question_set,
                name=f"Candidate {n:06d} {uuid.uuid4().hex[:6]}",
                email=f"c{n}-{uuid.uuid4().hex[:8]}@example.test",
                status="completed" if n % 10 else "started",
                deadline=now,
                completed_at=now if n % 10 else None,
            )
            for n in range(size)
        ),
        batch_size=batch,
    )
    waiting = {n for n in range(size) if n % 12 == 5}
    answers = Answer.objects.bulk_create(
        (
            Answer(
                organization=org,
                invitation=invitation,
                question=question,
                kind=AnswerKind.WRITTEN,
                status=AnswerStatus.NEEDS_REVIEW if n in waiting else AnswerStatus.SCORED,
                text="t",
            )
            for n, invitation in enumerate(invitations)
        ),
        batch_size=batch,
    )
    transcripts = Transcript.objects.bulk_create(
        (
            Transcript(
                organization=org, answer=answer, engine="written", model="-", text="t", sha256=""
            )
            for answer in answers
        ),
        batch_size=batch,
    )
    Score.objects.bulk_create(
        (
            Score(
                organization=org,
                answer=transcript.answer,
                transcript=transcript,
                profile_version=version,
                competency_key=competency.key,
                competency_name=competency.name,
                weight=competency.weight,
                value=(n * 37 + index * 11) % 101,
                confidence=0.5 + (n % 50) / 100,
                overridden_value=(n * 13) % 101 if n % 20 == 3 and index == 0 else None,
                scorer="bench",
                transcriber="written",
                transcript_sha256="",
            )
            for n, transcript in enumerate(transcripts)
            if n not in waiting
            for index, competency in enumerate(competencies)
        ),
        batch_size=batch,
    )
    ranking.refresh_job(job=job)
    return job, [str(c.key) for c in competencies]


def timed(function, runs: int) -> tuple[float, float]:
    for _ in range(3):  # warm caches and plans
        function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def measure(job, keys, admin, client, url, options, runs) -> tuple[float, ...]:
    from django.core.paginator import Paginator

    from review import selectors

    def stored():
        rows = selectors.shortlist(job=job, reviewer=admin, **options)
        page = Paginator(rows, PAGE).get_page(1)
        selectors.shortlist_rows(invitations=page, competency_keys=keys)
        return page.paginator.count

    def aggregate():
        rows = aggregate_shortlist(job=job, competency_keys=keys, **options)
        page = Paginator(rows, PAGE).get_page(1)
        list(page)
        return page.paginator.count

    query = {"min": 60, "status": "completed"} if "min_score" in options else {}
    if options.get("sort") == "name":
        query = {"sort": "name", "dir": "asc"}

    def whole_page():
        assert client.get(url, query).status_code == 200

    assert stored() == aggregate(), options  # the same candidates either way
    return (*timed(stored, runs), *timed(aggregate, max(5, runs // 4)), *timed(whole_page, runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the jobs an earlier run built again"
    )
    args = parser.parse_args()

    if not args.reuse:  # a fresh database each run
        drop = f"DROP DATABASE IF EXISTS {DB_NAME}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", drop], check=True)
    subprocess.run([sys.executable, "scripts/ensure_database.py"], cwd=ROOT, check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from interviews.models import Job
    from interviews.selectors import profile_current_competencies
    from palantrix.models import Membership, Organization

    settings.ALLOWED_HOSTS = ["*"]
    stamp = uuid.uuid4().hex[:8]
    org = Organization.objects.filter(slug__startswith="bench-shortlist-").first()
    if args.reuse and org is not None:
        admin = Membership.objects.filter(organization=org).first().user
    else:
        org = Organization.objects.create(name="Benchmark", slug=f"bench-shortlist-{stamp}")
        admin = get_user_model().objects.create_user(
            username=f"bench-{stamp}", email=f"bench-{stamp}@example.test", password="x"
        )
        Membership.objects.create(organization=org, user=admin, role="admin")
    client = Client()
    client.force_login(admin)

    results: dict[int, dict[str, tuple[float, ...]]] = {}
    for size in args.sizes:
        started = time.perf_counter()
        job = Job.objects.filter(organization=org, title=f"Support {size}").first()
        if args.reuse and job is not None:
            keys = [str(c.key) for c in profile_current_competencies(profile=job.profile)]
        else:
            job, keys = build(org, admin, size)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a live database
        print(f"built {size} candidates in {time.perf_counter() - started:.0f} s", flush=True)
        url = reverse("shortlist", kwargs={"org": org.slug, "job_id": job.public_id})
        results[size] = {
            name: measure(job, keys, admin, client, url, options, args.runs)
            for name, options in VARIANTS.items()
        }

    print(f"\nShortlist first page ({PAGE} rows), {os.cpu_count()} CPUs, ms")
    print(
        f"{'candidates':>10} {'variant':>9} {'stored p50':>11} {'stored p95':>11} "
        f"{'aggr p50':>9} {'aggr p95':>9} {'page p50':>9} {'page p95':>9}"
    )
    for size, variants in results.items():
        for name, figures in variants.items():
            cells = " ".join(
                f"{f:>{w}.1f}" for f, w in zip(figures, (11, 11, 9, 9, 9, 9), strict=True)
            )
            print(f"{size:>10} {name:>9} {cells}")
    if len(args.sizes) >= 2:
        small, large = args.sizes[0], args.sizes[-1]
        print(f"\ngrowth {small} -> {large} (p95 ratio)")
        for name in VARIANTS:
            s, b = results[small][name], results[large][name]
            print(
                f"{name:>9}: stored x{b[1] / s[1]:.2f}, aggregate x{b[3] / s[3]:.2f}, "
                f"page x{b[5] / s[5]:.2f}"
            )


if __name__ == "__main__":
    main()
