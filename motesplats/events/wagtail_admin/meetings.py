"""Admin: organisers' 1:1 meetings (hooks registered on import).

At /admin/events/<event id>/meetings/ (namespace `events_meetings_admin`), for people
who may edit the event page: slots and tables, counts, running the scheduler, reviewing
the draft and publishing it. Every change is a POST that calls one service; a refusal
shows the service's message and changes nothing.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from motesplats.core.forms import error_summary
from motesplats.events.forms.meetings import (
    MeetingRunForm,
    MeetingSlotsForm,
    MeetingTablesForm,
)
from motesplats.events.meetings import (
    event_slots,
    event_tables,
    latest_run,
    meeting_counts,
    schedule_overview,
)
from motesplats.events.models import EventPage, MeetingRunState, MeetingSlot
from motesplats.events.services.meetings import (
    MeetingError,
    meeting_schedule_start,
    meeting_slot_delete,
    meeting_slots_create,
    meeting_tables_set,
    meetings_publish,
)

from .event_tool import EventToolView

# Why a run failed, by the code before the colon in `MeetingScheduleRun.error`.
RUN_ERRORS = {
    "changed": gettext_lazy(
        "Published meetings changed while the scheduler ran. Run it again."
    ),
    "conflict": gettext_lazy(
        "Another change was saved at the same time. Run the scheduler again."
    ),
    "rules": gettext_lazy(
        "The plan broke a rule and was not stored. Run the scheduler again; if it "
        "happens again, tell the site's administrators."
    ),
}


def run_error(run) -> str:
    return str(RUN_ERRORS.get(run.error.split(":", 1)[0], RUN_ERRORS["rules"]))


FORM_FIELDS = {
    "count": "count",
    "minutes": "minutes",
    "first_start": "first_start",
    "pause_minutes": "pause_minutes",
}


class MeetingsAdminView(EventToolView):
    template_name = "events/admin/meetings.html"
    page_title = gettext_lazy("1:1 meetings")
    header_icon = "group"
    overview_url_name = "events_meetings_admin:overview"
    forbidden_text = gettext_lazy(
        "Only the people who may edit this event can manage its 1:1 meetings. Ask "
        "an editor at the organising node."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start = self.event.starts_at
        kwargs.setdefault(
            "slots_form",
            MeetingSlotsForm(
                initial={"date": start.date(), "first_start": start.time()}
            ),
        )
        tables = event_tables(self.event)
        kwargs.setdefault(
            "tables_form", MeetingTablesForm(initial={"count": len(tables) or 10})
        )
        kwargs.setdefault("run_form", MeetingRunForm())
        run = latest_run(self.event)
        context.update(kwargs)
        context.update(
            {
                "event": self.event,
                "counts": meeting_counts(self.event),
                "slots": event_slots(self.event),
                "tables": tables,
                "run": run,
                "run_error": run_error(run) if run and run.error else "",
                "run_busy": run is not None
                and run.state in (MeetingRunState.QUEUED, MeetingRunState.RUNNING),
                "meetings": schedule_overview(self.event),
                "public_url": reverse("events:meetings", args=[self.event.pk]),
            }
        )
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        handler = getattr(self, f"post_{self.action}", None)
        if handler is None:
            return redirect(self.overview_url())
        return handler(request)

    def _invalid(self, form, key: str) -> HttpResponse:
        context = self.get_context_data(**{key: form})
        context["errors"] = error_summary(form)
        return self.render_to_response(context, status=400)

    def post_slots(self, request: HttpRequest) -> HttpResponse:
        form = MeetingSlotsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = meeting_slots_create(
                    event=self.event,
                    first_start=form.start(),
                    minutes=data["minutes"],
                    count=data["count"],
                    pause_minutes=data.get("pause_minutes") or 0,
                    actor=request.user,
                )
            except MeetingError as error:
                form.add_error(FORM_FIELDS.get(error.code), error.messages[0])
            else:
                messages.success(
                    request,
                    _("%(count)d slots added.") % {"count": len(created)},
                )
                return redirect(self.overview_url())
        return self._invalid(form, "slots_form")

    def post_slot_delete(self, request: HttpRequest) -> HttpResponse:
        slot = MeetingSlot.objects.filter(
            pk=_int(request.POST.get("slot")), event=self.event
        ).first()
        if slot is None:
            messages.error(request, _("That slot does not exist (any more)."))
            return redirect(self.overview_url())
        try:
            meeting_slot_delete(slot=slot, actor=request.user)
        except MeetingError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The slot is removed."))
        return redirect(self.overview_url())

    def post_tables(self, request: HttpRequest) -> HttpResponse:
        form = MeetingTablesForm(request.POST)
        if form.is_valid():
            try:
                count = meeting_tables_set(
                    event=self.event,
                    count=form.cleaned_data["count"],
                    actor=request.user,
                )
            except MeetingError as error:
                form.add_error("count", error.messages[0])
            else:
                messages.success(
                    request, _("There are now %(count)d tables.") % {"count": count}
                )
                return redirect(self.overview_url())
        return self._invalid(form, "tables_form")

    def post_run(self, request: HttpRequest) -> HttpResponse:
        form = MeetingRunForm(request.POST)
        if form.is_valid():
            try:
                run = meeting_schedule_start(
                    event=self.event,
                    actor=request.user,
                    time_limit_s=form.cleaned_data["time_limit_s"],
                )
            except MeetingError as error:
                form.add_error(None, error.messages[0])
            else:
                run.refresh_from_db()
                if run.state == MeetingRunState.DONE:
                    messages.success(
                        request,
                        _(
                            "The scheduler placed %(scheduled)d meetings (%(kept)d "
                            "published ones kept in place). Review the draft below, "
                            "then publish it."
                        )
                        % {
                            "scheduled": run.result.get("scheduled", 0),
                            "kept": run.result.get("kept", 0),
                        },
                    )
                elif run.state == MeetingRunState.FAILED:
                    messages.error(
                        request,
                        _("The scheduler could not finish: %(error)s Nothing changed.")
                        % {"error": run_error(run)},
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "The scheduler is running. Reload this page in a minute "
                            "to see the draft."
                        ),
                    )
                return redirect(self.overview_url())
        return self._invalid(form, "run_form")

    def post_publish(self, request: HttpRequest) -> HttpResponse:
        try:
            count = meetings_publish(event=self.event, actor=request.user)
        except MeetingError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _(
                    "%(count)d meetings are published. Each participant gets an "
                    "e-mail with their meetings."
                )
                % {"count": count},
            )
        return redirect(self.overview_url())


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@hooks.register("register_admin_urls")
def register_meetings_admin_urls():
    view = MeetingsAdminView.as_view()
    urls = [
        path("", view, name="overview"),
        re_path(
            r"^(?P<action>slots|slot_delete|tables|run|publish)/$", view, name="action"
        ),
    ]
    return [
        path(
            "events/<int:event_id>/meetings/",
            include((urls, "events_meetings_admin")),
        )
    ]


@hooks.register("register_page_header_buttons")
def meetings_header_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), EventPage):
        return
    event = page.specific.canonical
    if not event.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("1:1 meetings"),
        reverse("events_meetings_admin:overview", args=[event.pk]),
        icon_name="group",
        priority=42,
    )
