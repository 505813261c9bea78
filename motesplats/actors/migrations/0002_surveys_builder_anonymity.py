"""Surveys: questions built in the admin (options one per line), and responses with
random keys so that their order cannot pair them with participations.

Responses and answers are dropped and created anew rather than altered: an integer
key cannot be cast to a UUID on PostgreSQL, and no survey has been answered in a
release before this migration (the surveys came with the same unreleased issue).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import modelcluster.fields


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name="SurveyAnswer"),
        migrations.DeleteModel(name="SurveyResponse"),
        migrations.AddField(
            model_name="surveyquestion",
            name="choices_sv",
            field=models.TextField(
                blank=True,
                help_text="For single and multiple choice: one option per line. Once a question has answers, its options can be added and reordered but not removed or reworded.",
                verbose_name="options (Swedish)",
            ),
        ),
        migrations.AddField(
            model_name="surveyquestion",
            name="choices_en",
            field=models.TextField(
                blank=True,
                help_text="The same options in English, line by line, or empty.",
                verbose_name="options (English)",
            ),
        ),
        migrations.AlterField(
            model_name="surveyquestion",
            name="survey",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="questions",
                to="actors.survey",
            ),
        ),
        migrations.CreateModel(
            name="SurveyResponse",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "may_publish_text",
                    models.BooleanField(
                        default=False,
                        verbose_name="my free-text answers may be published",
                    ),
                ),
                ("submission_key", models.CharField(max_length=64, unique=True)),
                ("submitted_on", models.DateField(verbose_name="submitted")),
                (
                    "respondent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="survey_responses",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responses",
                        to="actors.survey",
                    ),
                ),
            ],
            options={
                "verbose_name": "survey response",
                "verbose_name_plural": "survey responses",
            },
        ),
        migrations.CreateModel(
            name="SurveyAnswer",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("scale_value", models.SmallIntegerField(blank=True, null=True)),
                ("text", models.TextField(blank=True, max_length=5000)),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="answers",
                        to="actors.surveyquestion",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="actors.surveyresponse",
                    ),
                ),
            ],
            options={
                "verbose_name": "survey answer",
                "verbose_name_plural": "survey answers",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("response", "question"),
                        name="actors_one_answer_per_question",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SurveyAnswerChoice",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "answer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="chosen",
                        to="actors.surveyanswer",
                    ),
                ),
                (
                    "choice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="chosen",
                        to="actors.surveychoice",
                    ),
                ),
            ],
            options={
                "verbose_name": "chosen option",
                "verbose_name_plural": "chosen options",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("answer", "choice"), name="actors_choose_option_once"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="surveyanswer",
            name="choices",
            field=models.ManyToManyField(
                blank=True,
                related_name="answers",
                through="actors.SurveyAnswerChoice",
                to="actors.surveychoice",
            ),
        ),
    ]
