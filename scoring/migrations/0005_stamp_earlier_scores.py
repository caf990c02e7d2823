"""Scores made before stamping name their scorer only in `scorer` ("palantrix-dna-scorer 2;
all-MiniLM-L6-v2 (…)"): copy its version and method into the new columns, so that scoring
the same input with the same scorer again finds them instead of adding a duplicate."""

from django.db import migrations

FORWARD = r"""
UPDATE scoring_score
   SET scorer_version = left(trim(split_part(scorer, ';', 1)), 60),
       method_version = CASE
           WHEN trim(split_part(scorer, ';', 1)) ~ '^palantrix-dna-scorer [0-9]+$'
           THEN regexp_replace(trim(split_part(scorer, ';', 1)), '^palantrix-dna-scorer ', '')
           ELSE '' END
 WHERE scorer_version = '';
"""


class Migration(migrations.Migration):
    dependencies = [("scoring", "0004_score_stamps_levels_evidence_offsets")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=migrations.RunSQL.noop)]
