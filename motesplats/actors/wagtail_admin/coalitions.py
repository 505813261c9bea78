"""Admin for coalitions (Wagtail viewsets registered with hooks).

Editors create a coalition with its theme, access, node and first coordinator (an
account found by its e-mail address), and may name further coordinators later. The
coordinators run the rest from the coalition's own page on the site.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from motesplats.accounts.models import User
from motesplats.actors.enums import CoalitionRole, MembershipStatus
from motesplats.actors.models import Coalition
from motesplats.actors.services.coalitions import coalition_add_coordinator


class CoalitionAdminForm(WagtailAdminModelForm):
    coordinator_email = forms.EmailField(
        label=_("Coordinator's e-mail address"),
        required=False,
        help_text=_(
            "The account of a person who coordinates the coalition. Required for a "
            "new coalition; on an existing one it adds a coordinator."
        ),
    )

    def clean_coordinator_email(self):
        email = (self.cleaned_data.get("coordinator_email") or "").strip()
        if not email:
            if self.instance.pk is None:
                raise ValidationError(_("A new coalition needs a first coordinator."))
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(
                _(
                    "No active account has this e-mail address. Ask the person to "
                    "create an account first."
                )
            )
        return user

    def clean(self):
        cleaned = super().clean()
        theme = cleaned.get("theme")
        questions = cleaned.get("questions")
        if (
            theme is not None
            and questions
            and any(q.theme_id != theme.pk for q in questions)
        ):
            self.add_error("questions", _("Choose questions of the coalition's theme."))
        return cleaned


class _SaveCoordinator:
    def save_instance(self):
        instance = super().save_instance()
        user = self.form.cleaned_data.get("coordinator_email")
        if user is not None:
            coalition_add_coordinator(
                coalition=instance, user=user, actor=self.request.user
            )
        return instance


class CoalitionCreateView(_SaveCoordinator, generic.CreateView):
    pass


class CoalitionEditView(_SaveCoordinator, generic.EditView):
    pass


class CoalitionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("theme", "node")
            .annotate(
                member_count=Count(
                    "members",
                    filter=Q(members__status=MembershipStatus.ACTIVE),
                    distinct=True,
                ),
                coordinator_count=Count(
                    "members",
                    filter=Q(
                        members__status=MembershipStatus.ACTIVE,
                        members__role=CoalitionRole.COORDINATOR,
                    ),
                    distinct=True,
                ),
            )
        )


class CoalitionViewSet(ModelViewSet):
    model = Coalition
    icon = "group"
    menu_label = _("Coalitions")
    menu_order = 310
    add_to_admin_menu = True
    index_view_class = CoalitionIndexView
    add_view_class = CoalitionCreateView
    edit_view_class = CoalitionEditView
    list_filter = ["theme", "is_knowledge_alliance", "access", "node", "is_active"]
    search_fields = ["name_sv", "name_en", "purpose_sv"]
    list_display = [
        "name_sv",
        "theme",
        "is_knowledge_alliance",
        "access",
        "node",
        "is_active",
        Column("member_count", label=_("Members")),
        Column("coordinator_count", label=_("Coordinators")),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name_sv"), FieldPanel("name_en"), FieldPanel("slug")],
                heading=_("Name"),
            ),
            FieldPanel("theme"),
            FieldPanel("purpose_sv"),
            FieldPanel("purpose_en"),
            FieldPanel("questions", widget=forms.CheckboxSelectMultiple),
            FieldPanel("is_knowledge_alliance"),
            FieldPanel("access"),
            FieldPanel("node"),
            FieldPanel("is_active"),
            FieldPanel("coordinator_email"),
        ],
        base_form_class=CoalitionAdminForm,
    )


coalition_viewset = CoalitionViewSet("coalitions")


@hooks.register("register_admin_viewset")
def register_coalition_viewset():
    return coalition_viewset
