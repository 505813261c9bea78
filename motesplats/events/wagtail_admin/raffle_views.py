"""Organisers' raffle view in the Wagtail admin: open, follow the applications, close, draw.

Only people who may edit the event page may see or change its raffle. Every change is
a POST that calls one service; a refused step shows the service's message and changes
nothing.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motesplats.core.forms import error_summary
from motesplats.events.enums import RaffleStatus, RegistrationMode
from motesplats.events.forms.raffle import RaffleCloseForm, RaffleOpenForm
from motesplats.events.services.raffle import (
    RaffleError,
    raffle_applications,
    raffle_close,
    raffle_draw,
    raffle_for_event,
    raffle_open,
)
from motesplats.events.wagtail_admin.event_tool import EventToolView
from motesplats.taxonomy.models import Sector

# Which form field a refusal of `raffle_open` is about (the rest go on top).
OPEN_ERROR_FIELDS = {
    "places": "places",
    "capacity": "places",
    "close_time": "applications_close_at",
}


class RaffleAdminView(EventToolView):
    template_name = "events/admin/raffle.html"
    page_title = gettext_lazy("Raffle")
    header_icon = "tasks"
    overview_url_name = "events_raffle_admin:overview"
    forbidden_text = gettext_lazy(
        "Only the people who may edit this event can manage its raffle. Ask an "
        "editor at the organising node."
    )

    def event_loaded(self) -> None:
        self.raffle = raffle_for_event(self.event)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raffle = self.raffle
        if "open_form" not in kwargs and raffle is None:
            context["open_form"] = RaffleOpenForm(sectors=Sector.objects.all())
        if "close_form" not in kwargs:
            context["close_form"] = RaffleCloseForm()
        context.update(
            {
                "event": self.event,
                "raffle": raffle,
                "raffle_mode": self.event.registration_mode == RegistrationMode.RAFFLE,
                "applications": raffle_applications(self.event),
                "closes_early": raffle is not None
                and raffle.status == RaffleStatus.OPEN
                and timezone.now() < raffle.applications_close_at,
                "public_url": reverse("events:raffle", args=[self.event.pk]),
                "quota_rows": self.quota_rows(),
            }
        )
        return context

    def quota_rows(self) -> list[tuple[str, int]]:
        if self.raffle is None or not self.raffle.quotas:
            return []
        names = {s.slug: str(s.name) for s in Sector.objects.all()}
        return [
            (names.get(slug, slug), number)
            for slug, number in sorted(self.raffle.quotas.items())
        ]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.action:
            return redirect(self.overview_url())
        return getattr(self, f"post_{self.action}")(request)

    def post_open(self, request: HttpRequest) -> HttpResponse:
        form = RaffleOpenForm(request.POST, sectors=Sector.objects.all())
        if form.is_valid():
            data = form.cleaned_data
            try:
                raffle_open(
                    event=self.event,
                    places=data["places"],
                    quotas=form.quotas(),
                    applications_close_at=data["applications_close_at"],
                    actor=request.user,
                )
            except RaffleError as error:
                form.add_error(OPEN_ERROR_FIELDS.get(error.code), error.messages[0])
            else:
                messages.success(
                    request,
                    _(
                        "The raffle is open and its commitment is published. "
                        "Applications can now be made."
                    ),
                )
                return redirect(self.overview_url())
        context = self.get_context_data(open_form=form)
        context["errors"] = error_summary(form)
        return self.render_to_response(context, status=400)

    def post_close(self, request: HttpRequest) -> HttpResponse:
        form = RaffleCloseForm(request.POST)
        form.is_valid()  # a checkbox: always valid
        if self.raffle is None:
            messages.error(request, _("Open the raffle first."))
            return redirect(self.overview_url())
        try:
            raffle_close(
                raffle=self.raffle,
                actor=request.user,
                early=form.cleaned_data.get("early", False),
            )
        except RaffleError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _(
                    "Applications are closed. Every application has a key and the "
                    "list of entries is published."
                ),
            )
        return redirect(self.overview_url())

    def post_draw(self, request: HttpRequest) -> HttpResponse:
        if self.raffle is None:
            messages.error(request, _("Open the raffle first."))
            return redirect(self.overview_url())
        try:
            raffle_draw(raffle=self.raffle, actor=request.user)
        except RaffleError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _(
                    "The places are drawn and the seed is revealed. Everyone who "
                    "applied gets an e-mail with the result."
                ),
            )
        return redirect(self.overview_url())
