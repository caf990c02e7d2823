"""The demo processed by the real worker: nobody records, and the shortlist fills itself."""

import pytest
from django.core.management import call_command

from interviews.models import Answer, AnswerStatus, Invitation, Job
from scoring.models import Evidence, ScoreOverride
from scoring.services import PROCESSING_STATUSES
from tests.waiting import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_scores_the_demo_and_the_shortlist_ranks_it(
    demo_settings, celery_worker, client
):
    call_command("seed_demo", verbosity=0)

    def processed():
        return not Answer.objects.filter(status__in=PROCESSING_STATUSES).exists()

    # 27 short recordings on a busy two-core machine.
    wait_until(processed, timeout=1500, what="the worker to process the demo recordings")

    job = Job.objects.get(title="Customer success manager (demo)")
    manager = Invitation.objects.get(name="Amara Nwosu").decisions.get().decided_by
    client.force_login(manager)
    page = client.get(f"/o/acme/jobs/{job.public_id}/shortlist/").content.decode()
    # Specific stories outrank general claims.
    assert page.index("Priya Raman") < page.index("Mark Ellis")
    assert page.index("Amara Nwosu") < page.index("Mark Ellis")
    statuses = dict(
        Answer.objects.filter(invitation__name="Jonas Weber").values_list(
            "question__position", "status"
        )
    )
    assert statuses[1] == AnswerStatus.NEEDS_REVIEW  # answered in German
    assert set(
        Answer.objects.filter(invitation__name="Sofia Costa").values_list("status", flat=True)
    ) == {AnswerStatus.TRANSCRIBED}
    priya = Invitation.objects.get(name="Priya Raman")
    assert Evidence.objects.filter(score__answer__invitation=priya).exists()
    candidate = client.get(f"/o/acme/candidates/{priya.public_id}/").content.decode()
    assert "Level" in candidate
    # The demo reviewer's override landed once the score it corrects existed.
    wait_until(
        lambda: ScoreOverride.objects.filter(score__answer__invitation__name="Tom Becker").exists(),
        timeout=120,
        what="the demo override",
    )
