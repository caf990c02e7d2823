"""Settings of the work done outside requests: Redis, Celery, the outbox and the retries and
time limits of answer processing. Part of palantrix.settings (imported there)."""

from .environment import BASE_DIR, env

# --- Redis: Celery broker, results and the cache --------------------------------------
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", REDIS_URL),
        "KEY_PREFIX": "palantrix",
        # An unreachable Redis costs a request at most this long (rate limits then count
        # per process, palantrix/ratelimit.py).
        "OPTIONS": {
            "socket_connect_timeout": float(env("CACHE_CONNECT_TIMEOUT", "0.5")),
            "socket_timeout": float(env("CACHE_TIMEOUT", "0.5")),
        },
    }
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
# No feature reads a task's result: none is stored (tests set a backend to wait on tasks).
# A result backend also made every `.delay()` wait on Redis, a web request included.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_IGNORE_RESULT = env("CELERY_TASK_IGNORE_RESULT", "true").lower() == "true"
CELERY_RESULT_EXPIRES = 3600
# A plain .delay() with the broker away gives up within about half a second (post-commit
# work goes through the outbox, whose sends give up at once and are retried by the relay).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A task not acknowledged within this window is handed to another worker: every task's
# time limit must stay below it (see palantrix/celery.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
    # How often a worker looks for messages of dead workers to deliver again.
    "unacked_restore_interval": int(env("CELERY_UNACKED_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": int(env("CELERY_UNACKED_RESTORE_THROTTLE", "10")),
    "socket_connect_timeout": float(env("CELERY_BROKER_CONNECT_TIMEOUT", "2")),
}
# Post-commit work (palantrix.events.later) whose task has not succeeded this long after
# it was sent is sent again by the relay, at most OUTBOX_MAX_SENDS times.
OUTBOX_RESEND_SECONDS = int(env("OUTBOX_RESEND_SECONDS", "900"))
OUTBOX_MAX_SENDS = int(env("OUTBOX_MAX_SENDS", "48"))
# A processing step claimed longer ago than this is taken over (its worker died).
PROCESSING_LEASE_SECONDS = int(env("PROCESSING_LEASE_SECONDS", "1800"))
# Deliveries of an answer's processing (first deliveries and redeliveries after a worker
# was killed; retries after transient faults are not counted) before people take over.
ANSWER_MAX_ATTEMPTS = int(env("ANSWER_MAX_ATTEMPTS", "5"))
# An answer waiting in uploaded/transcribing/scoring whose claim is older than this has
# lost its task (a broker restart, a lost message, retries exhausted): it is queued again.
ANSWER_STUCK_SECONDS = int(env("ANSWER_STUCK_SECONDS", str(2 * 3600)))
# Retries of a processing step after a transient fault (storage, database, broker): the
# pause doubles from the base to the maximum, 10 retries span 37 to 75 minutes. After the
# last one the answer shows "processing failed — will retry" and the sweeper queues it
# again ANSWER_RETRY_LATER_SECONDS later.
ANSWER_RETRY_BASE_SECONDS = float(env("ANSWER_RETRY_BASE_SECONDS", "60"))
ANSWER_RETRY_MAX_SECONDS = float(env("ANSWER_RETRY_MAX_SECONDS", "600"))
ANSWER_MAX_RETRIES = int(env("ANSWER_MAX_RETRIES", "10"))
ANSWER_RETRY_LATER_SECONDS = int(env("ANSWER_RETRY_LATER_SECONDS", "600"))
# A decision's email to the candidate waits this long: the decider may change their mind
# and withdraw it meanwhile.
OUTCOME_EMAIL_GRACE_SECONDS = int(env("OUTCOME_EMAIL_GRACE_SECONDS", "900"))
# A recording may run this much longer than its question's answer time.
ANSWER_EXTRA_SECONDS = int(env("ANSWER_EXTRA_SECONDS", "30"))
# Each ffmpeg run making an answer's playable copy may take this long (scoring.playback);
# past it, the original recording is played.
PLAYBACK_FFMPEG_SECONDS = int(env("PLAYBACK_FFMPEG_SECONDS", "300"))
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_DEFAULT_QUEUE", "palantrix")
# Model work (transcribing, scoring) has its own queue, so workers that hold the models
# can be scaled apart from those that send email.
CELERY_ML_QUEUE = env("CELERY_ML_QUEUE", "ml")
# Transcription has a queue of its own, for workers with a GPU where there are some; workers
# without one serve it too where there are none (Procfile, docker-compose.yml).
CELERY_TRANSCRIBE_QUEUE = env("CELERY_TRANSCRIBE_QUEUE", "transcribe")
CELERY_TASK_ROUTES = {
    "scoring.transcribe_answer": {"queue": CELERY_TRANSCRIBE_QUEUE},
    "scoring.score_answer": {"queue": CELERY_ML_QUEUE},
    "scoring.rescore_job": {"queue": CELERY_ML_QUEUE},
}
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat-schedule")
)
