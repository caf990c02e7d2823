from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from palantrix.tenancy import org_member_required

from . import services


@org_member_required()
@require_POST
def guide_dismiss(request: HttpRequest) -> HttpResponse:
    services.guide_dismiss(membership=request.membership)
    return redirect("dashboard", org=request.organization.slug)
