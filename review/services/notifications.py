"""Work waiting for members: notifications in the app and by email, at once or in a daily
digest at the member's local time (NotificationSetting).

Notifications are made by outbox subscribers (review.subscribers), after the change that
caused them committed; `source` (the event's id) keeps a repeated message from notifying
twice. The digest is claimed per member and local day by a conditional UPDATE.
"""

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from interviews.models import Invitation, Job
from palantrix import audit
from palantrix.audit import Actor
from palantrix.errors import InvalidField
from palantrix.models import Membership, Organization

from .. import emails
from ..models import EmailDelivery, JobFollower, Notification, NotificationKind, NotificationSetting


def setting_for(*, organization: Organization, user) -> NotificationSetting:
    """The member's settings; unsaved defaults (everything, email at once) without a row."""
    found = NotificationSetting.objects.for_organization(organization).filter(user=user).first()
    return found or NotificationSetting(
        organization=organization, user=user, kinds=list(NotificationKind.values)
    )


@transaction.atomic
def notification_setting_save(
    *,
    organization: Organization,
    actor: Actor,
    kinds: Iterable[str],
    email: str,
    digest_hour: int,
    time_zone: str,
) -> NotificationSetting:
    kinds = sorted(set(kinds) & set(NotificationKind.values))
    if email not in EmailDelivery.values:
        raise InvalidField("email", "Choose how notifications reach you by email.")
    if not 0 <= digest_hour <= 23:
        raise InvalidField("digest_hour", "Choose an hour from 0 to 23.")
    try:
        ZoneInfo(time_zone)
    except (ValueError, KeyError) as error:
        raise InvalidField("time_zone", "Choose a time zone from the list.") from error
    setting, _ = NotificationSetting.objects.update_or_create(
        organization=organization,
        user=actor,
        defaults={
            "kinds": kinds,
            "email": email,
            "digest_hour": digest_hour,
            "time_zone": time_zone,
        },
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="review.notification_settings.saved",
        target=setting,
        data={"kinds": len(kinds), "email": email, "digest_hour": digest_hour},
    )
    return setting


@transaction.atomic
def job_follow(*, job: Job, actor: Actor, following: bool) -> None:
    JobFollower.objects.update_or_create(
        organization=job.organization, job=job, user=actor, defaults={"following": following}
    )
    audit.record(
        organization=job.organization,
        actor=actor,
        action="review.job.followed" if following else "review.job.unfollowed",
        target=job,
    )


def job_followers(job: Job) -> list:
    """The creator (unless they unfollowed) and everyone who follows, members only."""
    rows = JobFollower.objects.for_organization(job.organization).filter(job=job)
    stopped = set(rows.filter(following=False).values_list("user_id", flat=True))
    ids = set(rows.filter(following=True).values_list("user_id", flat=True))
    if job.created_by_id and job.created_by_id not in stopped:
        ids.add(job.created_by_id)
    members = Membership.objects.for_organization(job.organization).filter(user_id__in=ids)
    return list(get_user_model().objects.filter(pk__in=members.values("user_id")))


def notify(
    *,
    organization: Organization,
    recipients: Iterable,
    kind: str,
    source: UUID,
    text: str,
    path: str = "",
    invitation: Invitation | None = None,
    job: Job | None = None,
) -> int:
    """Notify each recipient who wants `kind`; email at once those who chose so. Safe to
    repeat for one `source`: a member already notified of it is skipped."""
    made = 0
    for user in {user.pk: user for user in recipients}.values():
        setting = setting_for(organization=organization, user=user)
        if kind not in setting.kinds:
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    organization=organization,
                    recipient=user,
                    kind=kind,
                    source=source,
                    text=text[:300],
                    path=path,
                    invitation=invitation,
                    job=job,
                )
        except IntegrityError:
            continue  # this event notified them already
        made += 1
        if setting.email == EmailDelivery.IMMEDIATE:
            emails.send_notifications(organization, user, [notification], digest=False)
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return made


def notifications_read(*, organization: Organization, user, public_ids=None) -> int:
    unread = Notification.objects.for_organization(organization).filter(
        recipient=user, read_at__isnull=True
    )
    if public_ids is not None:
        unread = unread.filter(public_id__in=public_ids)
    return unread.update(read_at=timezone.now())


def _digest_due(setting: NotificationSetting, now: datetime) -> bool:
    local = now.astimezone(ZoneInfo(setting.time_zone))
    return local.hour >= setting.digest_hour and setting.last_digest_on != local.date()


def notification_digests_send(*, now: datetime | None = None) -> int:
    """Beat: each member on the daily digest gets one email a local day, at or after their
    hour, with what is waiting and was not emailed. Returns how many digests went."""
    now = now or timezone.now()
    sent = 0
    settings = NotificationSetting.objects.filter(email=EmailDelivery.DIGEST).select_related(
        "organization", "user"
    )
    for setting in settings:
        if not _digest_due(setting, now):
            continue
        today = now.astimezone(ZoneInfo(setting.time_zone)).date()
        claimed = (
            NotificationSetting.objects.filter(pk=setting.pk)
            .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
            .update(last_digest_on=today)
        )
        if not claimed:
            continue
        waiting = list(
            Notification.objects.for_organization(setting.organization)
            .filter(recipient=setting.user, emailed_at__isnull=True, created_at__lte=now)
            .order_by("created_at")
        )
        if not waiting:
            continue
        emails.send_notifications(setting.organization, setting.user, waiting, digest=True)
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
        sent += 1
    return sent
