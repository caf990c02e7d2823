"""Job templates: browse the library and the team's own, make a job from one, save a job."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from interviews import selectors as interview_selectors
from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required

from . import selectors, services
from .forms import FromTemplateForm, SaveTemplateForm


@org_member_required(MANAGERS)
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interviews/jobtemplates/list.html",
        {
            "library": selectors.library_list(),
            "saved": [
                (template, selectors.job_template_blueprint(template))
                for template in selectors.job_template_list(organization=request.organization)
            ],
        },
    )


def _use(request: HttpRequest, blueprint, reference: str, saved=None) -> HttpResponse:
    form = FromTemplateForm(request.POST or None, initial={"title": blueprint.title})
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            lambda: services.job_create_from_template(
                organization=request.organization,
                actor=request.user,
                blueprint=blueprint,
                template=reference,
                **form.cleaned_data,
            ),
            success=lambda job: (
                f"Created {job.title} from the template, with {len(blueprint.questions)} "
                "questions and its own Team DNA Profile. Change anything; the template stays "
                "as it is."
            ),
        )
        if created:
            return redirect(
                "job_detail", org=request.organization.slug, job_id=created.value.public_id
            )
    return render(
        request,
        "interviews/jobtemplates/use.html",
        {"blueprint": blueprint, "form": form, "saved": saved},
    )


@org_member_required(MANAGERS)
def library_use(request: HttpRequest) -> HttpResponse:
    key = request.GET.get("template", "")
    return _use(request, selectors.library_get(key=key), f"library:{key}")


@org_member_required(MANAGERS)
def saved_use(request: HttpRequest, template_id) -> HttpResponse:
    template = selectors.job_template_get(organization=request.organization, public_id=template_id)
    blueprint = selectors.job_template_blueprint(template)
    return _use(request, blueprint, f"saved:{template.public_id}", saved=template)


@org_member_required(MANAGERS)
@require_POST
def saved_delete(request: HttpRequest, template_id) -> HttpResponse:
    template = selectors.job_template_get(organization=request.organization, public_id=template_id)
    services.job_template_delete(template=template, actor=request.user)
    messages.success(request, f"Deleted the template {template.name}.")
    return redirect("job_template_list", org=request.organization.slug)


@org_member_required(MANAGERS)
@require_POST
def job_save_as_template(request: HttpRequest, job_id) -> HttpResponse:
    job = interview_selectors.job_get(organization=request.organization, public_id=job_id)
    form = SaveTemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the template a name.")
    else:
        attempt(
            request,
            lambda: services.job_template_save(
                job=job, actor=request.user, name=form.cleaned_data["name"]
            ),
            success=lambda saved: (
                f"{'Saved' if saved[1] else 'Replaced'} the template {saved[0].name} for your team."
            ),
        )
    return redirect("job_detail", org=request.organization.slug, job_id=job.public_id)
