"""The public side of a job's public link: anyone may open it, register with a name and an
email address, and confirm with the one-time link emailed to them. No staff login; the
organisation comes from the link. Registrations are limited per address and per network
(palantrix.ratelimit), and the pages answer alike for a known and an unknown address."""

import hashlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from palantrix import ratelimit
from palantrix.errors import DomainError

from .. import selectors
from ..candidates import candidate_limit, candidate_login
from ..forms.public_links import ApplyForm
from ..services import public_links

HOUR = 3600
LIMITED = (
    "Too many applications came from your address or network in the last hour. "
    "Please try again in an hour."
)


def _network(request: HttpRequest) -> str:
    """The client's network: a /24 of IPv4 or a /64 of IPv6, as one household or office
    tends to hold (so one person cannot register through many addresses of it)."""
    address = ratelimit.client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 64}", strict=False))


def _within_limits(request: HttpRequest, email: str) -> bool:
    by_network = ratelimit.allow(
        scope="public-apply-network",
        key=_network(request),
        limit=settings.PUBLIC_APPLY_PER_NETWORK_PER_HOUR,
        period=HOUR,
    )
    # The address is counted under its hash: the cache holds no personal data.
    by_address = ratelimit.allow(
        scope="public-apply-address",
        key=hashlib.sha256(email.strip().lower().encode()).hexdigest(),
        limit=settings.PUBLIC_APPLY_PER_ADDRESS_PER_HOUR,
        period=HOUR,
    )
    return by_network and by_address


def _context(link, **extra):
    job = link.job
    question_set = selectors.question_set_current(job=job)
    return {
        "link": link,
        "job": job,
        "organization": link.organization,
        "timing": selectors.question_set_timing(question_set=question_set),
        **extra,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, link_id) -> HttpResponse:
    link = selectors.public_link_published(public_id=link_id)
    try:
        public_links.public_link_check(link)
    except public_links.PublicLinkUnavailable as error:
        return render(
            request,
            "interviews/apply/closed.html",
            _context(link, reason=str(error)),
            status=410,
        )
    form = ApplyForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        if not form.is_valid():
            error, status = "Enter your name and a valid email address.", 400
        elif not _within_limits(request, form.cleaned_data["email"]):
            error, status = LIMITED, 429
        else:
            try:
                public_links.public_registration_request(link=link, **form.cleaned_data)
            except public_links.PublicLinkUnavailable as unavailable:
                return render(
                    request,
                    "interviews/apply/closed.html",
                    _context(link, reason=str(unavailable)),
                    status=410,
                )
            except DomainError as problem:
                error, status = str(problem), 400
            else:
                # The same page for everyone: it says nothing of an earlier application.
                return render(request, "interviews/apply/sent.html", _context(link))
    response = render(
        request, "interviews/apply/form.html", _context(link, form=form, error=error), status=status
    )
    if status == 429:
        response["Retry-After"] = str(ratelimit.retry_after(HOUR))
    return response


@never_cache
@candidate_limit
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link shows a button; pressing it confirms. (Mail scanners that open
    links must not spend a one-time link.)"""
    if request.method == "POST":
        try:
            invitation = public_links.public_registration_confirm(token=token)
        except DomainError as error:
            response = render(
                request,
                "interviews/apply/invalid.html",
                {"reason": str(error)},
                status=410,
            )
        else:
            candidate_login(request, invitation)
            response = redirect("candidate_landing")
    elif (waiting := selectors.public_registration_waiting(token=token)) is None:
        response = render(
            request,
            "interviews/apply/invalid.html",
            {"reason": public_links.RegistrationInvalid.MESSAGE},
            status=410,
        )
    else:
        response = render(
            request,
            "interviews/apply/confirm.html",
            {"organization": waiting.organization, "job": waiting.link.job},
        )
    # The token is in this URL: never hand it to another site as a referrer. (Not
    # "no-referrer": a form posted from such a page says "Origin: null", which the CSRF
    # check refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response
