"""The base of an admin tool for one event (raffle, 1:1 meetings): who may open it,
its title and breadcrumbs, and its overview URL that POST actions return to."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from motesplats.events.models import EventPage
from motesplats.events.reports import user_can_manage_event


def editable_event(user, event_id: int) -> tuple[EventPage, bool]:
    """The canonical event page with this id and whether `user` may edit it."""
    page = EventPage.objects.filter(pk=event_id).select_related("locale").first()
    if page is None:
        raise Http404("No such event")
    event = page.canonical
    return event, user_can_manage_event(user, event)


class EventToolView(WagtailAdminTemplateMixin, TemplateView):
    """Subclasses set `page_title`, `template_name`, `overview_url_name` and the
    sentence `forbidden_text` shown, with a 403, to those who may not edit the event."""

    overview_url_name = ""
    forbidden_text = ""

    def dispatch(self, request: HttpRequest, event_id: int, action: str = ""):
        self.event, allowed = editable_event(request.user, event_id)
        if not allowed:
            return TemplateResponse(
                request,
                "events/admin/tool_forbidden.html",
                {
                    "page_title": self.page_title,
                    "header_title": self.page_title,
                    "forbidden_text": self.forbidden_text,
                },
                status=403,
            )
        self.action = action
        self.event_loaded()
        return super().dispatch(request, event_id)

    def event_loaded(self) -> None:
        """Read what the tool needs about `self.event` before handling the request."""

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": self.page_title},
        ]

    def overview_url(self) -> str:
        return reverse(self.overview_url_name, args=[self.event.pk])

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.action:
            return redirect(self.overview_url())
        return super().get(request, *args, **kwargs)
