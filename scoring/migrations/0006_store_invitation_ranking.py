"""Store every existing candidate's standing (data migration; the fields came with
interviews 0012). New changes store it themselves, through `scoring.ranking.refresh`."""

from django.db import migrations

from scoring.ranking import Row, standing


def store(apps, schema_editor):
    Invitation = apps.get_model("interviews", "Invitation")
    Score = apps.get_model("scoring", "Score")
    found: dict[int, list[Row]] = {}
    rows = Score.objects.filter(status="active").values_list(
        "answer__invitation_id", "weight", "value", "overridden_value", "confidence"
    )
    for invitation_id, *parts in rows.iterator():
        found.setdefault(invitation_id, []).append(Row(*parts))
    for invitation_id, scores in found.items():
        result = standing(scores)
        Invitation.objects.filter(pk=invitation_id).update(
            ranking_value=result.value,
            ranking_ai=result.ai,
            ranking_confidence=result.confidence,
            ranking_overridden=result.overridden,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0005_stamp_earlier_scores"),
        ("interviews", "0012_invitation_ranking"),
    ]

    operations = [migrations.RunPython(store, migrations.RunPython.noop)]
