"""Transcripts, scores and their evidence.

A score names everything it was made from: the transcript (by id and SHA-256), the
engine and model that transcribed it, the scorer, and the Team DNA Profile version.
Scores are never edited: a new profile version or a corrected transcript adds new
scores and marks the old ones superseded, so history stays.
"""

from django.conf import settings
from django.db import models

from interviews.models import Answer, ProfileVersion
from palantrix.models import TenantModel


class Transcript(TenantModel):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="transcripts")
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    engine = models.CharField(max_length=100)
    model = models.CharField(max_length=200)
    language = models.CharField(max_length=10, blank=True)
    language_probability = models.FloatField(null=True, blank=True)
    avg_logprob = models.FloatField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["answer", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="transcript_version_unique"),
            models.UniqueConstraint(
                fields=["answer"],
                condition=models.Q(is_current=True),
                name="one_current_transcript",
            ),
        ]

    def __str__(self) -> str:
        return f"Transcript v{self.version} of {self.answer_id}"


class TranscriptSegment(TenantModel):
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    index = models.PositiveIntegerField()
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()

    class Meta:
        ordering = ["transcript", "index"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "index"], name="segment_index_unique")
        ]

    def __str__(self) -> str:
        return f"{self.start:.1f}-{self.end:.1f}"


class ScoreStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Superseded by a newer score"
    WITHDRAWN = "withdrawn", "Withdrawn (the candidate withdrew from AI assessment)"


class Score(TenantModel):
    """One competency's AI score for one answer: advisory, with its evidence."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="scores")
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="scores")
    profile_version = models.ForeignKey(
        ProfileVersion, on_delete=models.PROTECT, related_name="scores"
    )
    competency_key = models.UUIDField()
    competency_name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField()
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence = models.FloatField()
    insufficient = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    scorer = models.CharField(max_length=200)
    # What made the score, stamped by the worker (blank on scores made before stamping):
    # the scorer's version and method version, and the model files by name and SHA-256.
    scorer_version = models.CharField(max_length=60, blank=True, default="")
    method_version = models.CharField(max_length=60, blank=True, default="")
    model_fingerprint = models.JSONField(default=dict, blank=True)
    # The anchored level (1-5) whose description the answer matched, and that description.
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    level_anchor = models.TextField(blank=True, default="")
    # The scorer could not place the answer confidently: no number, a person assesses it.
    needs_review = models.BooleanField(default=False)
    review_reason = models.CharField(max_length=300, blank=True, default="")
    transcriber = models.CharField(max_length=300)
    transcript_sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=ScoreStatus.choices, default=ScoreStatus.ACTIVE
    )

    # The latest human override (its history is in ScoreOverride); it wins in rankings.
    overridden_value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["answer", "competency_name"]
        constraints = [
            # A new scorer or method scores the same input again; the older scores stay.
            models.UniqueConstraint(
                fields=[
                    "answer",
                    "competency_key",
                    "profile_version",
                    "transcript",
                    "scorer_version",
                    "method_version",
                ],
                name="one_score_per_input_and_scorer",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=100),
                name="score_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="score_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_name}: {self.value}"

    @property
    def scorer_label(self) -> str:
        """ "palantrix-dna-scorer 3", also for scores made before the version was stamped."""
        return self.scorer_version or self.scorer.split(";")[0]


# What a quote shows of an answer, as reviewers read it.
ELEMENTS = {
    "episode": "a specific episode",
    "own_action": "the candidate's own action",
    "reason": "a reason for an action",
    "result": "a result",
    "reflection": "reflection on what was learned",
    "plan": "a plan (situational question)",
}


class Evidence(TenantModel):
    """A sentence of the answer that drove a score, and the profile example it matched.

    `start`/`end` place the quote exactly in the score's transcript text (what reviewers
    read, not the masked text the scorer read); null on evidence made before offsets."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    rank = models.PositiveSmallIntegerField()
    sentence = models.TextField()
    example = models.TextField()
    example_kind = models.CharField(max_length=6)
    similarity = models.FloatField()
    support = models.FloatField()
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    # What the quote shows: episode, own_action, reason, result, reflection, plan (or "").
    element = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["score", "rank"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.sentence[:60]

    @property
    def element_label(self) -> str:
        return ELEMENTS.get(self.element, self.element.replace("_", " "))


class RescoreRun(TenantModel):
    """Re-scoring a job's answers against a newer profile version, in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    job = models.ForeignKey("interviews.Job", on_delete=models.CASCADE, related_name="rescores")
    profile_version = models.ForeignKey(
        ProfileVersion, on_delete=models.PROTECT, related_name="rescores"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    scorer_version = models.CharField(max_length=60, blank=True, default="")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Re-score to v{self.profile_version.number}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class ScoreOverride(TenantModel):
    """A reviewer's correction of an AI score, with the reason; the AI's value stays."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="overrides")
    value = models.PositiveSmallIntegerField()
    previous = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField()
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["score", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__lte=100), name="override_0_to_100")
        ]

    def __str__(self) -> str:
        return f"{self.previous} -> {self.value}"


class Rating(TenantModel):
    """A reviewer's own 1-5 rating of an answer, with an optional comment. Others' ratings
    show only after one's own (no anchoring); on blind-review jobs, so do the AI's."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["answer", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "reviewer"], name="one_rating_per_reviewer"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value}/5"


class Playback(TenantModel):
    """What the reviewer's player plays for a recording: renditions made by the worker next
    to the original in the bucket (see `scoring.playback`). Without a ready one, the player
    plays the original upload."""

    class Status(models.TextChoices):
        WORKING = "working", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed (the original is played)"

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="playback")
    # The upload it was made from: a new upload under another key is made again.
    source_key = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WORKING)
    claimed_by = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # [{"key": ..., "type": ...}] in the order the player tries them (<source> elements).
    renditions = models.JSONField(default=list, blank=True)
    poster_key = models.CharField(max_length=300, blank=True)
    problem = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Playback of {self.answer_id} ({self.status})"
