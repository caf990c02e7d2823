"""From "upload confirmed" to "scored" for a five-answer interview on a real worker.

    .venv/bin/python benchmarks/pipeline.py [--answers 5] [--seconds 120]

Needs the services `make run` starts (PostgreSQL, Redis, the local S3 server) and the
provisioned models. It creates a throwaway organisation in a benchmark database, starts
ONE worker process (concurrency 1, as the target says), uploads spoken answers made with
espeak-ng, confirms each upload the way the candidate's browser does, and measures, per
answer, the time from confirmation to the "scored" status, plus the worker's peak memory.
Prints median and worst per answer and answers per worker-hour.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "palantrix_benchmark"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palantrix.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/11"
os.environ["CELERY_DEFAULT_QUEUE"] = "bench"
os.environ["CELERY_ML_QUEUE"] = "bench-ml"
os.environ["CELERY_TRANSCRIBE_QUEUE"] = "bench-transcribe"
os.environ["S3_BUCKET"] = "palantrix-benchmark"


def speech(folder: Path, index: int, seconds: int) -> Path:
    # Varied prose (the transcription benchmark's long script, from a different sentence
    # for each answer): repeating one paragraph would make Whisper fall back to slower
    # re-decoding, which real answers do not cause.
    from benchmarks.transcribe import SCRIPTS

    words = SCRIPTS["long"].split()
    start = (index * 37) % len(words)
    text = " ".join((words[start:] + words[:start])[: int(seconds * 2.6)])
    wav = folder / f"answer{index}.wav"
    subprocess.run(["espeak-ng", "-s", "160", "-w", str(wav), text], check=True)
    webm = folder / f"answer{index}.webm"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size=640x480:rate=24:duration={seconds}",
            "-i",
            str(wav),
            "-c:v",
            "libvpx",
            "-b:v",
            "800k",
            "-c:a",
            "libopus",
            "-b:a",
            "64k",
            "-t",
            str(seconds),
            str(webm),
        ],
        check=True,
    )
    return webm


def peak_rss_mb(pid: int) -> float:
    """The worker's peak resident memory, its pool children included (VmHWM)."""
    total = 0.0
    for candidate in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except FileNotFoundError:
            continue
    return total


def children(pid: int) -> list[int]:
    found = []
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[3]) == pid:
            found.append(int(fields[0]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()

    subprocess.run([sys.executable, "scripts/ensure_database.py"], cwd=ROOT, check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from compliance.services import readiness_record
    from interviews import services
    from interviews.models import Answer, AnswerKind, AnswerStatus
    from palantrix.models import Organization
    from palantrix.storage import bucket_ensure, s3_client
    from scoring.tasks import process_answer_task

    bucket_ensure(settings.S3_BUCKET)
    stamp = int(time.time())
    org = Organization.objects.create(name="Benchmark", slug=f"bench-{stamp}")
    profile = services.profile_create(
        organization=org,
        actor=None,
        name="Support",
        competencies=[
            services.CompetencyInput(
                "Customer focus",
                "Puts customers first.",
                4,
                ["I called the customer back and fixed it myself."],
                ["I told them to read the FAQ."],
            ),
            services.CompetencyInput(
                "Problem solving",
                "Finds the cause.",
                3,
                ["I reproduced the failure and found the root cause."],
            ),
        ],
    )
    readiness_record(
        organization=org,
        actor=None,
        informed_on=timezone.localdate(),
        document="Benchmark organisation",
    )
    job = services.job_create(organization=org, actor=None, title="Support", profile=profile)
    for n in range(args.answers):
        services.question_add(
            job=job,
            actor=None,
            question=services.QuestionInput(
                f"Question {n + 1}: tell us about a difficult customer problem.",
                answer_seconds=max(30, min(300, args.seconds)),
                kind=AnswerKind.VIDEO,
            ),
        )
    invitation = services.invitation_send(
        job=job, actor=None, name="Bench Mark", email=f"bench{stamp}@example.test"
    )

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "palantrix",
            "worker",
            "--concurrency=1",
            "--queues=bench,bench-ml,bench-transcribe",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=dict(os.environ),
        start_new_session=True,
    )
    try:
        from palantrix.celery import app

        while not app.control.ping(timeout=0.5):
            time.sleep(0.5)
        with tempfile.TemporaryDirectory() as folder:
            answers = []
            for index, question in enumerate(
                invitation.question_set.questions.order_by("position")
            ):
                path = speech(Path(folder), index, args.seconds)
                key = f"bench/{stamp}/{index}.webm"
                s3_client().upload_file(str(path), settings.S3_BUCKET, key)
                answers.append(
                    Answer.objects.create(
                        organization=org,
                        invitation=invitation,
                        question=question,
                        kind="video",
                        status=AnswerStatus.UPLOADED,
                        object_key=key,
                        content_type="video/webm",
                        size_bytes=path.stat().st_size,
                    )
                )
            # Warm the worker's models the way a running worker already has them.
            started = time.monotonic()
            process_answer_task.delay(answer_id=answers[0].pk)
            wait(answers[0], time.monotonic() + 600)
            warmup = time.monotonic() - started
            latencies = []
            for answer in answers[1:] or answers[:1]:
                confirmed = time.monotonic()  # "upload confirmed": the task is queued now
                process_answer_task.delay(answer_id=answer.pk)
                wait(answer, confirmed + 600)
                latencies.append(time.monotonic() - confirmed)
            memory = peak_rss_mb(worker.pid)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)

    median, worst = statistics.median(latencies), max(latencies)
    print(
        f"answers of {args.seconds} s, one worker (concurrency 1), this machine: "
        f"{os.cpu_count()} CPUs"
    )
    print(f"first answer incl. model loading: {warmup:6.1f} s")
    print(f"upload confirmed -> scored, median: {median:6.1f} s   (target <= 25 s)")
    print(f"upload confirmed -> scored, worst:  {worst:6.1f} s")
    print(f"answers per worker-hour:            {3600 / statistics.mean(latencies):6.0f}")
    print(f"worker peak memory (all processes): {memory:6.0f} MB (target < 1536 MB)")
    ok = median <= 25 and memory < 1536
    print("targets met" if ok else "targets NOT met")


def wait(answer, deadline: float) -> None:
    from interviews.models import AnswerStatus

    while time.monotonic() < deadline:
        answer.refresh_from_db()
        if answer.status in {AnswerStatus.SCORED, AnswerStatus.NEEDS_REVIEW}:
            if answer.status == AnswerStatus.NEEDS_REVIEW:
                raise SystemExit(f"answer {answer.pk} needs review: {answer.review_reason}")
            return
        time.sleep(0.2)
    raise SystemExit(f"answer {answer.pk} not scored in time (status {answer.status})")


if __name__ == "__main__":
    main()
