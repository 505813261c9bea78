"""Admin for organisations: editors list and edit them, approve or reject proposals,
see likely duplicates and merge two organisations.

The viewset lists and edits; the moderation views live at /admin/actors/organisations/
under the namespace `actors_org_admin`. Only editors (`permissions.is_editor`) get in;
every change is a POST that calls one service, and a refused step shows the service's
message and changes nothing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from motesplats.actors.enums import MembershipStatus, OrganisationStatus
from motesplats.actors.models import (
    CoalitionMember,
    Message,
    NeedOffer,
    Organisation,
    OrganisationMembership,
    Profile,
)
from motesplats.actors.permissions import is_editor
from motesplats.actors.selectors.organisations import (
    LIVE,
    likely_duplicates,
    proposals_pending,
    similar_organisations,
)
from motesplats.actors.services.organisation_merge import organisation_merge
from motesplats.actors.services.organisations import (
    organisation_approve,
    organisation_reject,
)


class OrganisationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("sector", "county", "node")
            .annotate(
                member_count=Count(
                    "memberships",
                    filter=Q(memberships__status=MembershipStatus.ACTIVE),
                    distinct=True,
                )
            )
        )


class OrganisationCreateView(generic.CreateView):
    def save_instance(self):
        # An editor's own addition needs no second editor's approval.
        self.form.instance.status = OrganisationStatus.APPROVED
        return super().save_instance()


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = gettext_lazy("Organisations")
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = OrganisationIndexView
    add_view_class = OrganisationCreateView
    list_filter = ["status", "sector", "county", "node"]
    search_fields = ["name", "org_number", "municipality"]
    list_display = [
        "name",
        "org_number",
        "sector",
        "county",
        "node",
        "status",
        Column("member_count", label=gettext_lazy("Members")),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("slug"), FieldPanel("org_number")],
                heading=gettext_lazy("Name"),
            ),
            FieldPanel("sector"),
            FieldPanel("county"),
            FieldPanel("municipality"),
            FieldPanel("website"),
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("description_sv"),
            FieldPanel("description_en"),
            FieldPanel("logo"),
            FieldPanel("contact_email"),
            FieldPanel("contact_url"),
            FieldPanel("node"),
        ],
    )


organisation_viewset = OrganisationViewSet("organisations")


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return organisation_viewset


# --- moderation ------------------------------------------------------------------------


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(
        label=gettext_lazy("Merge this organisation"),
        queryset=Organisation.objects.filter(status__in=LIVE).order_by("name"),
        help_text=gettext_lazy("It disappears; its page redirects to the other."),
    )
    target = forms.ModelChoiceField(
        label=gettext_lazy("into this one"),
        queryset=Organisation.objects.filter(
            status=OrganisationStatus.APPROVED
        ).order_by("name"),
        help_text=gettext_lazy("It keeps its name and gets everything of the first."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked that they are the same organisation"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("source")
            and cleaned.get("target")
            and cleaned["source"].pk == cleaned["target"].pk
        ):
            raise ValidationError(_("Choose two different organisations."))
        return cleaned


class ProposalDecisionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), widget=forms.HiddenInput
    )
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(max_length=500, required=False)


def merge_preview(source: Organisation) -> dict[str, int]:
    """What would move from `source` in a merge."""
    return {
        "memberships": OrganisationMembership.objects.filter(
            organisation=source
        ).count(),
        "profiles": Profile.objects.filter(organisation=source).count(),
        "needs_offers": NeedOffer.objects.filter(organisation=source).count(),
        "coalitions": CoalitionMember.objects.filter(organisation=source).count(),
        "messages": Message.objects.filter(recipient_organisation=source).count(),
    }


class _EditorView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not is_editor(request.user):
            return TemplateResponse(
                request,
                "actors/organisations/admin_forbidden.html",
                {"page_title": self.page_title, "header_title": self.page_title},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("organisations:index"), "label": _("Organisations")},
            {"url": "", "label": self.page_title},
        ]


class ProposalsView(_EditorView):
    template_name = "actors/organisations/admin_proposals.html"
    page_title = gettext_lazy("Proposed organisations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposals"] = [
            (org, similar_organisations(org.name, exclude_pk=org.pk))
            for org in proposals_pending()
        ]
        return context

    def post(self, request: HttpRequest):
        form = ProposalDecisionForm(request.POST)
        organisation = form.cleaned_data["organisation"] if form.is_valid() else None
        decision = form.cleaned_data["decision"] if organisation else ""
        if organisation is None:
            messages.error(request, _("Choose a proposal and what to do with it."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            if decision == "approve":
                organisation_approve(organisation=organisation, actor=request.user)
                messages.success(
                    request, _("“%(name)s” is approved.") % {"name": organisation.name}
                )
            else:
                organisation_reject(
                    organisation=organisation,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request, _("“%(name)s” is rejected.") % {"name": organisation.name}
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        return redirect("actors_org_admin:proposals")


class DuplicatesView(_EditorView):
    template_name = "actors/organisations/admin_duplicates.html"
    page_title = gettext_lazy("Likely duplicates")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pairs"] = [
            (left, right, round(score * 100))
            for left, right, score in likely_duplicates()
        ]
        return context


class MergeView(_EditorView):
    template_name = "actors/organisations/admin_merge.html"
    page_title = gettext_lazy("Merge organisations")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        if form is None:
            form = MergeForm(
                initial={
                    "source": self.request.GET.get("source"),
                    "target": self.request.GET.get("target"),
                }
            )
        context["form"] = form
        source = form.initial.get("source") if not form.is_bound else None
        if form.is_bound and form.is_valid():
            source = form.cleaned_data["source"]
        elif source and str(source).isdigit():
            source = Organisation.objects.filter(pk=int(source)).first()
        context["preview"] = (
            merge_preview(source) if isinstance(source, Organisation) else None
        )
        context["source"] = source if isinstance(source, Organisation) else None
        return context

    def post(self, request: HttpRequest):
        form = MergeForm(request.POST)
        if form.is_valid() and not form.cleaned_data["confirm"]:
            form.add_error(
                "confirm", _("Tick the box to confirm that they are the same.")
            )
        if form.is_valid():
            source, target = form.cleaned_data["source"], form.cleaned_data["target"]
            try:
                organisation_merge(source=source, target=target, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("“%(source)s” is merged into “%(target)s”.")
                    % {"source": source.name, "target": target.name},
                )
                return redirect("organisations:edit", target.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


@hooks.register("register_admin_urls")
def register_organisation_admin_urls():
    urls = [
        path("proposals/", ProposalsView.as_view(), name="proposals"),
        path("duplicates/", DuplicatesView.as_view(), name="duplicates"),
        path("merge/", MergeView.as_view(), name="merge"),
    ]
    return [path("actors/organisations/", include((urls, "actors_org_admin")))]


class _EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_proposals_menu_item():
    return _EditorMenuItem(
        gettext_lazy("Organisation proposals"),
        reverse("actors_org_admin:proposals"),
        icon_name="tasks",
        order=301,
    )


@hooks.register("register_admin_menu_item")
def register_duplicates_menu_item():
    return _EditorMenuItem(
        gettext_lazy("Merge organisations"),
        reverse("actors_org_admin:duplicates"),
        icon_name="resubmit",
        order=302,
    )
