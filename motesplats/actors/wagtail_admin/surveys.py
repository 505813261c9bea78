"""Admin for surveys: editors build a survey and its questions on one page.

Rights are the Django permissions `actors.*_survey`, granted to the editor groups.
Questions are an inline panel; their options are written one per line and kept in step
as `SurveyChoice` rows by `survey_saved` (the form refuses changes that would alter
answered questions, see `motesplats.actors.forms.surveys`).
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from motesplats.actors.forms.surveys import (
    SurveyAdminForm,
    SurveyQuestionAdminForm,
    SurveyQuestionFormSet,
)
from motesplats.actors.models import Survey
from motesplats.actors.services.surveys import survey_saved
from motesplats.core.audit import log_action


class QuestionsPanel(InlinePanel):
    """The questions, with the checks that keep answered questions intact."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(
            form=SurveyQuestionAdminForm, formset=SurveyQuestionFormSet
        )
        return options


class ResultsColumn(Column):
    """Links to a survey's public page and its results (editors see them always)."""

    def get_value(self, instance):
        survey_url = reverse("actors:survey_detail", kwargs={"slug": instance.slug})
        results_url = reverse("actors:survey_results", kwargs={"slug": instance.slug})
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            survey_url,
            _("Survey page"),
            results_url,
            _("Results"),
        )


class SurveyCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        return survey_saved(survey=instance, actor=self.request.user, created=True)


class SurveyEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        return survey_saved(survey=instance, actor=self.request.user, created=False)


class SurveyDeleteView(generic.DeleteView):
    def delete_action(self):
        survey_id, title = self.object.pk, str(self.object)
        super().delete_action()
        log_action(
            action="actors.survey.deleted",
            actor=self.request.user,
            data={"id": survey_id, "title": title},
        )


class SurveyViewSet(ModelViewSet):
    model = Survey
    name = "surveys"
    url_prefix = "surveys"
    icon = "list-ul"
    menu_label = _("Surveys")
    menu_order = 230
    add_to_admin_menu = True
    add_view_class = SurveyCreateView
    edit_view_class = SurveyEditView
    delete_view_class = SurveyDeleteView
    list_display = [
        "title_sv",
        "status",
        "audience",
        "is_anonymous",
        "closes_at",
        ResultsColumn("links", label=_("Pages")),
    ]
    list_filter = ["status", "audience"]
    search_fields = ["title_sv", "title_en"]
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("title_sv"), FieldPanel("title_en")]),
                    FieldPanel("slug"),
                    FieldPanel("intro_sv"),
                    FieldPanel("intro_en"),
                    FieldPanel("node"),
                ],
                heading=_("Survey"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("audience"),
                    FieldPanel("is_anonymous"),
                    FieldPanel("results_public"),
                    FieldPanel("status"),
                    FieldPanel("closes_at"),
                ],
                heading=_("Who answers, and when"),
            ),
            QuestionsPanel(
                "questions",
                label=_("Question"),
                heading=_("Questions"),
                panels=[
                    FieldPanel("kind"),
                    FieldRowPanel([FieldPanel("text_sv"), FieldPanel("text_en")]),
                    FieldRowPanel([FieldPanel("help_sv"), FieldPanel("help_en")]),
                    FieldPanel("is_required"),
                    FieldRowPanel(
                        [FieldPanel("choices_sv"), FieldPanel("choices_en")],
                        heading=_("Options"),
                    ),
                    FieldRowPanel(
                        [FieldPanel("scale_min"), FieldPanel("scale_max")],
                        heading=_("Scale"),
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("scale_min_label_sv"),
                            FieldPanel("scale_min_label_en"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("scale_max_label_sv"),
                            FieldPanel("scale_max_label_en"),
                        ]
                    ),
                ],
            ),
        ],
        base_form_class=SurveyAdminForm,
    )


@hooks.register("register_admin_viewset")
def register_surveys():
    return SurveyViewSet()
