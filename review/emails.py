"""The live interviewers' email: the candidate's brief and the calendar invitation."""

from collections.abc import Callable
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse

from interviews.models import LiveInterview, LiveInterviewStatus
from palantrix.emails import absolute_url, send_templated, sender_for
from scoring.services import PROCESSING_STATUSES

from . import calendar
from .brief import candidate_brief


def _organizer(live: LiveInterview) -> tuple[str, str]:
    person = live.scheduled_by
    if person is not None:
        return person.get_full_name() or person.email, person.email
    organization = live.organization
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return organization.name, organization.contact_email or address


def live_interview_calendar(
    live: LiveInterview, *, brief_url: str, removed: tuple[str, ...] = ()
) -> str:
    """The .ics text: REQUEST while scheduled, CANCEL once cancelled; for interviewers
    dropped by a reschedule (`removed`), a CANCEL that takes only them off the event."""
    invitation = live.invitation
    name, address = _organizer(live)
    event = calendar.Event(
        uid=live.calendar_uid,
        sequence=live.sequence,
        start=live.starts_at,
        end=live.ends_at,
        summary=f"Live interview: {invitation.name} ({invitation.job.title})",
        description=(
            f"Live interview with {invitation.name} for {invitation.job.title} at "
            f"{live.organization.name}.\nBrief: {brief_url}\nWhere: {live.location}"
        ),
        location=live.location,
        organizer_name=name,
        organizer_email=address,
        attendees=removed or tuple(live.interviewers),
        url=brief_url,
    )
    if removed:
        return calendar.calendar(event, method="CANCEL", uninvite=True)
    cancelled = live.status == LiveInterviewStatus.CANCELLED
    return calendar.calendar(event, method="CANCEL" if cancelled else "REQUEST")


def _ics_part(text: str, method: str) -> MIMEText:
    part = MIMEText(text, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def send_live_interview(live: LiveInterview, *, sent: Callable[[str], None]) -> None:
    """One email per live interviewer: the brief, its link, and the calendar invitation;
    one per interviewer dropped by a reschedule, with a calendar CANCEL for them alone.
    Those already emailed for this sequence are skipped; `sent` records each one."""
    invitation, organization = live.invitation, live.organization
    brief_url = absolute_url(reverse("live_brief", args=[organization.slug, invitation.public_id]))
    cancelled = live.status == LiveInterviewStatus.CANCELLED
    ics = live_interview_calendar(live, brief_url=brief_url)
    prefix = "Cancelled: " if cancelled else ("Updated: " if live.sequence else "")
    subject = (
        f"{prefix}Live interview with {invitation.name} for {invitation.job.title}, {live.when}"
    )
    context = {
        "organization": organization,
        "live": live,
        "cancelled": cancelled,
        "brief": None if cancelled else candidate_brief(invitation=invitation),
        "brief_url": brief_url,
        # Scheduled before the worker finished: the email is a snapshot, the linked brief is not.
        "processing": invitation.answers.filter(status__in=PROCESSING_STATUSES).count(),
        "answers": invitation.answers.count(),
    }
    for address in live.interviewers:
        if f"{live.sequence}:{address}" in live.emailed_to:
            continue
        send_templated(
            template="live_interview",
            to=address,
            subject=subject,
            context=context,
            from_email=sender_for(organization),
            reply_to=live.scheduled_by.email if live.scheduled_by else "",
            attachments=(_ics_part(ics, "CANCEL" if cancelled else "REQUEST"),),
        )
        sent(address)
    for address in live.removed_interviewers:
        if f"{live.sequence}:{address}" in live.emailed_to or address in live.interviewers:
            continue
        send_templated(
            template="live_interview",
            to=address,
            subject=f"Removed: Live interview with {invitation.name} for {invitation.job.title}",
            context={**context, "brief": None, "removed": True},
            from_email=sender_for(organization),
            reply_to=live.scheduled_by.email if live.scheduled_by else "",
            attachments=(
                _ics_part(
                    live_interview_calendar(live, brief_url=brief_url, removed=(address,)),
                    "CANCEL",
                ),
            ),
        )
        sent(address)


def send_notifications(organization, user, notifications: list, *, digest: bool) -> None:
    """One notification at once, or the day's digest of several, to a member."""
    count = len(notifications)
    if digest:
        subject = f"{organization.name}: {count} update{'s' if count != 1 else ''} for you today"
    else:
        subject = f"{organization.name}: {notifications[0].text}"
    send_templated(
        template="notifications",
        to=user.email,
        subject=subject,
        from_email=sender_for(organization),
        context={
            "organization": organization,
            "notifications": [
                (n.text, absolute_url(n.path) if n.path else "") for n in notifications
            ],
            "digest": digest,
            "settings_url": absolute_url(
                reverse("notification_settings", kwargs={"org": organization.slug})
            ),
        },
    )
