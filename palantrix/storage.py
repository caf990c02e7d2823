"""The object store, spoken to through the S3 API only (boto3, SigV4, path-style)."""

import logging

from botocore.exceptions import ClientError
from django.conf import settings

from .health import s3_client

logger = logging.getLogger(__name__)


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
