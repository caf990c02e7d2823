"""The Celery app and the beat schedule; nothing else."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palantrix.settings")

app = Celery("palantrix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Art. 12 record-keeping: prove every night that no audit event was altered or removed.
    "verify-audit-chains-nightly": {
        "task": "compliance.verify_audit_chains",
        "schedule": crontab(hour=2, minute=15),
    },
    # Anchors the chains outside the database: a rewrite, even by a database superuser, of
    # anything older than an hour shows in verification.
    "checkpoint-audit-chains-hourly": {
        "task": "compliance.checkpoint_audit_chains",
        "schedule": crontab(minute=5),
    },
    # Each reminder is claimed by a conditional UPDATE: a restart never sends one twice.
    "send-invitation-reminders": {
        "task": "interviews.send_reminders",
        "schedule": crontab(minute="*/10"),
    },
    # GDPR Art. 5(1)(e): candidates past their organisation's retention are purged.
    "purge-expired-candidate-data": {
        "task": "compliance.purge_expired",
        "schedule": crontab(hour=2, minute=45),
    },
    "resume-waiting-scoring": {
        "task": "compliance.resume_waiting_scoring",
        "schedule": crontab(hour=3, minute=30),
    },
    # Side effects whose task was lost at commit (a broker outage) or whose subscriber failed.
    "relay-outbox": {
        "task": "palantrix.relay_outbox",
        "schedule": crontab(minute="*"),
    },
    "purge-outbox": {
        "task": "palantrix.purge_outbox",
        "schedule": crontab(hour=4, minute=20),
    },
    # Webhook retries after long pauses, and any delivery whose task was lost.
    "enqueue-due-webhooks": {
        "task": "api.enqueue_due_webhooks",
        "schedule": crontab(minute="*"),
    },
    "purge-api-records": {
        "task": "api.purge_records",
        "schedule": crontab(hour=4, minute=10),
    },
    # Candidates' requests are due a month after receipt: admins are reminded a week
    # before (each reminder claimed once), held erasures retried, old copies deleted.
    "rights-requests-due": {
        "task": "compliance.rights_requests_due",
        "schedule": crontab(minute=20),
    },
    # Answers whose processing task was lost (a broker restart, retries exhausted on a
    # transient fault) are queued again, each claimed once by a conditional UPDATE.
    "requeue-stuck-answers": {
        "task": "scoring.requeue_stuck_answers",
        "schedule": crontab(minute="*/15"),
    },
    # Decisions' emails to candidates whose grace period is over, each claimed once.
    "send-due-outcome-emails": {
        "task": "review.send_due_outcome_emails",
        "schedule": crontab(minute="*"),
    },
    # Members' daily digests at their local hour, each claimed once a day.
    "send-notification-digests": {
        "task": "review.send_notification_digests",
        "schedule": crontab(minute="*/15"),
    },
    # GDPR Art. 5(1)(e): names and addresses given on a public job link and never
    # confirmed go once their confirmation link has expired.
    "purge-public-registrations": {
        "task": "interviews.purge_public_registrations",
        "schedule": crontab(minute=35),
    },
    "expire-invitations": {
        "task": "interviews.expire_invitations",
        "schedule": crontab(minute="*/10"),
    },
}
