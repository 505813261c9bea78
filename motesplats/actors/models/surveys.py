"""Needs surveys: editors ask where actors need more knowledge; results are shared.

Anonymity (anonymous surveys): a response holds no user, no IP address and no time
finer than the date it was sent. That a member answered is kept in a separate
`SurveyParticipation` row, which has no link to the response. So that the two cannot
be paired by their order, the response and everything stored with it (its answers
and their chosen options) have random UUID primary keys: ordering responses by key
says nothing about when they came. The audit entry of an anonymous answer names
neither the member nor the response. The results never show single responses.

What this protects against: anyone using the site, the admin, the exports or the
data as the application reads it. Someone with direct access to the database could
still pair rows by storage details the application never reads (PostgreSQL's
transaction ids, SQLite's row ids), which is one reason that access is for operators
only.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from motesplats.actors.enums import QuestionKind, SurveyAudience, SurveyStatus
from motesplats.core.i18n import LocalizedProperty


class Survey(ClusterableModel):
    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    intro_sv = models.TextField(_("introduction (Swedish)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    audience = models.CharField(
        _("who may answer"),
        max_length=8,
        choices=SurveyAudience.choices,
        default=SurveyAudience.ALL,
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Answers are stored without any link to the person; signed-in members "
            "are only recorded as having answered, so they answer once."
        ),
    )
    results_public = models.BooleanField(_("results are public"), default=True)
    status = models.CharField(
        _("status"),
        max_length=6,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DRAFT,
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    node = models.ForeignKey(
        "nodes.Node",
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    title = LocalizedProperty("title")
    intro = LocalizedProperty("intro")

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.title)

    def accepts_answers(self, now=None) -> bool:
        """Open, and its closing time (if any) not yet passed."""
        if self.status != SurveyStatus.OPEN:
            return False
        return self.closes_at is None or (now or timezone.now()) < self.closes_at

    def is_finished(self, now=None) -> bool:
        """Closed by an editor, or open past its closing time."""
        return self.status == SurveyStatus.CLOSED or (
            self.status == SurveyStatus.OPEN and not self.accepts_answers(now)
        )


class SurveyQuestion(models.Model):
    """A question; its options are written one per line and kept as `SurveyChoice`
    rows by `survey_choices_sync`, so answers keep pointing at the option chosen."""

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text_sv = models.CharField(_("question (Swedish)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_sv = models.CharField(_("help text (Swedish)"), max_length=300, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=300, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    scale_min = models.SmallIntegerField(
        _("scale from"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    scale_max = models.SmallIntegerField(
        _("scale to"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    scale_min_label_sv = models.CharField(
        _("label of the lowest value (Swedish)"), max_length=60, blank=True
    )
    scale_min_label_en = models.CharField(
        _("label of the lowest value (English)"), max_length=60, blank=True
    )
    scale_max_label_sv = models.CharField(
        _("label of the highest value (Swedish)"), max_length=60, blank=True
    )
    scale_max_label_en = models.CharField(
        _("label of the highest value (English)"), max_length=60, blank=True
    )
    choices_sv = models.TextField(
        _("options (Swedish)"),
        blank=True,
        help_text=_(
            "For single and multiple choice: one option per line. Once a question "
            "has answers, its options can be added and reordered but not removed "
            "or reworded."
        ),
    )
    choices_en = models.TextField(
        _("options (English)"),
        blank=True,
        help_text=_("The same options in English, line by line, or empty."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    sort_order_field = "sort_order"

    text = LocalizedProperty("text")
    help = LocalizedProperty("help")
    scale_min_label = LocalizedProperty("scale_min_label")
    scale_max_label = LocalizedProperty("scale_max_label")

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class SurveyChoice(models.Model):
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="choices"
    )
    text_sv = models.CharField(_("choice (Swedish)"), max_length=200)
    text_en = models.CharField(_("choice (English)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    text = LocalizedProperty("text")

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class SurveyResponse(models.Model):
    """One person's answers. `respondent` stays empty on anonymous surveys.

    The random key (uuid4, never a time-ordered kind) is what keeps responses from
    being paired with participations by their order; see the module's docstring.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    may_publish_text = models.BooleanField(
        _("my free-text answers may be published"), default=False
    )
    submission_key = models.CharField(max_length=64, unique=True)
    # Coarse on purpose: a date, not a time, so answers cannot be matched to
    # participation records by timestamp on anonymous surveys.
    submitted_on = models.DateField(_("submitted"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"response #{self.pk}"


class SurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers"
    )
    # RESTRICT: a question with answers is not deleted on its own (its results
    # would go), only with its whole survey.
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.RESTRICT, related_name="answers"
    )
    choices = models.ManyToManyField(
        SurveyChoice,
        blank=True,
        related_name="answers",
        through="SurveyAnswerChoice",
    )
    scale_value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=5000)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="actors_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"answer #{self.pk}"


class SurveyAnswerChoice(models.Model):
    """An option chosen in an answer, with a random key like the answer's own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(
        SurveyAnswer, on_delete=models.CASCADE, related_name="chosen"
    )
    # RESTRICT: an option that has answers is not removed on its own (results
    # would change), only with its whole survey.
    choice = models.ForeignKey(
        SurveyChoice, on_delete=models.RESTRICT, related_name="chosen"
    )

    class Meta:
        verbose_name = _("chosen option")
        verbose_name_plural = _("chosen options")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "choice"], name="actors_choose_option_once"
            )
        ]

    def __str__(self) -> str:
        return f"chosen option #{self.pk}"


class SurveyParticipation(models.Model):
    """That a member answered, kept apart from what they answered."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_participations",
    )

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="actors_answer_survey_once"
            )
        ]

    def __str__(self) -> str:
        return f"participation #{self.pk}"
