"""The dashboard's guided path: what to try first, per role, in a few steps."""

from dataclasses import dataclass

from django.urls import reverse

from palantrix.models import Role


@dataclass(frozen=True)
class Step:
    text: str
    link: str
    label: str


def steps(*, role: str, slug: str, job=None) -> list[Step]:
    """A few first steps for the member's role; `job` (the demo job) makes them concrete."""

    def url(name: str, *args) -> str:
        return reverse(name, args=[slug, *args])

    shortlist = url("shortlist", job.public_id) if job else url("job_list")
    jobs = url("job_detail", job.public_id) if job else url("job_list")
    review = Step(
        "Open the ranked shortlist, then a candidate: each score shows the transcript quotes "
        "it rests on and the level it matched.",
        shortlist,
        "Open the shortlist",
    )
    if role == Role.HIRING_MANAGER:
        return [
            review,
            Step(
                "Rate an answer yourself, and override a score with a reason when you hear "
                "something the AI missed. The AI never rejects anyone: you decide.",
                shortlist,
                "Review candidates",
            ),
            Step(
                "Filter the shortlist to “needs human review”: answers the AI could not score "
                "wait for you there.",
                f"{shortlist}?needs_review=1" if job else shortlist,
                "Needs human review",
            ),
            Step(
                "Read how the AI scores before you rely on it.",
                reverse("instructions"),
                "How scoring works",
            ),
        ]
    if role == Role.ADMIN:
        return [
            Step(
                "Check AI oversight: who may override and decide, and the switch that stops AI "
                "scoring for the whole organisation.",
                url("oversight"),
                "Oversight",
            ),
            Step(
                "Read the bias report: scoring rates and impact ratios from candidates' "
                "voluntary self-identification.",
                url("bias_report"),
                "Bias report",
            ),
            review,
            Step(
                "Invite your colleagues and choose their roles.", url("team"), "Invite colleagues"
            ),
        ]
    return [
        Step(
            "Start a job from a template: questions and a Team DNA Profile with levels, "
            "ready to adjust.",
            url("job_template_list"),
            "Job templates",
        ),
        Step(
            "Open a job's page: its funnel, its invitations, and “Save as a template”.",
            jobs,
            job.title if job else "All jobs",
        ),
        review,
    ]
