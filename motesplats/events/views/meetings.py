"""1:1 meetings for participants: take part, mark others, see one's meetings (web and
iCalendar).

Only signed-in people with a confirmed place see anything here; only those who opted
in see the other participants. Everything works without JavaScript: marks are small
POST forms that redirect back with a message.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motesplats.core.forms import error_summary
from motesplats.core.i18n import current_language
from motesplats.core.ratelimit import rate_limited
from motesplats.events.forms.meetings import (
    WISH_CHOICES,
    MeetingFilterForm,
    MeetingMarkForm,
    MeetingOptInForm,
)
from motesplats.events.meetings import (
    MUST_CAP,
    confirmed_registration,
    directory_filtered,
    meeting_directory,
    meetings_calendar,
    meetings_open,
    my_meetings,
    participant_for,
)
from motesplats.events.models import EventPage, MeetingParticipant, Registration
from motesplats.events.selectors import event_for_language
from motesplats.events.services.meetings import (
    MeetingError,
    meeting_optin,
    meeting_optout,
    meeting_request_set,
)

PER_PAGE = 50


@dataclass
class _Access:
    page: EventPage  # in the visitor's language
    event: EventPage  # canonical: the records belong to it
    registration: Registration
    participant: MeetingParticipant | None


class _Refused(Exception):
    def __init__(self, response: HttpResponse):
        self.response = response


def _context(request: HttpRequest, event_id: int, *, need_participant: bool):
    """The event, the person's registration and opt-in; or a refusal to render."""
    page = event_for_language(event_id=event_id)
    event = page.canonical
    if not event.meeting_slots.exists():
        raise Http404("No 1:1 meetings at this event")
    if not request.user.is_authenticated:
        raise _Refused(redirect_to_login(request.get_full_path()))
    registration = confirmed_registration(user=request.user, event=event)
    if registration is None:
        raise _Refused(
            render(
                request,
                "events/meetings/not_registered.html",
                {"event_page": page, "event": event},
                status=403,
            )
        )
    participant = participant_for(user=request.user, event=event)
    if need_participant and participant is None:
        raise _Refused(
            HttpResponseRedirect(
                reverse("events:meetings_optin", kwargs={"event_id": event_id}),
                status=303,
            )
        )
    return _Access(page, event, registration, participant)


def _guarded(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return refused.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_GET
@_guarded
def meetings_view(request: HttpRequest, event_id: int) -> HttpResponse:
    access = _context(request, event_id, need_participant=True)
    directory = meeting_directory(event=access.event, viewer=access.participant)
    filters = MeetingFilterForm(request.GET or None, sectors=directory.sectors)
    filter_errors = []
    if filters.is_bound:
        if filters.is_valid():
            directory = directory_filtered(
                directory,
                sector=filters.cleaned_data["sector"],
                text=filters.cleaned_data["q"],
            )
        else:
            # A stale or mistyped filter link still shows everyone, with a notice.
            filter_errors = [
                _("That filter does not match any sector here; showing everyone.")
            ]
    pages = Paginator(directory.people, PER_PAGE)
    people = pages.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/meetings/directory.html",
        {
            "event_page": access.page,
            "event": access.event,
            "participant": access.participant,
            "directory": directory,
            "people": people,
            "filters": filters,
            "filter_errors": filter_errors,
            "query": query.urlencode(),
            "wish_choices": WISH_CHOICES,
            "must_cap": MUST_CAP,
            "next": request.get_full_path(),
            "open": meetings_open(access.event),
        },
    )


@require_http_methods(["GET", "POST"])
@_guarded
@rate_limited("event_meetings")
def meetings_optin_view(request: HttpRequest, event_id: int) -> HttpResponse:
    access = _context(request, event_id, need_participant=False)
    initial = {}
    if access.participant is not None:
        initial = {
            "topic": access.participant.topic,
            "unavailable_slots": list(access.participant.unavailable_slots.all()),
            "consent": True,
        }
    form = MeetingOptInForm(
        request.POST if request.method == "POST" else None,
        event=access.event,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting_optin(
                    registration=access.registration,
                    topic=form.cleaned_data["topic"],
                    consent=form.cleaned_data["consent"],
                    unavailable_slots=form.cleaned_data["unavailable_slots"],
                    actor=request.user,
                )
            except MeetingError as error:
                form.add_error(
                    "consent" if error.code == "consent" else None, error.messages[0]
                )
            else:
                messages.success(
                    request,
                    _("You take part in 1:1 meetings.")
                    if access.participant is None
                    else _("Your details for 1:1 meetings are saved."),
                )
                return HttpResponseRedirect(
                    reverse("events:meetings", kwargs={"event_id": event_id}),
                    status=303,
                )
        status = 400
    return render(
        request,
        "events/meetings/optin.html",
        {
            "event_page": access.page,
            "event": access.event,
            "participant": access.participant,
            "form": form,
            "errors": error_summary(form),
            "open": meetings_open(access.event),
        },
        status=status,
    )


@require_POST
@_guarded
def meetings_optout_view(request: HttpRequest, event_id: int) -> HttpResponse:
    access = _context(request, event_id, need_participant=True)
    meeting_optout(participant=access.participant, actor=request.user)
    messages.success(
        request,
        _(
            "You no longer take part in 1:1 meetings here. Your marks are deleted and "
            "your meetings cancelled."
        ),
    )
    return HttpResponseRedirect(
        reverse("events:meetings_optin", kwargs={"event_id": event_id}), status=303
    )


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_POST
@_guarded
@rate_limited("event_meetings")
def meetings_mark_view(request: HttpRequest, event_id: int) -> HttpResponse:
    access = _context(request, event_id, need_participant=True)
    next_url = _next_url(
        request, reverse("events:meetings", kwargs={"event_id": event_id})
    )
    form = MeetingMarkForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("That mark could not be saved. Choose one of the options.")
        )
        return HttpResponseRedirect(next_url, status=303)
    if not meetings_open(access.event):
        messages.error(request, _("The event is over: marks can no longer change."))
        return HttpResponseRedirect(next_url, status=303)
    try:
        meeting_request_set(
            requester=access.participant,
            target_id=form.cleaned_data["target"],
            wish=form.cleaned_data["wish"],
            actor=request.user,
        )
    except MeetingError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Your mark is saved."))
    return HttpResponseRedirect(next_url, status=303)


@require_GET
@_guarded
def meetings_mine_view(request: HttpRequest, event_id: int) -> HttpResponse:
    access = _context(request, event_id, need_participant=True)
    return render(
        request,
        "events/meetings/mine.html",
        {
            "event_page": access.page,
            "event": access.event,
            "participant": access.participant,
            "meetings": my_meetings(access.participant),
        },
    )


@require_GET
@_guarded
def meetings_ics_view(request: HttpRequest, event_id: int) -> HttpResponse:
    access = _context(request, event_id, need_participant=True)
    content = meetings_calendar(
        access.page, my_meetings(access.participant), language=current_language()
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="meetings-{access.event.pk}.ics"'
    )
    return response
