"""Answer recordings in the bucket: presigned multipart uploads straight from the browser.

The web process only signs requests; the bytes go from the browser to S3. Every URL is
bound to one answer's key and upload id and expires after `S3_PRESIGNED_TTL`.
"""

import contextlib
from dataclasses import dataclass

from botocore.exceptions import ClientError
from django.conf import settings

from palantrix.storage import s3_client

from .models import Invitation

# Types MediaRecorder produces in current browsers (WebM in Chromium/Firefox, MP4 in Safari).
ALLOWED_TYPES = ("video/webm", "video/mp4", "audio/webm", "audio/mp4", "audio/ogg")
EXTENSIONS = {
    "video/webm": "webm",
    "video/mp4": "mp4",
    "audio/webm": "weba",
    "audio/mp4": "m4a",
    "audio/ogg": "ogg",
}

# A file answer: a document or an image for people to read, never anything a browser runs.
FILE_TYPES = ("application/pdf", "image/png", "image/jpeg")
FILE_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
# What each type's bytes begin with: the declared type alone is the browser's guess from
# the file's name, and an HTML page named .pdf must not pass for a PDF.
MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def content_matches(content_type: str, head: bytes) -> bool:
    """Whether the first bytes of a file are those of its declared type."""
    return any(head.startswith(magic) for magic in MAGIC.get(base_type(content_type), ()))


def candidate_prefix(invitation: Invitation) -> str:
    """Where every object of one candidate lies: their recordings and their copies."""
    return f"orgs/{invitation.organization.public_id}/invitations/{invitation.public_id}/"


@dataclass(frozen=True)
class UploadedPart:
    number: int
    etag: str
    size: int


def base_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def start(*, key: str, content_type: str) -> str:
    response = s3_client().create_multipart_upload(
        Bucket=settings.S3_BUCKET, Key=key, ContentType=content_type
    )
    return response["UploadId"]


def part_sizes(total: int, part_bytes: int) -> dict[int, int]:
    """Each part's exact size for a recording of `total` bytes: what its URL is signed for."""
    count = max(1, -(-total // part_bytes))
    return {n: min(part_bytes, total - (n - 1) * part_bytes) for n in range(1, count + 1)}


def part_url(*, key: str, upload_id: str, number: int, size: int) -> str:
    """Signed for exactly `size` bytes (Content-Length is a signed header): storage refuses
    a part of any other size, so a candidate cannot put more than they declared."""
    return s3_client().generate_presigned_url(
        "upload_part",
        Params={
            "Bucket": settings.S3_BUCKET,
            "Key": key,
            "UploadId": upload_id,
            "PartNumber": number,
            "ContentLength": size,
        },
        ExpiresIn=settings.S3_PRESIGNED_TTL,
    )


def delete(*, key: str) -> None:
    s3_client().delete_object(Bucket=settings.S3_BUCKET, Key=key)


def uploaded_parts(*, key: str, upload_id: str) -> list[UploadedPart]:
    """Parts S3 holds for this upload: the browser resumes after the last of them."""
    parts: list[UploadedPart] = []
    marker = 0
    client = s3_client()
    while True:
        response = client.list_parts(
            Bucket=settings.S3_BUCKET, Key=key, UploadId=upload_id, PartNumberMarker=marker
        )
        parts.extend(
            UploadedPart(p["PartNumber"], p["ETag"].strip('"'), p["Size"])
            for p in response.get("Parts", [])
        )
        if not response.get("IsTruncated"):
            return parts
        marker = response["NextPartNumberMarker"]


class PartsRefused(Exception):
    """S3 would not assemble the parts named (a wrong ETag, a missing or repeated part)."""


# What S3 answers when the client named parts it does not hold, in the wrong order or too small.
REFUSED_PARTS = {"InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML"}


def complete(*, key: str, upload_id: str, parts: list[tuple[int, str]]) -> None:
    try:
        s3_client().complete_multipart_upload(
            Bucket=settings.S3_BUCKET,
            Key=key,
            UploadId=upload_id,
            MultipartUpload={
                "Parts": [
                    {"PartNumber": n, "ETag": f'"{etag.strip(chr(34))}"'} for n, etag in parts
                ]
            },
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in REFUSED_PARTS:
            raise PartsRefused(error.response["Error"]["Code"]) from error
        raise


def abort(*, key: str, upload_id: str) -> None:
    with contextlib.suppress(ClientError):  # already completed or aborted
        s3_client().abort_multipart_upload(Bucket=settings.S3_BUCKET, Key=key, UploadId=upload_id)


def head(*, key: str) -> dict | None:
    try:
        return s3_client().head_object(Bucket=settings.S3_BUCKET, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise


def first_bytes(*, key: str, count: int = 16) -> bytes:
    response = s3_client().get_object(
        Bucket=settings.S3_BUCKET, Key=key, Range=f"bytes=0-{count - 1}"
    )
    return response["Body"].read()


def stream(*, key: str):
    """The object's body, to pass on in chunks (a file answer served by the web app)."""
    return s3_client().get_object(Bucket=settings.S3_BUCKET, Key=key)["Body"]


def download_url(*, key: str, ttl: int | None = None) -> str:
    return s3_client().generate_presigned_url(
        "get_object",
        Params={"Bucket": settings.S3_BUCKET, "Key": key},
        ExpiresIn=ttl or settings.S3_PRESIGNED_TTL,
    )
