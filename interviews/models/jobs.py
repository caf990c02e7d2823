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

    def slots(self):
        """The set's questions in order, one per slot (alternatives of a pool left out)."""
        return self.questions.filter(variant=0).order_by("position")


class AnswerKind(models.TextChoices):
    VIDEO = "video", "Video"
    WRITTEN = "written", "Written (accommodation)"
    # A document for people to read (portfolio, writing sample): never transcribed or scored.
    FILE = "file", "File (PDF or image)"
    # A form: no recording, no timer, never transcribed or scored (eligibility, facts).
    CHOICE = "choice", "Choice among options (not scored)"


# What the candidate reads beside a choice question when the recruiter gave no wording.
KNOCKOUT_PURPOSE = (
    "This question checks an eligibility requirement of the job; a person, not the system, "
    "looks at any mismatch."
)
CHOICE_PURPOSE = (
    "This question gives the people reviewing your application a fact they need; it is not scored."
)


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
    # A slot (`position`) may hold equivalent alternatives: variant 0 is the slot's own
    # question, 1 and up are drawn instead of it, one per candidate, at the interview's
    # start (`interviews.QuestionDraw`). Alternatives share the slot's kind and timing.
    variant = models.PositiveSmallIntegerField(default=0)
    # A choice question: [{"key": "1", "text": "...", "acceptable": bool}]; keys never
    # change once candidates answered (a used set is copied before it is edited).
    options = models.JSONField(default=list, blank=True)
    multiple = models.BooleanField(default=False, help_text="Candidates may tick several.")
    # Knock-out: an option not marked acceptable flags the candidate for a person to look
    # at. It never rejects anyone, never reaches the scorer and never moves the ranking.
    knockout = models.BooleanField(default=False)
    purpose = models.CharField(max_length=300, blank=True)

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
                fields=["question_set", "position", "variant"],
                name="one_question_per_position_and_variant",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_choice(self) -> bool:
        return self.kind == AnswerKind.CHOICE

    @property
    def purpose_shown(self) -> str:
        """What the candidate is told the question is for (choice questions)."""
        if self.purpose:
            return self.purpose
        return KNOCKOUT_PURPOSE if self.knockout else CHOICE_PURPOSE

    def option_texts(self, keys) -> list[str]:
        by_key = {option["key"]: option["text"] for option in self.options}
        return [by_key[key] for key in keys if key in by_key]

    def is_mismatch(self, keys) -> bool:
        """A knock-out answer with an option not marked acceptable."""
        acceptable = {option["key"] for option in self.options if option.get("acceptable")}
        return self.knockout and any(key not in acceptable for key in keys)
