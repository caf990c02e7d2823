from celery import shared_task

from palantrix import events
from palantrix.tokens import row_token

from . import emails, services
from .models import Accommodation, ExtensionRequest, Invitation, InvitationToken, PublicRegistration
from .services import public_links

# Emails to candidates: acknowledged after they ran, retried with backoff while the mail
# server is unreachable (OSError), each send inside `events.once` so a retry sends once.
EMAIL_TASK = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "max_retries": 6,
}


@shared_task(name="interviews.send_invitation_email", **EMAIL_TASK)
def send_invitation_email_task(
    self, invitation_id: int, kind: str, token_id: int | None = None, token: str | None = None
) -> bool:
    """Email one link, sent through the outbox: the token is rebuilt from its row
    (`token_id`), never carried in the arguments (`token` only from messages queued before
    that). Closed invitations are skipped; a repeated delivery does not email again."""
    invitation = (
        Invitation.objects.select_related("organization", "job", "question_set")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return False
    if token_id is not None:
        link = InvitationToken.objects.filter(pk=token_id, invitation=invitation).first()
        if link is None:
            return False
        token = row_token(services.LINK_PURPOSE, link)
    if token is None:
        return False
    with events.once(self.request.id) as mine:
        if mine:
            emails.send_invitation(invitation, token=token, kind=kind)
        return mine


@shared_task(name="interviews.send_accommodation_email", **EMAIL_TASK)
def send_accommodation_email_task(self, accommodation_id: int) -> bool:
    """The answer to a candidate's request for an adjustment, with their interview's link
    (rebuilt from its latest token row). Once per delivery of the outbox row."""
    accommodation = (
        Accommodation.objects.select_related(
            "invitation__organization", "invitation__job", "invitation__question_set"
        )
        .filter(pk=accommodation_id)
        .first()
    )
    if accommodation is None or not accommodation.invitation.is_open:
        return False
    invitation = accommodation.invitation
    link = InvitationToken.objects.filter(invitation=invitation).order_by("-created_at").first()
    if link is None:
        return False
    with events.once(self.request.id) as mine:
        if mine:
            emails.send_invitation(
                invitation,
                token=row_token(services.LINK_PURPOSE, link),
                kind="accommodation",
                accommodation=accommodation,
            )
        return mine


@shared_task(name="interviews.send_invitation_batch", acks_late=True)
def send_invitation_batch_task(batch_id: int) -> None:
    services.invitation_batch_process(batch_id=batch_id)


@shared_task(name="interviews.send_reminders")
def send_reminders_task() -> int:
    return services.invitations_remind_due()


@shared_task(name="interviews.expire_invitations")
def expire_invitations_task() -> int:
    return services.invitations_expire()


@shared_task(name="interviews.send_public_registration_email", **EMAIL_TASK)
def send_public_registration_email_task(self, registration_id: int) -> bool:
    """Email a public registration its one-time confirmation link, rebuilt from the row; or,
    when the job already has this person, their own interview link instead. Decided here,
    not in the web request, so the page answers alike for a known and an unknown address."""
    registration = (
        PublicRegistration.objects.select_related("organization", "link", "link__job")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:  # confirmed, joined or purged meanwhile
        return False
    existing = public_links.registration_existing_invitation(registration)
    with events.once(self.request.id) as mine:
        if mine:
            if existing is None:
                token = row_token(public_links.REGISTRATION_PURPOSE, registration)
                emails.send_registration_confirmation(registration, token=token)
            else:
                token = public_links.public_registration_join(
                    registration=registration, invitation=existing
                )
                emails.send_invitation(existing, token=token, kind="again")
                public_links.public_registration_discard(registration=registration)
        return mine


@shared_task(name="interviews.purge_public_registrations")
def purge_public_registrations_task() -> int:
    return public_links.public_registrations_purge()


@shared_task(name="interviews.send_extension_declined_email", **EMAIL_TASK)
def send_extension_declined_email_task(self, request_id: int) -> bool:
    request = (
        ExtensionRequest.objects.select_related(
            "invitation__organization", "invitation__job", "invitation__question_set"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None or not request.invitation.email:
        return False
    with events.once(self.request.id) as mine:
        if mine:
            emails.send_extension_declined(request.invitation)
        return mine
