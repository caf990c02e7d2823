"""A candidate with personal data everywhere it can be: rows, recordings, an old version of a
recording and an unfinished multipart upload; and the searches that prove it is gone."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from botocore.exceptions import ClientError
from django.conf import settings
from django.db import connection
from django.utils import timezone

from compliance.models import RaceEthnicity, SelfIdentification, Sex
from interviews import services
from interviews.models import Answer, AnswerKind, Decision, Invitation, Job
from palantrix.storage import s3_client
from scoring.models import Rating, ScoreOverride
from tests.factories import job_with_profile, scored_answer


@dataclass
class Candidate:
    invitation: Invitation
    name: str
    email: str
    phrase: str
    recording_key: str
    upload_key: str

    @property
    def needles(self) -> list[str]:
        return [self.name, self.email, self.phrase]


def enable_versioning() -> None:
    s3_client().put_bucket_versioning(
        Bucket=settings.S3_BUCKET, VersioningConfiguration={"Status": "Enabled"}
    )


def closed_job(org, actor) -> Job:
    return job_with_profile(
        org,
        actor,
        competencies=[services.CompetencyInput("Customer focus", "Customers.", 3, ["I called."])],
        kind=AnswerKind.VIDEO,
        open=True,
    )


def candidate(job: Job, actor, *, first: str, score: int, sex: str = Sex.FEMALE) -> Candidate:
    """A finished candidate with every kind of personal data Palantrix holds."""
    org = job.organization
    name = f"{first} Quartermaine-{uuid.uuid4().hex[:4]}"
    email = f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.test"
    phrase = f"the purple lighthouse ledger {uuid.uuid4().hex[:6]}"  # said in the answer
    invitation = services.invitation_send(job=job, actor=actor, name=name, email=email)
    services.interview.consent_record(
        invitation=invitation, ai_assessment=True, user_agent=f"Browser of {name}"
    )
    question = invitation.question_set.questions.get()
    prefix = f"orgs/{org.public_id}/invitations/{invitation.public_id}/"
    recording_key = f"{prefix}answers/{question.public_id}/{uuid.uuid4().hex}.webm"
    client = s3_client()
    # Two versions of the recording (the first becomes an old version) ...
    client.put_object(Bucket=settings.S3_BUCKET, Key=recording_key, Body=f"v1 {name}".encode())
    client.put_object(
        Bucket=settings.S3_BUCKET, Key=recording_key, Body=f"v2 {name} {phrase}".encode()
    )
    # ... and an upload the browser never finished (a retake, say).
    upload_key = f"{prefix}answers/{question.public_id}/{uuid.uuid4().hex}.webm"
    upload = client.create_multipart_upload(Bucket=settings.S3_BUCKET, Key=upload_key)
    client.upload_part(
        Bucket=settings.S3_BUCKET,
        Key=upload_key,
        UploadId=upload["UploadId"],
        PartNumber=1,
        Body=f"part {email}".encode(),
    )
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(
        status="completed", opened_at=now, started_at=now, completed_at=now
    )
    answer = scored_answer(
        invitation,
        [score],
        sentences=[f"I kept {phrase}."],
        evidence=True,
        answer={
            "question": question,
            "kind": AnswerKind.VIDEO,
            "object_key": recording_key,
            "submitted_at": now,
            "text": f"Written by {name}",
        },
        transcript={"engine": "e", "model": "m", "text": f"My name is {name} and I kept {phrase}."},
        score={"confidence": 0.9},
    )
    score_row = answer.scores.get()
    ScoreOverride.objects.create(
        organization=org, score=score_row, value=70, previous=score, reason=f"{name} was clear"
    )
    Rating.objects.create(
        organization=org, answer=answer, reviewer=actor, value=4, comment=f"{name}: {phrase}"
    )
    SelfIdentification.objects.create(
        organization=org,
        invitation=invitation,
        sex=sex,
        race_ethnicity=RaceEthnicity.ASIAN,
        consented_at=now,
    )
    Decision.objects.create(
        organization=org,
        invitation=invitation,
        outcome="advance",
        reason=f"{name} knows {phrase}",
        decided_by=actor,
    )
    return Candidate(invitation, name, email, phrase, recording_key, upload_key)


def age(job: Job, months: int) -> None:
    """Move the job's closing and its candidates' activity `months` into the past."""
    past = timezone.now() - timedelta(days=31 * months)
    Job.objects.filter(pk=job.pk).update(status="closed", closed_at=past)
    Invitation.objects.filter(job=job).update(
        created_at=past, opened_at=past, started_at=past, completed_at=past
    )
    Answer.objects.filter(invitation__job=job).update(submitted_at=past)
    Decision.objects.filter(invitation__job=job).update(created_at=past)


def text_columns() -> list[tuple[str, str]]:
    """(table, column) of every text-like column of every table in the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema()
              AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')
            ORDER BY table_name, column_name
            """
        )
        return cursor.fetchall()


def database_hits(needles: list[str]) -> list[str]:
    """'table.column: needle' for every column of the database that holds a needle."""
    hits = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column}: {needle}")
    return hits


def bucket_hits(needles: list[str], prefix: str = "") -> list[str]:
    """Every object version in the bucket (under `prefix`) whose bytes hold a needle."""
    client = s3_client()
    hits = []
    pages = client.get_paginator("list_object_versions").paginate(
        Bucket=settings.S3_BUCKET, Prefix=prefix
    )
    for page in pages:
        for version in page.get("Versions", []):
            try:
                body = client.get_object(
                    Bucket=settings.S3_BUCKET, Key=version["Key"], VersionId=version["VersionId"]
                )["Body"].read()
            except ClientError as error:  # deleted since the listing (a purge running now)
                if error.response["Error"]["Code"] in {"NoSuchKey", "NoSuchVersion"}:
                    continue
                raise
            hits += [
                f"{version['Key']}@{version['VersionId']}: {needle}"
                for needle in needles
                if needle.encode() in body
            ]
    return hits


def unfinished_uploads(prefix: str) -> list[str]:
    uploads = s3_client().list_multipart_uploads(Bucket=settings.S3_BUCKET, Prefix=prefix)
    return [upload["Key"] for upload in uploads.get("Uploads", [])]


def bucket_keys(prefix: str) -> list[str]:
    """Every version and delete marker under `prefix`."""
    client = s3_client()
    found = []
    pages = client.get_paginator("list_object_versions").paginate(
        Bucket=settings.S3_BUCKET, Prefix=prefix
    )
    for page in pages:
        found += [v["Key"] for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
    return found
