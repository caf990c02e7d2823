"""The organisation's candidate emails: the list, and one email's wording with a preview."""

from django.contrib import messages as flash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from palantrix.errors import InvalidField
from palantrix.tenancy import MANAGERS, org_member_required

from .. import message_selectors, messages
from ..forms.messages import EmailTemplateForm
from ..models import OUTCOME_KINDS, CandidateEmailKind
from ..services.messages import candidate_email_template_save


@org_member_required(MANAGERS)
def email_template_list(request: HttpRequest) -> HttpResponse:
    wordings = message_selectors.email_templates(organization=request.organization)
    return render(
        request,
        "interviews/messages/list.html",
        {
            "rows": [
                (wording, CandidateEmailKind(wording.kind).label, wording.kind in OUTCOME_KINDS)
                for wording in wordings
            ]
        },
    )


@org_member_required(MANAGERS)
def email_template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in CandidateEmailKind.values:
        raise Http404("No such email.")
    organization = request.organization
    current = messages.wording_for(organization=organization, kind=kind)
    initial = {
        "subject": current.subject,
        "body": current.body,
        "next_step": current.next_step,
        "send_by_default": current.send_by_default,
    }
    form = EmailTemplateForm(request.POST or None, initial=initial)
    shown = current
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shown = messages.Wording(kind=kind, version=current.version, **data)
        if request.POST.get("action") == "save":
            try:
                saved = candidate_email_template_save(
                    organization=organization, actor=request.user, kind=kind, **data
                )
            except InvalidField as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                flash.success(request, f"Email saved (version {saved.version}).")
                return redirect("email_template_edit", org=organization.slug, kind=kind)
    return render(
        request,
        "interviews/messages/edit.html",
        {
            "kind": kind,
            "label": CandidateEmailKind(kind).label,
            "is_outcome": kind in OUTCOME_KINDS,
            "current": current,
            "form": form,
            "preview": messages.preview(shown, organization=organization),
            "unknown": messages.unknown_fields(f"{shown.subject} {shown.body}"),
        },
    )
