"""What the interviews app does with a candidate's data when compliance asks (palantrix.privacy):
the invitation, its links, consents and answers with their recordings, and the CSV imports
that named the candidate."""

from pathlib import Path
from typing import Any

from django.db.models import F, Max, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from palantrix.models import Organization
from palantrix.privacy import CandidateCopy, when

from .media import FILE_EXTENSIONS, base_type, candidate_prefix
from .models import (
    OPEN_STATUSES,
    Accommodation,
    Answer,
    AnswerKind,
    Consent,
    ExtensionRequest,
    Invitation,
    InvitationBatch,
    InvitationStatus,
    InvitationToken,
    OutcomeEmail,
    OutcomeEmailStatus,
    PublicRegistration,
    QuestionDraw,
)

PURGED_NAME = "Deleted candidate"

CANDIDATE_DATA = {
    "interviews.Invitation": "blanked and kept (funnel counts stay): the name and email go",
    "interviews.InvitationToken": "deleted: the candidate's links stop working",
    # Their transcripts, segments, scores, evidence, overrides (free-text reasons may name
    # the candidate) and reviewers' ratings and comments go with them.
    "interviews.Answer": "deleted, with the recordings and every row under them",
    # Proof of what was agreed to stays (notice version, choice, date).
    "interviews.Consent": "blanked: the browser goes",
    "interviews.InvitationBatch": "the candidate's CSV row goes (or its name and email)",
    # What the candidate was told of a decision (their name is in it) and when.
    "interviews.OutcomeEmail": "deleted",
    # What the candidate asked for (in their words) and the recruiters' answers.
    "interviews.Accommodation": "deleted",
    # When they asked for more time and what was answered (dates only).
    "interviews.ExtensionRequest": "deleted",
    # A name and address given on a public job link, not confirmed (yet): the
    # organisation's rows with the candidate's address go; all expire in a day anyway.
    "interviews.PublicRegistration": "deleted: unconfirmed registrations with the address",
    # Which question of a pool they were asked (their choice answers go with `Answer`).
    "interviews.QuestionDraw": "deleted",
}

# The copy's names for recordings (kept as the copies have always named them).
EXTENSIONS = {"video/webm": "webm", "video/mp4": "mp4", "audio/webm": "weba", "audio/ogg": "ogg"}


def recording_name(number: int, answer: Answer) -> str:
    """recordings/question-<n>.<ext>; a file answer is files/question-<n>.<pdf|png|jpg>."""
    if answer.kind == AnswerKind.FILE:
        extension = FILE_EXTENSIONS.get(base_type(answer.content_type), "bin")
        return f"files/question-{number}.{extension}"
    base = (answer.content_type or "").split(";")[0].strip()
    extension = EXTENSIONS.get(base) or Path(answer.object_key).suffix.lstrip(".") or "bin"
    return f"recordings/question-{number}.{extension}"


def _answers(invitation: Invitation) -> list[Answer]:
    return list(
        Answer.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("question")
        .order_by("question__position")
    )


# --- The copy ----------------------------------------------------------------------------------


def candidate_export(*, invitation: Invitation, copy: CandidateCopy) -> None:
    consents = list(
        Consent.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .order_by("created_at")
    )
    answers: list[dict[str, Any]] = []
    for number, answer in enumerate(_answers(invitation), start=1):
        copy.audit_targets.add(str(answer.public_id))
        item: dict[str, Any] = {
            "question": answer.question.text,
            "kind": answer.kind,
            "status": answer.status,
            "submitted_at": when(answer.submitted_at),
            "written_answer": answer.text,
            "recording": recording_name(number, answer)
            if answer.object_key and answer.kind != AnswerKind.FILE
            else None,
            "file": recording_name(number, answer)
            if answer.object_key and answer.kind == AnswerKind.FILE
            else None,
        }
        if answer.question.is_choice:  # the options they chose, as they read them
            item["chosen_options"] = answer.question.option_texts(answer.choices)
            item["knockout_mismatch"] = answer.knockout_mismatch
        answers.append(copy.part("interviews.answer", answer.pk, item))
    copy.audit_targets.update(str(c.public_id) for c in consents)
    copy.add("job", invitation.job.title)
    copy.add(
        "candidate",
        {
            "name": invitation.name,
            "email": invitation.email,
            "invited_at": when(invitation.created_at),
            "status": invitation.status,
            "completed_at": when(invitation.completed_at),
            "human_review_only": invitation.human_review_only,
        },
    )
    copy.add(
        "consents",
        [
            {
                "at": when(c.created_at),
                "notice_version": c.notice_version,
                "ai_assessment": c.ai_assessment,
            }
            for c in consents
        ],
    )
    copy.add("answers", answers)
    draws = (
        QuestionDraw.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .select_related("question")
        .order_by("position")
    )
    if draws:  # of a pool of equivalent questions, the one they were asked
        copy.add(
            "questions_drawn",
            [{"question_number": d.position + 1, "question": d.question.text} for d in draws],
        )
    sent = OutcomeEmail.objects.for_organization(invitation.organization).filter(
        invitation=invitation, status=OutcomeEmailStatus.SENT
    )
    copy.add(
        "messages",  # the decisions' emails they were sent, as sent
        [
            {
                "kind": email.kind,
                "subject": email.subject,
                "text": email.body,
                "template_version": email.template_version,
                "sent_at": when(email.sent_at),
            }
            for email in sent.order_by("sent_at")
        ],
    )
    accommodations = Accommodation.objects.for_organization(invitation.organization).filter(
        invitation=invitation
    )
    copy.audit_targets.update(str(a.public_id) for a in accommodations)
    copy.add(
        "adjustments",  # what they asked for, in their words, and the answers they were given
        [
            {
                "kind": a.kind,
                "asked_by_you": a.requested_by_candidate,
                "your_words": a.details,
                "asked_at": when(a.created_at),
                "status": a.status,
                "extra_time_percent": a.extra_time_percent,
                "reason_given": a.decision_reason,
                "answered_at": when(a.decided_at),
            }
            for a in accommodations.order_by("created_at")
        ],
    )

    copy.add(
        "extension_requests",  # when they asked for more time, and the answer
        [
            {
                "asked_at": when(r.created_at),
                "status": r.status,
                "deadline_before": when(r.deadline_before),
                "deadline_after": when(r.deadline_after),
                "decided_at": when(r.decided_at),
            }
            for r in ExtensionRequest.objects.for_organization(invitation.organization)
            .filter(invitation=invitation)
            .order_by("created_at")
        ],
    )


def candidate_files(*, invitation: Invitation) -> list[tuple[str, str]]:
    """The original recordings and files, named by the question's place in the interview."""
    return [
        (answer.object_key, recording_name(number, answer))
        for number, answer in enumerate(_answers(invitation), start=1)
        if answer.object_key
    ]


# --- Retention and erasure -------------------------------------------------------------------


def candidate_activity(*, organization: Organization) -> dict[str, Any]:
    """The invitation's own dates and its last submitted answer."""
    return {
        "invited": F("created_at"),
        "opened": F("opened_at"),
        "started": F("started_at"),
        "completed": F("completed_at"),
        "closed": F("closed_at"),
        "last_answer": Max("answers__submitted_at"),
        "last_adjustment": Max("accommodations__created_at"),
        "asked_more_time": Max("extension_requests__created_at"),
    }


def candidate_objects(*, invitation: Invitation) -> list[str]:
    """Recordings stored outside the candidate's prefix (the prefix itself is purged whole)."""
    prefix = candidate_prefix(invitation)
    return [
        key
        for key in Answer.objects.for_organization(invitation.organization)
        .filter(invitation=invitation)
        .exclude(object_key="")
        .values_list("object_key", flat=True)
        if not key.startswith(prefix)
    ]


def organization_objects(*, organization: Organization) -> list[str]:
    """Recordings stored outside the organisation's prefix."""
    prefix = f"orgs/{organization.public_id}/"
    return [
        key
        for key in Answer.objects.for_organization(organization)
        .exclude(object_key="")
        .values_list("object_key", flat=True)
        if not key.startswith(prefix)
    ]


def candidate_erase(*, invitation: Invitation) -> int:
    """Runs last (lowest layer): the other apps have let go of the candidate's rows."""
    organization = invitation.organization
    rows = InvitationToken.objects.for_organization(organization).filter(invitation=invitation)
    changed = rows.delete()[0]
    answers = Answer.objects.for_organization(organization).filter(invitation=invitation)
    changed += answers.delete()[0]
    draws = QuestionDraw.objects.for_organization(organization).filter(invitation=invitation)
    changed += draws.delete()[0]
    consents = Consent.objects.for_organization(organization).filter(invitation=invitation)
    changed += consents.update(user_agent="")
    changed += _batch_rows_remove(invitation)
    emails = OutcomeEmail.objects.for_organization(organization).filter(invitation=invitation)
    changed += emails.delete()[0]
    adjustments = Accommodation.objects.for_organization(organization).filter(invitation=invitation)
    changed += adjustments.delete()[0]
    extensions = ExtensionRequest.objects.for_organization(organization).filter(
        invitation=invitation
    )
    changed += extensions.delete()[0]
    if invitation.email:
        registrations = PublicRegistration.objects.for_organization(organization).filter(
            email__iexact=invitation.email
        )
        changed += registrations.delete()[0]

    invitation.name, invitation.email = PURGED_NAME, ""
    fields = ["name", "email", "updated_at"]
    if invitation.status in OPEN_STATUSES:  # an erased candidate who had not finished
        invitation.status, invitation.closed_at = InvitationStatus.WITHDRAWN, timezone.now()
        fields += ["status", "closed_at"]
    invitation.save(update_fields=fields)
    return changed + 1


def _batch_rows_remove(invitation: Invitation) -> int:
    """CSV imports of the organisation that still hold the candidate's row: one not sent
    yet loses it (confirming it later must not invite the person again); one already sent
    or cancelled keeps the line number only. Returns the batches changed."""
    email = invitation.email.strip().lower()
    if not email:
        return 0
    changed = 0
    batches = (
        InvitationBatch.objects.for_organization(invitation.organization)
        .select_for_update()
        .annotate(text=Cast("rows", TextField()))
        .filter(text__icontains=email)
    )
    for batch in batches:
        mine = [row for row in batch.rows if str(row.get("email", "")).lower() == email]
        if not mine:
            continue
        fields: dict[str, Any] = {}
        if batch.status in (InvitationBatch.Status.PREVIEW, InvitationBatch.Status.SENDING):
            fields["rows"] = [row for row in batch.rows if row not in mine]
            if batch.status == InvitationBatch.Status.PREVIEW:  # the counts it shows
                fields["total_rows"] = batch.total_rows - len(mine)
                fields["valid_rows"] = batch.valid_rows - sum(1 for r in mine if not r["problems"])
        else:
            fields["rows"] = [
                {**row, "name": "", "email": ""} if row in mine else row for row in batch.rows
            ]
        InvitationBatch.objects.filter(pk=batch.pk).update(**fields, updated_at=timezone.now())
        changed += 1
    return changed
