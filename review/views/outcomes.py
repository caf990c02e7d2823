"""Taking back a decision's email within its grace period."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from interviews import message_selectors
from palantrix.errors import DomainError
from palantrix.tenancy import org_member_required, require_overseer

from ..services import outcome_email_withdraw


@org_member_required()
@require_POST
def outcome_email_withdraw_view(request: HttpRequest, outcome_email_id) -> HttpResponse:
    email = message_selectors.outcome_email_get(
        organization=request.organization, public_id=outcome_email_id
    )
    require_overseer(request)
    try:
        outcome_email_withdraw(email=email, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Email withdrawn: the candidate will not receive it.")
    return redirect(
        "candidate_detail",
        org=request.organization.slug,
        invitation_id=email.invitation.public_id,
    )
