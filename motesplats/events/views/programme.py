"""The programme: day-by-day schedule, sessions, speakers, sign-up and the agenda.

Pages take the event id of either language version (`event_for_language`); the
programme's records belong to the canonical event. Writes (star, sign-up) are POST
forms that work without JavaScript: they redirect back with a message.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motesplats.core.i18n import current_language
from motesplats.core.ratelimit import rate_limited
from motesplats.events.calendars import (
    agenda_calendar,
    event_calendar,
    schedule_frab,
    session_calendar,
)
from motesplats.events.enums import SessionRole
from motesplats.events.models import Session
from motesplats.events.programme import (
    AgendaMarks,
    agenda_marks,
    agenda_owner,
    agenda_sessions,
    agenda_token,
    events_in_language,
    places_left,
    programme_days,
    programme_filter_options,
    programme_sessions,
    public_speaker,
    session_for_display,
    speaker_bio,
    speaker_sessions,
)
from motesplats.events.selectors import event_for_language
from motesplats.events.services.programme import (
    SignupError,
    agenda_star,
    agenda_unstar,
    session_signup,
    session_signup_cancel,
)


def _decorate(sessions: list[Session], marks: AgendaMarks) -> list[Session]:
    """Attach what the session template shows, from data already loaded."""
    for session in sessions:
        people = list(session.people.all())
        session.speakers = [p.speaker for p in people if p.role == SessionRole.SPEAKER]
        session.moderators = [
            p.speaker for p in people if p.role == SessionRole.MODERATOR
        ]
        session.places_left = places_left(session)
        session.is_starred = session.pk in marks.starred
        session.is_signed_up = session.pk in marks.signed_up
    return sessions


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unknown_filter_message(key: str) -> str:
    return {
        "track": _("There is no such track in this programme; showing all tracks."),
        "theme": _("No session has that theme; showing all themes."),
        "kind": _("There is no such kind of session here; showing all kinds."),
    }[key]


@require_GET
def programme_view(request: HttpRequest, event_id: int) -> HttpResponse:
    page = event_for_language(event_id=event_id)
    event = page.canonical
    options = programme_filter_options(event)
    filters, unknown = options.clean(request.GET)
    sessions = programme_sessions(event, filters=filters)
    marks = agenda_marks(user=request.user, event=event)
    context = {
        "event_page": page,
        "event": event,
        "days": programme_days(_decorate(sessions, marks)),
        "session_count": len(sessions),
        "options": options,
        "filters": filters,
        "filter_errors": [_unknown_filter_message(key) for key in unknown],
        "next": request.get_full_path(),
    }
    # A stale or mistyped filter link still shows the programme, with a notice.
    return render(request, "events/programme.html", context)


@require_GET
def session_detail_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_for_display(session_id=session_id)
    page = events_in_language([session.event], current_language())[session.event_id]
    marks = agenda_marks(user=request.user, event=session.event)
    _decorate([session], marks)
    return render(
        request,
        "events/session_detail.html",
        {
            "session": session,
            "event_page": page,
            "event": session.event,
            "next": request.get_full_path(),
        },
    )


@require_GET
def session_ics_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_for_display(session_id=session_id)
    return _calendar_response(
        session_calendar(session, language=current_language()),
        f"session-{session.pk}.ics",
    )


@require_GET
def event_ics_view(request: HttpRequest, event_id: int) -> HttpResponse:
    page = event_for_language(event_id=event_id)
    return _calendar_response(
        event_calendar(page, language=current_language()), f"{page.slug}.ics"
    )


@require_GET
def schedule_json_view(request: HttpRequest, event_id: int) -> HttpResponse:
    page = event_for_language(event_id=event_id)
    data = schedule_frab(
        page, language=current_language(), base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    # Public data meant for schedule apps and screens, which fetch it from elsewhere.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return default


def _posted_session(request: HttpRequest, session_id: int):
    """The session and where to go next; a redirect to the login when signed out."""
    session = get_object_or_404(
        Session.objects.select_related("event", "room"),
        pk=session_id,
        event__live=True,
    )
    default = reverse("events:session_detail", kwargs={"session_id": session.pk})
    next_url = _next_url(request, default)
    if not request.user.is_authenticated:
        return session, next_url, redirect_to_login(next_url)
    return session, next_url, None


@require_POST
@rate_limited("event_session")
def session_star_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session, next_url, login = _posted_session(request, session_id)
    if login is not None:
        return login
    if request.POST.get("action") == "unstar":
        agenda_unstar(session=session, user=request.user)
        messages.success(
            request,
            _("“%(title)s” is no longer in your agenda.") % {"title": session.title},
        )
    else:
        agenda_star(session=session, user=request.user)
        messages.success(
            request,
            _("“%(title)s” is in your agenda.") % {"title": session.title},
        )
    return HttpResponseRedirect(next_url, status=303)


@require_POST
@rate_limited("event_session")
def session_signup_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session, next_url, login = _posted_session(request, session_id)
    if login is not None:
        return login
    action = request.POST.get("action")
    if action == "cancel":
        if session_signup_cancel(session=session, user=request.user):
            messages.success(
                request,
                _("You have given up your place at “%(title)s”.")
                % {"title": session.title},
            )
        else:
            messages.info(request, _("You had no place at this session."))
    elif action == "signup":
        try:
            session_signup(session=session, user=request.user)
        except SignupError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("You have a place at “%(title)s”.") % {"title": session.title},
            )
    else:
        messages.error(request, _("Choose whether to sign up or to cancel."))
    return HttpResponseRedirect(next_url, status=303)


@login_required
@require_GET
def agenda_view(request: HttpRequest) -> HttpResponse:
    sessions = agenda_sessions(user=request.user)
    marks = agenda_marks(user=request.user)
    pages = events_in_language({s.event for s in sessions}, current_language())
    for session in sessions:
        session.event_page = pages[session.event_id]
    feed = request.build_absolute_uri(
        reverse("events:agenda_ics", kwargs={"token": agenda_token(request.user)})
    )
    return render(
        request,
        "events/agenda.html",
        {
            "days": programme_days(_decorate(sessions, marks)),
            "session_count": len(sessions),
            "feed_url": feed,
            "webcal_url": "webcal://" + feed.split("://", 1)[1],
            "next": request.get_full_path(),
        },
    )


@require_GET
def agenda_ics_view(request: HttpRequest, token: str) -> HttpResponse:
    user = agenda_owner(token)
    sessions = agenda_sessions(user=user)
    return _calendar_response(
        agenda_calendar(
            sessions,
            language=get_language() or "sv",
            name=_("My agenda – %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
        ),
        "agenda.ics",
    )


@require_GET
def speaker_detail_view(request: HttpRequest, speaker_id: int) -> HttpResponse:
    speaker = public_speaker(speaker_id=speaker_id)
    sessions = speaker_sessions(speaker)
    pages = events_in_language({s.event for s in sessions}, current_language())
    for session in sessions:
        session.event_page = pages[session.event_id]
    return render(
        request,
        "events/speaker_detail.html",
        {
            "speaker": speaker,
            "bio": speaker_bio(speaker),
            "sessions": _decorate(sessions, AgendaMarks(frozenset(), frozenset())),
        },
    )
