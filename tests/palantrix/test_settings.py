"""Settings come from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from tests.waiting import seconds

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=seconds(120),
    )


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "p" * 20 + "Zq8!xV3#kLm9@rT2$wN7^yB4&hJ6*cF1",
    "DJANGO_HTTPS": "true",
    "DJANGO_ALLOWED_HOSTS": "hire.example.com",
    "PALANTRIX_PUBLIC_URL": "https://hire.example.com",
    "DATABASE_URL": "postgres://palantrix:secret@db.internal:5432/palantrix",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "S3_ENDPOINT_URL": "",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
}


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_secret_key_refuses_to_start_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_email_url_with_an_unknown_scheme_is_refused():
    result = manage("check", **{**PRODUCTION, "EMAIL_URL": "ftp://mail"})
    assert "EMAIL_URL must start with smtp://" in result.stderr
