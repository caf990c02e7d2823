"""The object store, spoken to through the S3 API only (boto3, SigV4, path-style)."""

import logging

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings

logger = logging.getLogger(__name__)


def s3_client():
    return boto3.client(
        "s3",
        endpoint_url=settings.S3_ENDPOINT_URL,
        region_name=settings.S3_REGION,
        aws_access_key_id=settings.S3_ACCESS_KEY_ID,
        aws_secret_access_key=settings.S3_SECRET_ACCESS_KEY,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            connect_timeout=2,
            read_timeout=5,
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
