"""Actors and coalitions in a real browser: zero axe-core violations on profiles,
organisations, coalitions, needs and offers (list and form with errors), suggestions,
surveys (form with errors and results), in Swedish and English."""

import re

import pytest

from tests.browser.conftest import MEMBER_EMAIL
from tests.browser.helpers import assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser

# The member gets a profile with themes, so that suggestions have something to go on.
PROFILE_SCRIPT = f"""
from motesplats.accounts.models import User
from motesplats.actors.models import Profile
from motesplats.taxonomy.models import Region, Theme
user = User.objects.get(email="{MEMBER_EMAIL}")
profile, _ = Profile.objects.get_or_create(user=user)
profile.name = "Mia Medlem"
profile.title = "Utvecklingsledare"
profile.expertise = "Samverkan mellan kommun och civilsamhälle kring integration."
profile.county = Region.objects.order_by("code").first()
profile.save()
profile.themes.set(Theme.objects.order_by("sort_order")[:2])
"""


@pytest.fixture(scope="module")
def member(server):
    server["shell"](PROFILE_SCRIPT)
    return MEMBER_EMAIL, server["credentials"][MEMBER_EMAIL]


def _first_link(page, container: str) -> str:
    link = page.locator(f"{container} a[href]").first
    return link.get_attribute("href")


@pytest.mark.parametrize(
    "path",
    [
        "/sv/samverka/",
        "/en/collaborate/",
        "/sv/organisationer/",
        "/en/organisations/",
        "/sv/personer/",
        "/sv/koalitioner/",
        "/en/coalitions/",
        "/sv/behov-och-erbjudanden/",
        "/en/needs-and-offers/",
        "/sv/enkater/",
    ],
)
def test_listings_have_no_axe_violations(server, page, path):
    page.goto(server["url"] + path)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("listing", "pattern"),
    [
        ("/sv/organisationer/", r"/sv/organisationer/[^/]+/$"),
        ("/sv/personer/", r"/sv/personer/[0-9a-f-]{36}/$"),
        ("/sv/koalitioner/", r"/sv/koalitioner/[^/]+/$"),
        ("/en/coalitions/", r"/en/coalitions/[^/]+/$"),
        ("/sv/behov-och-erbjudanden/", r"/sv/behov-och-erbjudanden/[0-9a-f-]{36}/$"),
        ("/sv/enkater/", r"/sv/enkater/[^/]+/$"),
    ],
)
def test_detail_pages_have_no_axe_violations(server, page, listing, pattern):
    page.goto(server["url"] + listing)
    hrefs = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    detail = next(h for h in hrefs if re.search(pattern, h))
    page.goto(server["url"] + detail)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_survey_form_with_errors_and_results(server, page):
    page.goto(server["url"] + "/sv/enkater/")
    hrefs = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    survey = next(h for h in hrefs if re.search(r"/sv/enkater/[^/]+/$", h))
    page.goto(server["url"] + survey)
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    if summary.count():  # a survey with required questions answers with errors
        assert summary.first.is_visible()
        assert_no_axe_violations(page)
    results = next(h for h in hrefs if re.search(r"/sv/enkater/[^/]+/resultat/$", h))
    page.goto(server["url"] + results)
    assert page.locator("svg[role=img]").count() >= 1
    assert page.locator("table caption").count() >= 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_member_pages_have_no_axe_violations(server, page, member, language):
    email, password = member
    sign_in(page, server["url"], email, password, language)
    paths = {
        "sv": [
            "/sv/min-profil/",
            "/sv/forslag/",
            "/sv/meddelanden/",
            "/sv/behov-och-erbjudanden/nytt/",
            "/sv/organisationer/foresla/",
        ],
        "en": [
            "/en/my-profile/",
            "/en/suggestions/",
            "/en/messages/",
            "/en/needs-and-offers/new/",
            "/en/organisations/propose/",
        ],
    }[language]
    for path in paths:
        page.goto(server["url"] + path)
        assert page.url.endswith(path), (path, page.url)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)


def test_need_form_with_errors(server, page, member):
    email, password = member
    sign_in(page, server["url"], email, password)
    page.goto(server["url"] + "/sv/behov-och-erbjudanden/nytt/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_no_axe_violations(page)


def test_suggestions_explain_themselves(server, page, member):
    email, password = member
    sign_in(page, server["url"], email, password)
    page.goto(server["url"] + "/sv/forslag/")
    assert page.locator("h1").count() == 1
    # Every suggestion says why it is there.
    items = page.locator("main li.match")
    assert items.count() >= 3
    assert items.locator(".match-why").count() == items.count()
    assert_no_axe_violations(page)


# The member books the summit, opts in to 1:1 meetings, asks to meet the first
# participant, and the organisers' scheduler places and publishes the meeting.
MEETING_SCRIPT = f"""
from motesplats.accounts.models import User
from motesplats.events.models import EventPage, MeetingParticipant, TicketType
from motesplats.events.services.meetings import (
    meeting_optin, meeting_request_set, meeting_schedule_execute, meetings_publish,
)
from motesplats.events.models import MeetingScheduleRun
from motesplats.events.services.registration import Participant, booking_create
user = User.objects.get(email="{MEMBER_EMAIL}")
summit = EventPage.objects.filter(meeting_slots__isnull=False).distinct().get()
ticket = TicketType.objects.filter(event=summit, price=0).first() or summit.ticket_types.first()
result = booking_create(event=summit, name="Mia Medlem", email=user.email, user=user,
    participants=[Participant(ticket_type=ticket, name="Mia Medlem", email=user.email)])
registration = result.booking.registrations.get()
me = meeting_optin(registration=registration, topic="Samverkan kring integration", consent=True)
other = MeetingParticipant.objects.filter(event=summit).exclude(pk=me.pk).first()
meeting_request_set(requester=me, target_id=other.pk, wish="must")
run = MeetingScheduleRun.objects.create(event=summit, time_limit_s=5)
meeting_schedule_execute(run=run)
meetings_publish(event=summit)
print("EVENT", summit.pk)
"""


def test_meeting_pages_have_no_axe_violations(server, page, member):
    out = server["shell"](MEETING_SCRIPT)
    event_id = re.search(r"EVENT (\d+)", out).group(1)
    email, password = member
    sign_in(page, server["url"], email, password)
    page.goto(f"{server['url']}/sv/evenemang/{event_id}/moten/")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    page.goto(f"{server['url']}/sv/evenemang/{event_id}/moten/mina/")
    assert page.locator("h1").count() == 1
    # The published meeting is on the agenda, with its time and table.
    assert page.locator("main").get_by_text(re.compile(r"\d{1,2}:\d{2}")).count() >= 1
    assert_no_axe_violations(page)
