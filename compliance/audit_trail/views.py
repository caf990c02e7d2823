"""Admins' pages of the audit log: the organisation's log, its CSV, a candidate's timeline."""

import io
import json
from collections.abc import Iterator
from datetime import UTC
from uuid import UUID

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from interviews import selectors as interview_selectors
from palantrix import spreadsheets
from palantrix.models import AuditEvent, Organization, Role
from palantrix.tenancy import OrgRequest, org_member_required

from . import display, selectors, services
from .forms import AuditFilterForm

ADMINS = {Role.ADMIN}
PAGE_SIZE = 50
CSV_CHUNK = 500
CSV_HEADER = [
    "Sequence",
    "Time (UTC)",
    "Action",
    "What happened",
    "Actor type",
    "Actor id",
    "Actor role",
    "Actor name",
    "Target type",
    "Target id",
    "Reason",
    "Data",
]


def _filtered(request: OrgRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent] | None]:
    form = AuditFilterForm(request.GET or None, organization=request.organization)
    if form.is_bound and not form.is_valid():
        return form, None
    filters = form.filters() if form.is_bound else selectors.AuditFilter()
    return form, selectors.audit_event_search(organization=request.organization, filters=filters)


@org_member_required(ADMINS)
def audit_log(request: OrgRequest) -> HttpResponse:
    form, events = _filtered(request)
    found: QuerySet[AuditEvent] | list[AuditEvent] = events if events is not None else []
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "compliance/audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": display.rows(organization=request.organization, events=page.object_list),
            "query": query.urlencode(),
            "actions": selectors.actions_recorded(organization=request.organization),
        },
        status=200 if events is not None else 400,
    )


def _chunks(events: QuerySet[AuditEvent]) -> Iterator[list[AuditEvent]]:
    chunk: list[AuditEvent] = []
    for event in events.iterator(chunk_size=CSV_CHUNK):
        chunk.append(event)
        if len(chunk) == CSV_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _csv_lines(organization: Organization, events: QuerySet[AuditEvent]) -> Iterator[str]:
    """The CSV a chunk at a time, every cell escaped (tenant text never becomes a formula)."""
    buffer = io.StringIO()
    out = spreadsheets.writer(buffer)
    out.writerow(CSV_HEADER)
    for chunk in _chunks(events):
        for row in display.rows(organization=organization, events=chunk):
            event = row.event
            out.writerow(
                [
                    event.sequence,
                    event.created_at.astimezone(UTC).isoformat(),
                    event.action,
                    row.label,
                    event.actor_type,
                    event.actor_id,
                    row.actor.kind,
                    row.actor.name,
                    event.target_type,
                    event.target_id,
                    row.reason,
                    json.dumps(event.data, ensure_ascii=False, sort_keys=True),
                ]
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@org_member_required(ADMINS)
def audit_log_csv(request: OrgRequest) -> HttpResponse | StreamingHttpResponse:
    form, events = _filtered(request)
    if events is None:
        return HttpResponse(
            "; ".join(
                # django-stubs types ErrorList's items as ValidationError | str, but iterating
                # one gives its messages, always text (ErrorList.__getitem__).
                f"{field}: {' '.join(errors)}"  # type: ignore[arg-type]
                for field, errors in form.errors.items()
            ),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    # What the file holds is fixed now: the export's own event, recorded next, is not in it.
    last = events.values_list("sequence", flat=True).first()
    events = events.filter(sequence__lte=last or 0)
    services.audit_log_exported(
        organization=request.organization,
        actor=request.user,
        filters=form.filters() if form.is_bound else selectors.AuditFilter(),
        rows=events.count(),
    )
    response = StreamingHttpResponse(
        _csv_lines(request.organization, events), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="audit-log-{request.organization.slug}-{stamp}.csv"'
    )
    return response


@org_member_required(ADMINS)
def candidate_audit(request: OrgRequest, invitation_id: UUID) -> HttpResponse:
    invitation = interview_selectors.invitation_get(
        organization=request.organization, public_id=invitation_id
    )
    events = selectors.candidate_timeline(invitation=invitation)
    return render(
        request,
        "compliance/audit/candidate.html",
        {
            "invitation": invitation,
            "job": invitation.job,
            "rows": display.rows(organization=request.organization, events=events),
        },
    )
