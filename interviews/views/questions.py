"""The job's question set: add (by hand or from the library), edit, reorder, delete."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from palantrix.pages import attempt
from palantrix.tenancy import MANAGERS, org_member_required

from .. import library, selectors, services
from ..forms.jobs import AlternativeForm, IntroForm, LibraryForm, QuestionForm, options_text


def _competencies(job):
    if job.profile is None:
        return []
    return list(selectors.profile_current_competencies(profile=job.profile))


def _to_editor(job, anchor: str = "") -> HttpResponse:
    response = redirect("question_set_edit", org=job.organization.slug, job_id=job.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _question_input(form: QuestionForm) -> services.QuestionInput:
    return services.QuestionInput(**form.cleaned_data)


@org_member_required(MANAGERS)
def question_set_edit(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    question_set = selectors.question_set_current(job=job)
    competencies = _competencies(job)
    names = {str(c.key): c.name for c in competencies}

    def named(question):
        return [names[key] for key in question.competency_keys if key in names]

    everything = list(question_set.questions.order_by("position", "variant"))
    questions = [
        (
            question,
            named(question),
            [
                (alternative, named(alternative))
                for alternative in everything
                if alternative.position == question.position and alternative.variant
            ],
            AlternativeForm(  # what a new alternative starts from: the slot's own
                auto_id=f"alt-{question.public_id}-%s",
                initial={
                    "question_type": question.question_type,
                    "competency_keys": question.competency_keys,
                },
                competencies=competencies,
            ),
        )
        for question in everything
        if not question.variant
    ]
    used = {q.text for q in everything}
    return render(
        request,
        "interviews/jobs/questions.html",
        {
            "job": job,
            "question_set": question_set,
            "questions": questions,
            "timing": selectors.question_set_timing(question_set=question_set),
            "in_use": question_set.invitations.exists(),
            "intro_form": IntroForm(initial={"intro": question_set.intro}),
            "question_form": QuestionForm(competencies=competencies),
            "library": [
                (theme, [q for q in library.LIBRARY if q.theme == theme and q.text not in used])
                for theme in library.THEMES
            ],
        },
    )


@org_member_required(MANAGERS)
@require_POST
def intro_save(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    form = IntroForm(request.POST)
    if form.is_valid():
        services.question_set_update_intro(
            job=job, actor=request.user, intro=form.cleaned_data["intro"]
        )
        messages.success(request, "Welcome message saved.")
    return _to_editor(job)


@org_member_required(MANAGERS)
@require_POST
def question_add(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    form = QuestionForm(request.POST, competencies=_competencies(job))
    if not form.is_valid():
        messages.error(
            request,
            "Check the question: "
            + "; ".join(
                f"{form.fields[name].label}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            ),
        )
        return _to_editor(job, "add-question")
    attempt(
        request,
        lambda: services.question_add(job=job, actor=request.user, question=_question_input(form)),
        success="Question added.",
    )
    return _to_editor(job, "questions")


@org_member_required(MANAGERS)
@require_POST
def library_add(request: HttpRequest, job_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    form = LibraryForm(request.POST, library=library.LIBRARY)
    if not form.is_valid():
        messages.error(request, "Choose at least one question from the library.")
        return _to_editor(job, "library")
    competencies = _competencies(job)
    added = 0
    for question_id in form.cleaned_data["questions"]:
        entry = library.BY_ID[question_id]
        question = services.QuestionInput(
            text=entry.text,
            answer_seconds=entry.answer_seconds,
            think_seconds=entry.think_seconds,
            question_type=entry.question_type,
            competency_keys=library.match_competency(entry.theme, competencies),
        )
        if not attempt(
            request,
            partial(
                services.question_add,
                job=job,
                actor=request.user,
                source=f"library:{entry.id}",
                question=question,
            ),
        ):
            break
        added += 1
    if added:
        messages.success(
            request, f"Added {added} question{'s' if added > 1 else ''} from the library."
        )
    return _to_editor(job, "questions")


@org_member_required(MANAGERS)
@require_POST
def alternative_add(request: HttpRequest, job_id, question_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    question = selectors.question_get(job=job, public_id=question_id)
    form = AlternativeForm(request.POST, competencies=_competencies(job))
    if not form.is_valid():
        messages.error(request, "Check the alternative: give its text.")
        return _to_editor(job, "questions")
    attempt(
        request,
        lambda: services.question_add_alternative(
            question=question, actor=request.user, **form.cleaned_data
        ),
        success="Alternative added: each candidate gets one of the slot's questions at random.",
    )
    return _to_editor(job, "questions")


def _alternative_edit(request: HttpRequest, job, question) -> HttpResponse:
    form = AlternativeForm(
        request.POST or None,
        initial={
            "text": question.text,
            "question_type": question.question_type,
            "competency_keys": question.competency_keys,
        },
        competencies=_competencies(job),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.question_update(
                question=question,
                actor=request.user,
                data=services.QuestionInput(**form.cleaned_data),
            ),
            success="Alternative saved.",
        )
    ):
        return _to_editor(job, "questions")
    return render(
        request,
        "interviews/jobs/question_form.html",
        {"job": job, "question": question, "form": form},
    )


@org_member_required(MANAGERS)
def question_edit(request: HttpRequest, job_id, question_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    question = selectors.question_get(job=job, public_id=question_id)
    if question.variant:
        return _alternative_edit(request, job, question)
    initial = {
        "text": question.text,
        "answer_seconds": question.answer_seconds,
        "think_seconds": question.think_seconds,
        "retakes": question.retakes,
        "kind": question.kind,
        "question_type": question.question_type,
        "competency_keys": question.competency_keys,
        "options": options_text(question.options),
        "multiple": question.multiple,
        "knockout": question.knockout,
        "purpose": question.purpose,
    }
    form = QuestionForm(request.POST or None, initial=initial, competencies=_competencies(job))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.question_update(
                question=question, actor=request.user, data=_question_input(form)
            ),
            success="Question saved.",
        )
    ):
        return _to_editor(job, "questions")
    return render(
        request,
        "interviews/jobs/question_form.html",
        {"job": job, "question": question, "form": form},
    )


@org_member_required(MANAGERS)
@require_POST
def question_delete(request: HttpRequest, job_id, question_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    question = selectors.question_get(job=job, public_id=question_id)
    services.question_delete(question=question, actor=request.user)
    messages.success(request, "Question deleted.")
    return _to_editor(job, "questions")


@org_member_required(MANAGERS)
@require_POST
def question_move(request: HttpRequest, job_id, question_id) -> HttpResponse:
    job = selectors.job_get(organization=request.organization, public_id=job_id)
    question = selectors.question_get(job=job, public_id=question_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.question_move(question=question, actor=request.user, offset=offset)
    return _to_editor(job, "questions")
