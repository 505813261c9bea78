"""Admin for the harvester: editors register peer sources, see each source's runs (read
only) and can harvest a source at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from motesplats.api.harvest import source_harvest
from motesplats.api.models import HarvestRun, PeerSource


class _SourceEditView(EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                Button(
                    gettext("Harvest now"),
                    url=reverse("harvest_sources:harvest_now", args=[self.object.pk]),
                    icon_name="download",
                    priority=5,
                )
            )
        return buttons


class PeerSourceViewSet(ModelViewSet):
    model = PeerSource
    icon = "download"
    menu_label = gettext_lazy("Harvest sources")
    add_to_admin_menu = False
    edit_view_class = _SourceEditView
    list_display = [
        "name",
        "kind",
        "node",
        "active",
        "last_success_at",
        "consecutive_failures",
        "next_attempt_at",
    ]
    list_filter = ["kind", "active", "node"]
    search_fields = ["name", "base_url"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
            FieldPanel("base_url"),
            FieldRowPanel([FieldPanel("node"), FieldPanel("remote_node")]),
            FieldPanel("active"),
            MultiFieldPanel(
                [
                    FieldPanel("last_success_at", read_only=True),
                    FieldPanel("watermark", read_only=True),
                    FieldPanel("consecutive_failures", read_only=True),
                    FieldPanel("next_attempt_at", read_only=True),
                    FieldPanel("last_error", read_only=True),
                ],
                heading=gettext_lazy("Harvest state"),
            ),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/harvest/", self.harvest_now_view, name="harvest_now"),
        ]

    def harvest_now_view(self, request, pk):
        """GET asks, POST runs the source once (ignoring back-off) and reports."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        source = get_object_or_404(PeerSource, pk=pk)
        if request.method == "POST":
            run = source_harvest(source=source)
            if run.error:
                messages.error(
                    request, gettext("Harvest failed: %(error)s") % {"error": run.error}
                )
            else:
                messages.success(
                    request,
                    gettext(
                        "Harvested: %(created)d new, %(updated)d updated, "
                        "%(deleted)d unpublished, %(skipped)d left as edited here."
                    )
                    % {
                        "created": run.created,
                        "updated": run.updated,
                        "deleted": run.deleted,
                        "skipped": run.skipped_local_edit,
                    },
                )
            return redirect(self.get_url_name("edit"), source.pk)
        return TemplateResponse(
            request,
            "api/admin/harvest_now.html",
            {
                "source": source,
                "runs": source.runs.all()[:20],
                "back_url": reverse(self.get_url_name("edit"), args=[source.pk]),
            },
        )


class _ReadOnly(ModelPermissionPolicy):
    """Runs are a log: they can be looked at, never added, changed or deleted."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(HarvestRun, _ReadOnly(HarvestRun))


class HarvestRunViewSet(ModelViewSet):
    model = HarvestRun
    icon = "list-ul"
    menu_label = gettext_lazy("Harvest runs")
    add_to_admin_menu = False
    inspect_view_enabled = True
    list_display = [
        "source",
        "started_at",
        "fetched",
        "created",
        "updated",
        "deleted",
        "skipped_local_edit",
        "invalid",
        "error",
    ]
    list_filter = ["source"]
    inspect_view_fields = [
        "source",
        "started_at",
        "finished_at",
        "full_pass",
        "fetched",
        "created",
        "updated",
        "unchanged",
        "deleted",
        "skipped_local_edit",
        "invalid",
        "error",
        "messages",
    ]

    # The add and edit views exist but nobody may use them (see `_ReadOnly`).
    exclude_form_fields: list[str] = []


class HarvestViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Harvest")
    menu_icon = "download"
    menu_order = 360
    items = (
        PeerSourceViewSet("harvest_sources"),
        HarvestRunViewSet("harvest_runs"),
    )


@hooks.register("register_admin_viewset")
def register_harvest_viewsets():
    return HarvestViewSetGroup()
