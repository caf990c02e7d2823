"""Answers by status, counted at each scrape of /metrics (palantrix.metrics).

An operator's figure over the whole installation: one count per status and nothing else,
no organisation, job or candidate in it."""

from collections.abc import Iterable

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from .models import Answer, AnswerStatus


def answers_by_status() -> Iterable[GaugeMetricFamily]:
    family = GaugeMetricFamily(
        "palantrix_answers", "Answers in each processing status", labels=["status"]
    )
    rows = Answer.objects.order_by().values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    for status in AnswerStatus.values:
        family.add_metric([status], counts.get(status, 0))
    yield family
