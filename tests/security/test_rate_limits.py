"""Every form that sends e-mail or creates data is rate limited: 429 with Retry-After.

For each endpoint, the account's (or the address's) window is filled up to the limit in
settings.RATE_LIMITS with the counting the views use; then one more real POST must be
refused with the readable 429 page and change nothing: no row in any of our tables,
no page, image or document, no e-mail. One below the limit, the same POST goes through
to the view (whatever it answers, it is not a 429).

Sign-up and password reset are allauth's (ACCOUNT_RATE_LIMITS) and are hit for real.
Comments, reports, messages, surveys and the API have limits of their own, tested in
their apps (tests/comments/test_ratelimit.py, tests/actors/test_messages.py,
tests/actors/test_surveys.py, tests/api/test_http.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core import mail, signing
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page

import pytest
from allauth.account.models import EmailAddress

from motesplats.actors.enums import CoalitionAccess
from motesplats.comments.services import CONFIRM_SALT, comment_create
from motesplats.core import ratelimit
from motesplats.events.models import Registration
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    add_coalition_member,
    add_org_member,
)
from tests.actors.test_organisations import _proposal
from tests.events.factories import book, make_event
from tests.events.meeting_helpers import meeting_event, person
from tests.events.registration_helpers import valid_post as registration_post
from tests.events.test_programme import add_session
from tests.factories import UserFactory
from tests.impact.model_factories import make_model
from tests.knowledge.submission_helpers import valid_post as innovation_post

pytestmark = pytest.mark.django_db

IP_A, IP_B = "203.0.113.10", "203.0.113.20"


def _url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@dataclass
class Case:
    """What to POST where, as whom (None: a visitor)."""

    url: str
    data: dict
    user: object = None


# --- one builder per endpoint -----------------------------------------------------------


def organisation_propose():
    return Case(_url("actors:organisation_propose"), _proposal(), UserFactory())


def organisation_join():
    org = OrganisationFactory()
    add_org_member(org, UserFactory(), admin=True)
    return Case(_url("actors:organisation_join", slug=org.slug), {}, UserFactory())


def organisation_edit():
    org = OrganisationFactory()
    admin = UserFactory()
    add_org_member(org, admin, admin=True)
    data = {
        "name": org.name,
        "sector": org.sector_id,
        "description_sv": "Ny text.",
        "description_en": "New text.",
    }
    return Case(_url("actors:organisation_edit", slug=org.slug), data, admin)


def _coalition():
    coalition = CoalitionFactory(access=CoalitionAccess.APPLICATION)
    coordinator = UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    return coalition, coordinator


def coalition_join():
    coalition, _ = _coalition()
    return Case(
        _url("actors:coalition_join", slug=coalition.slug),
        {"as_whom": "person", "motivation": "Vi vill vara med."},
        UserFactory(),
    )


def coalition_follow():
    coalition, _ = _coalition()
    return Case(_url("actors:coalition_follow", slug=coalition.slug), {}, UserFactory())


def coalition_manage():
    coalition, coordinator = _coalition()
    data = {"action": "update", "update-title": "Nytt", "update-body": "Hej alla!"}
    return Case(_url("actors:coalition_manage", slug=coalition.slug), data, coordinator)


def need_create():
    data = {
        "kind": "need",
        "category": "competence",
        "title": "Vi söker en utvärderare",
        "description": "En forskare som kan följa vårt projekt i två år.",
    }
    return Case(_url("actors:need_create"), data, UserFactory())


def innovation_submit():
    return Case(_url("knowledge:innovation_submit"), innovation_post(), UserFactory())


def impact_model_create():
    data = {"title": "Läxhjälp", "summary": "Studenter ger läxhjälp."}
    return Case(_url("impact:model_create"), data, UserFactory())


def impact_guide_start():
    return Case(_url("impact:guide"), {"title": "Läxhjälp"}, UserFactory())


def impact_model_part():
    user = UserFactory()
    model = make_model(user=user)
    data = {"name": "Elever", "description": "Elever i årskurs 7–9."}
    return Case(
        _url("impact:part_add", uuid=model.uuid, kind="stakeholder"), data, user
    )


def event_register():
    event = make_event()
    return Case(
        _url("events:register", event_id=event.pk),
        registration_post(event),
        UserFactory(),
    )


def _booking(view: str):
    event = make_event()
    result = book(event, "Berit Bokare")
    registration = Registration.objects.get(event=event, name="Berit Bokare")
    url = _url(
        f"events:{view}",
        token=result.booking.manage_token,
        registration_id=registration.pk,
    )
    return Case(url, {"confirm": "on"})


def event_session_star():
    event = make_event()
    session = add_session(event, "Verkstad")
    return Case(_url("events:session_star", session_id=session.pk), {}, UserFactory())


def event_session_signup():
    event = make_event()
    user = UserFactory()
    registration = book(event, user.display_name).registrations[0]
    registration.user = user
    registration.save(update_fields=["user"])
    session = add_session(event, "Verkstad", hour=13, signup_required=True, capacity=5)
    return Case(_url("events:session_signup", session_id=session.pk), {}, user)


def _meetings(view: str, data: Callable):
    event = meeting_event()
    user, _registration, _participant = person(event, "Mia Möte", optin=False)
    _other, _, target = person(event, "Olle Ombud")
    return Case(_url(f"events:{view}", event_id=event.pk), data(target), user)


def comment_confirm():
    page = Page.objects.get(slug="yalla-trappan", locale__language_code="sv").specific
    comment = comment_create(
        page=page,
        body="En fråga från en gäst.",
        guest_name="Gustav Gäst",
        guest_email="gustav.gast@example.org",
    )
    mail.outbox.clear()
    token = signing.dumps({"c": comment.pk}, salt=CONFIRM_SALT)
    return Case(_url("comments:confirm", token=token), {})


def follow():
    return Case(
        _url("follows:follow"),
        {"kind": "node", "key": "malmo", "action": "follow"},
        UserFactory(),
    )


ENDPOINTS: dict[str, tuple[str, Callable[[], Case]]] = {
    "organisation_propose": ("organisation_propose", organisation_propose),
    "organisation_join": ("organisation_join", organisation_join),
    "organisation_edit": ("organisation_edit", organisation_edit),
    "coalition_join": ("coalition_join", coalition_join),
    "coalition_follow": ("coalition_follow", coalition_follow),
    "coalition_manage": ("coalition_manage", coalition_manage),
    "need_create": ("need_create", need_create),
    "innovation_submit": ("innovation_submit", innovation_submit),
    "impact_model_create": ("impact_model_create", impact_model_create),
    "impact_guide_start": ("impact_model_create", impact_guide_start),
    "impact_model_part": ("impact_model_part", impact_model_part),
    "event_register": ("event_register", event_register),
    "booking_cancel": ("event_booking_change", lambda: _booking("booking_cancel")),
    "booking_change": ("event_booking_change", lambda: _booking("booking_change")),
    "booking_offer": ("event_booking_change", lambda: _booking("booking_offer")),
    "session_star": ("event_session", event_session_star),
    "session_signup": ("event_session", event_session_signup),
    "meetings_optin": (
        "event_meetings",
        lambda: _meetings(
            "meetings_optin", lambda _t: {"topic": "Samverkan", "consent": "on"}
        ),
    ),
    "meetings_mark": (
        "event_meetings",
        lambda: _meetings("meetings_mark", lambda t: {"target": t.pk, "wish": "must"}),
    ),
    "comment_confirm": ("comment_confirm", comment_confirm),
    "follow": ("follow", follow),
}

CASES = [
    (endpoint, per)
    for endpoint, (scope, _build) in ENDPOINTS.items()
    for per in ("user", "ip")
    if per in {r.per for r in ratelimit.parse_rates(settings.RATE_LIMITS[scope])}
]


def snapshot() -> dict[str, int]:
    """Rows in every table of ours, Wagtail's pages, images and documents, and mail."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "actors", "knowledge", "comments", "events", "impact", "pages"}
        or model._meta.label
        in {"wagtailcore.Page", "wagtailimages.Image", "wagtaildocs.Document"}
    }
    counts["mail"] = len(mail.outbox)
    return counts


def fill(scope: str, *, user, ip: str, times: int) -> None:
    """Count `times` uses of `scope` by `user` from `ip`, as the views count them."""
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user
    for _ in range(times):
        ratelimit.count(request, scope)


def _amount(scope: str, per: str) -> int:
    (rate,) = [
        r for r in ratelimit.parse_rates(settings.RATE_LIMITS[scope]) if r.per == per
    ]
    return rate.amount


def _period(scope: str, per: str) -> int:
    (rate,) = [
        r for r in ratelimit.parse_rates(settings.RATE_LIMITS[scope]) if r.per == per
    ]
    return rate.period


def _prepare(client, endpoint: str, per: str, *, short_by: int):
    """The case, with the window of `per` filled to `short_by` below its limit."""
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415

    scope, build = ENDPOINTS[endpoint]
    case = build()
    mail.outbox.clear()
    if case.user is not None:
        client.force_login(case.user)
    times = _amount(scope, per) - short_by
    if per == "user":
        # Another address filled the account's window; this request comes from IP_B.
        fill(scope, user=case.user, ip=IP_A, times=times)
    else:
        # Someone else from the same address (a shared office) filled it.
        other = UserFactory() if case.user is not None else AnonymousUser()
        fill(scope, user=other, ip=IP_B, times=times)
    return scope, case


@pytest.mark.parametrize(("endpoint", "per"), CASES)
def test_post_past_the_limit_gets_429_and_changes_nothing(client, en, endpoint, per):
    scope, case = _prepare(client, endpoint, per, short_by=0)
    before = snapshot()
    response = client.post(case.url, case.data, REMOTE_ADDR=IP_B)
    assert response.status_code == 429, response.status_code
    wait = int(response["Retry-After"])
    assert 1 <= wait <= _period(scope, per)
    body = response.content.decode()
    assert "<h1>Too many attempts</h1>" in body
    assert 'lang="en"' in body
    assert snapshot() == before


@pytest.mark.parametrize(("endpoint", "per"), CASES)
def test_post_just_below_the_limit_reaches_the_form(client, en, endpoint, per):
    _scope, case = _prepare(client, endpoint, per, short_by=1)
    response = client.post(case.url, case.data, REMOTE_ADDR=IP_B)
    assert response.status_code != 429
    assert response.status_code < 500


# Scopes whose views are tested in their own app (the member's privacy pages).
TESTED_ELSEWHERE = {"data_export", "account_delete"}


def test_every_limited_scope_is_tested():
    tested = {scope for scope, _build in ENDPOINTS.values()}
    assert tested <= set(settings.RATE_LIMITS)
    assert set(settings.RATE_LIMITS) - tested <= TESTED_ELSEWHERE


# --- counted for real: accepted answers count, refused forms do not --------------------


def test_follows_count_until_the_limit_and_form_errors_do_not(client, en, settings):
    from motesplats.pages.follows.models import Follow  # noqa: PLC0415

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": "2/h/user,50/h/ip"}
    client.force_login(UserFactory())
    url = _url("follows:follow")
    for _ in range(3):  # a form with errors is no use of the limit
        assert client.post(url, {"kind": "nonsense", "key": "x"}).status_code == 400
    for key in ("malmo", "lulea"):
        data = {"kind": "node", "key": key, "action": "follow"}
        assert client.post(url, data).status_code == 302
    before = Follow.objects.count()
    response = client.post(url, {"kind": "node", "key": "umea", "action": "follow"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert Follow.objects.count() == before


def test_proposals_per_address_hold_across_accounts(client, en, settings):
    from motesplats.actors.models import Organisation  # noqa: PLC0415

    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "organisation_propose": "5/h/user,2/h/ip",
    }
    url = _url("actors:organisation_propose")
    for name in ("Bergsgatans Fritidsgård", "Hamnens Kooperativ"):
        client.force_login(UserFactory())
        data = _proposal(name=name, org_number="")
        response = client.post(url, data, REMOTE_ADDR=IP_A)
        assert response.status_code == 302, response.content.decode()[:3000]
    client.force_login(UserFactory())
    before = (Organisation.objects.count(), len(mail.outbox))
    data = _proposal(name="Skogsbrynets Odlarlag", org_number="")
    assert client.post(url, data, REMOTE_ADDR=IP_A).status_code == 429
    assert (Organisation.objects.count(), len(mail.outbox)) == before
    assert client.post(url, data, REMOTE_ADDR=IP_B).status_code == 302


def test_the_429_page_is_in_swedish_too(client, sv):
    _scope, case = _prepare(client, "need_create", "user", short_by=0)
    with translation.override("sv"):
        url = reverse("actors:need_create")
    response = client.post(url, case.data, REMOTE_ADDR=IP_B)
    assert response.status_code == 429
    assert 'lang="sv"' in response.content.decode()


# --- allauth's forms, counted by allauth ------------------------------------------------


SIGNUP = "/en/account/signup/"
RESET = "/en/account/password/reset/"


def _signup_limit() -> int:
    from allauth.account import app_settings  # noqa: PLC0415

    (rate,) = ratelimit_rates(app_settings.RATE_LIMITS["signup"])
    return rate.amount


def ratelimit_rates(text: str):
    from allauth.core.internal.ratelimit import parse_rates  # noqa: PLC0415

    return parse_rates(text)


def test_signups_from_one_address_past_the_limit_get_429(client, en):
    limit = _signup_limit()
    for n in range(limit):
        response = client.post(
            SIGNUP,
            {
                "email": f"ny{n}@example.org",
                "password1": "Ett-starkt-lösen-2026",
                "password2": "Ett-starkt-lösen-2026",
            },
            REMOTE_ADDR=IP_A,
        )
        assert response.status_code == 302
        client.logout()
    before = (EmailAddress.objects.count(), len(mail.outbox))
    response = client.post(
        SIGNUP,
        {
            "email": "en.for.mycket@example.org",
            "password1": "Ett-starkt-lösen-2026",
            "password2": "Ett-starkt-lösen-2026",
        },
        REMOTE_ADDR=IP_A,
    )
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "<h1>Too many attempts</h1>" in response.content.decode()
    assert (EmailAddress.objects.count(), len(mail.outbox)) == before
    assert not EmailAddress.objects.filter(email="en.for.mycket@example.org").exists()


def test_password_resets_for_one_address_past_the_limit_get_429(client, en):
    from allauth.account import app_settings  # noqa: PLC0415

    user = UserFactory()
    (per_key,) = [
        r
        for r in ratelimit_rates(app_settings.RATE_LIMITS["reset_password"])
        if r.per == "key"
    ]
    for n in range(per_key.amount):
        # From different addresses: the limit is the e-mail address's.
        response = client.post(RESET, {"email": user.email}, REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 302
    sent = len(mail.outbox)
    assert sent == per_key.amount
    response = client.post(RESET, {"email": user.email}, REMOTE_ADDR="192.0.2.200")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= per_key.duration
    assert len(mail.outbox) == sent


def test_confirmation_mail_is_not_sent_again_within_the_cooldown(client, en):
    user = UserFactory(verified=False)
    client.force_login(user)
    address = EmailAddress.objects.get(user=user)
    url = "/en/account/email/"
    data = {"action_send": "", "email": address.email}
    client.post(url, data)
    sent = len(mail.outbox)
    assert sent == 1
    response = client.post(url, data)
    assert response.status_code == 302  # allauth says so in a message; no new mail
    assert len(mail.outbox) == sent
