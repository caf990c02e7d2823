"""The object store, spoken to through the S3 API only (boto3, SigV4, path-style)."""

import logging
import os
import threading
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings

logger = logging.getLogger(__name__)


def s3_client() -> Any:  # boto3 builds the client's class at run time
    """The process's S3 client: built once per process and configuration (a new client
    costs ~10 ms of CPU), shared by its threads (boto3 clients are thread-safe; building
    them is not, hence the lock). S3_CLIENT_PER_CALL restores a client per call, for the
    load benchmark's side-by-side run."""
    config = (
        settings.S3_ENDPOINT_URL,
        settings.S3_REGION,
        settings.S3_ACCESS_KEY_ID,
        settings.S3_SECRET_ACCESS_KEY,
        settings.S3_CONNECT_TIMEOUT,
        settings.S3_READ_TIMEOUT,
    )
    if settings.S3_CLIENT_PER_CALL:  # as before: boto3's default session, a client per call
        return _new_client(boto3, *config)
    key = (os.getpid(), *config)  # a forked worker child builds its own
    client = _clients.get(key)
    if client is None:
        with _clients_lock:
            client = _clients.get(key) or _new_client(boto3.session.Session(), *config)
            _clients[key] = client
    return client


_clients: dict[tuple, Any] = {}
_clients_lock = threading.Lock()


def _new_client(
    session: Any, endpoint, region, key_id, secret, connect_timeout, read_timeout
) -> Any:
    return session.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"max_attempts": 2},
        ),
    )


def browser_origins() -> list[str]:
    """Origins whose pages upload straight to the bucket (presigned requests)."""
    origins = {settings.PUBLIC_BASE_URL}
    origins.update(settings.CSRF_TRUSTED_ORIGINS)
    return sorted(origins)


def bucket_ensure(bucket: str | None = None, *, extra_origins: list[str] | None = None) -> str:
    """Create the bucket if missing and (re)apply CORS and lifecycle rules; safe to repeat.

    CORS is applied on every start because the local S3 server forgets it after an
    unclean stop. Lifecycle rules are applied where the server supports them.
    """
    bucket = bucket or settings.S3_BUCKET
    client = s3_client()
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        client.create_bucket(Bucket=bucket)
        logger.info("storage bucket=%s created", bucket)
    try:
        _put_cors(client, bucket, browser_origins() + list(extra_origins or []))
    except ClientError as error:
        # MinIO's free edition sets CORS server-wide (MINIO_API_CORS_ALLOW_ORIGIN) instead.
        logger.warning("storage bucket=%s CORS not applied: %s", bucket, error)
    try:
        client.put_bucket_lifecycle_configuration(
            Bucket=bucket,
            LifecycleConfiguration={
                "Rules": [
                    {
                        "ID": "abort-unfinished-uploads",
                        "Status": "Enabled",
                        "Filter": {"Prefix": ""},
                        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
                    },
                    {
                        "ID": "expire-old-versions",
                        "Status": "Enabled",
                        "Filter": {"Prefix": ""},
                        "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                    },
                ]
            },
        )
    except ClientError as error:
        logger.warning("storage bucket=%s lifecycle rules not applied: %s", bucket, error)
    return bucket


def _put_cors(client, bucket: str, origins: list[str]) -> None:
    client.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": origins,
                    "AllowedMethods": ["GET", "PUT", "POST", "HEAD"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag"],
                    "MaxAgeSeconds": 3000,
                }
            ]
        },
    )


# --- Deleting for good: every version, delete marker and unfinished upload -------------------


def _versions(client, bucket: str, prefix: str):
    """(key, version id) of every object version and delete marker under `prefix`.

    A bucket without versioning answers with one version "null" per object; a server that
    knows nothing of versions falls back to the plain listing."""
    try:
        paginator = client.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Versions", []) + page.get("DeleteMarkers", []):
                yield item["Key"], item.get("VersionId")
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {"NotImplemented", "501"}:
            raise
        logger.warning("storage bucket=%s has no version listing: plain deletes only", bucket)
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                yield item["Key"], None


def _delete_batch(client, bucket: str, batch: list[tuple[str, str | None]]) -> int:
    objects = [
        {"Key": key, "VersionId": version} if version and version != "null" else {"Key": key}
        for key, version in batch
    ]
    response = client.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True})
    errors = response.get("Errors", [])
    if errors:
        first = errors[0]
        raise RuntimeError(
            f"S3 refused to delete {len(errors)} object(s), e.g. {first.get('Key')}: "
            f"{first.get('Code')} {first.get('Message')}"
        )
    return len(objects)


def delete_prefix(prefix: str, *, bucket: str | None = None, keys: tuple[str, ...] = ()) -> int:
    """Delete for good everything under `prefix` (which must name a folder: it ends with
    "/"), and the exact `keys` given: every object version, every delete marker and every
    unfinished multipart upload. Safe to repeat; returns how many things went."""
    if not prefix.endswith("/") or prefix.count("/") < 2:
        raise ValueError(f"Refusing to delete under {prefix!r}: name a folder two levels deep")
    return _delete(bucket or settings.S3_BUCKET, [(prefix, True), *((k, False) for k in keys)])


def delete_keys(keys: list[str] | tuple[str, ...], *, bucket: str | None = None) -> int:
    """Delete these exact keys for good: all versions, delete markers, unfinished uploads."""
    return _delete(bucket or settings.S3_BUCKET, [(key, False) for key in keys if key])


def _delete(bucket: str, scopes: list[tuple[str, bool]]) -> int:
    client = s3_client()
    removed = 0
    for scope, is_prefix in scopes:
        paginator = client.get_paginator("list_multipart_uploads")
        for page in paginator.paginate(Bucket=bucket, Prefix=scope):
            for upload in page.get("Uploads", []):
                if not is_prefix and upload["Key"] != scope:
                    continue
                try:
                    client.abort_multipart_upload(
                        Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                except ClientError as error:  # finished or aborted meanwhile
                    if error.response.get("Error", {}).get("Code") != "NoSuchUpload":
                        raise
                removed += 1
        batch: list[tuple[str, str | None]] = []
        for key, version in _versions(client, bucket, scope):
            if not is_prefix and key != scope:
                continue
            batch.append((key, version))
            if len(batch) == 1000:
                removed += _delete_batch(client, bucket, batch)
                batch = []
        if batch:
            removed += _delete_batch(client, bucket, batch)
    return removed
