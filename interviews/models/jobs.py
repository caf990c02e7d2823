"""Jobs and their numbered question sets."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from palantrix.models import TenantModel

from .profiles import Profile


class JobStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Job(TenantModel):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.DRAFT)
    profile = models.ForeignKey(
        Profile, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    invitation_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days a candidate has to finish, from the invitation."
    )
    reminder_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Hours before the deadline to remind unfinished candidates; 0: never."
    )
    # A candidate who asks for more time gets this many days at once, without a person,
    # once per invitation (a later request waits for the team); 0: every request waits.
    auto_extension_days = models.PositiveSmallIntegerField(
        default=0,
        help_text="Days added at once when a candidate asks for more time (once each); 0: ask us.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Answers in another language go to human review (the embedder is English-only).
    language = models.CharField(
        max_length=8, default="en", help_text="Language of the answers (ISO 639-1)."
    )
    # Automation bias (Art. 14(4)(b)): reviewers see an answer's AI scores only after
    # rating it themselves.
    blind_first_review = models.BooleanField(default=False)
    # The job's own stop switch for AI scoring (the organisation has one too).
    ai_scoring_paused = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invitation_days__gte=1, invitation_days__lte=60),
                name="job_invitation_days_1_to_60",
            ),
            models.CheckConstraint(
                condition=Q(auto_extension_days__lte=30), name="job_auto_extension_0_to_30_days"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionSet(TenantModel):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="question_sets")
    number = models.PositiveIntegerField()
    intro = models.TextField(blank=True)

    class Meta:
        ordering = ["job", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["job", "number"], name="question_set_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.job} questions v{self.number}"


class AnswerKind(models.TextChoices):
    VIDEO = "video", "Video"
    WRITTEN = "written", "Written (accommodation)"
    # A document for people to read (portfolio, writing sample): never transcribed or scored.
    FILE = "file", "File (PDF or image)"


class QuestionType(models.TextChoices):
    BEHAVIOURAL = "behavioural", "Behavioural (a past example: “Tell us about a time…”)"
    SITUATIONAL = "situational", "Situational (a plan: “What would you do if…”)"


class Question(TenantModel):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    answer_seconds = models.PositiveSmallIntegerField(default=120)
    think_seconds = models.PositiveSmallIntegerField(default=30)
    retakes = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=AnswerKind.choices, default=AnswerKind.VIDEO)
    # A situational answer is judged on the plan it gives rather than on a past episode.
    question_type = models.CharField(
        max_length=12, choices=QuestionType.choices, default=QuestionType.BEHAVIOURAL
    )
    # Keys of the job profile's competencies this question is meant to reveal.
    competency_keys = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["question_set", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_seconds__gte=30, answer_seconds__lte=300),
                name="question_answer_30_to_300_s",
            ),
            models.CheckConstraint(
                condition=Q(think_seconds__lte=120), name="question_think_0_to_120_s"
            ),
            models.CheckConstraint(condition=Q(retakes__lte=3), name="question_retakes_0_to_3"),
            # Checked at commit, so a reorder may pass through duplicates on its way.
            models.UniqueConstraint(
                fields=["question_set", "position"],
                name="one_question_per_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
