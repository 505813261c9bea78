"""Events in a real browser: axe on every participant-facing page and on check-in, and
a registration from the event page to the confirmation with the keyboard only."""

import json
import re

import pytest

from tests.browser.helpers import assert_no_axe_violations
from tests.factories import totp_code

pytestmark = pytest.mark.browser

STAFF_EMAIL = "incheckning@example.org"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Prepares what the tests need in the server's database and prints the URLs as JSON:
# the demo's webinar (open, free), its programme-rich summit, the full breakfast
# seminar (waiting list), a small event that is sold out without a waiting list, a
# booking, and a staff account with a known TOTP secret for check-in.
SETUP = """
import json, os
from datetime import timedelta
from django.urls import reverse
from django.utils import timezone, translation
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from motesplats.accounts.models import User
from motesplats.core.demo import publish
from motesplats.events.models import EventPage, TicketType
from motesplats.events.services.registration import Participant, booking_create
from motesplats.nodes.models import NodePage

def sv(slug):
    return EventPage.objects.get(slug=slug, locale__language_code="sv")

webinar = sv("webbinarium-regional-samverkan")
summit = sv("si-summit-kommande")
full = sv("frukostseminarium-barnets-rattigheter")
parent = NodePage.objects.get(node__slug="malmo", locale__language_code="sv")
start = (timezone.localtime() + timedelta(days=20)).replace(
    hour=10, minute=0, second=0, microsecond=0)
sold_out = EventPage(
    title="Litet rundabordssamtal", slug="litet-rundabordssamtal", kind="workshop",
    summary="Ett samtal med sex platser.", starts_at=start,
    ends_at=start + timedelta(hours=2), venue_name="Orkanen", city="Malmö",
    waiting_list=False,
)
parent.add_child(instance=sold_out)
publish(sold_out)
ticket = TicketType.objects.create(event=sold_out, name_sv="Plats", capacity=1)
booking_create(event=sold_out, name="Ada Ek", email="ada.ek@example.org",
    participants=[Participant(ticket_type=ticket, name="Ada Ek", email="ada.ek@example.org")])
booked = booking_create(
    event=webinar, name="Bo Lind", email="bo.lind@example.org",
    participants=[Participant(ticket_type=webinar.ticket_types.first(), name="Bo Lind",
                              email="bo.lind@example.org")],
).booking
user = User.objects.create_superuser(os.environ["STAFF_EMAIL"], os.environ["STAFF_PASSWORD"])
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
TOTP.activate(user, os.environ["TOTP_SECRET"])
with translation.override("sv"):
    print(json.dumps({
        "webinar": webinar.url,
        "webinar_register": reverse("events:register", args=[webinar.pk]),
        "programme": reverse("events:programme", args=[summit.pk]),
        "summit": summit.url,
        "full_register": reverse("events:register", args=[full.pk]),
        "sold_out_register": reverse("events:register", args=[sold_out.pk]),
        "booking": reverse("events:booking", kwargs={"token": booked.manage_token}),
        "checkin": reverse("events_admin:checkin", args=[webinar.pk]),
        "listing": "/sv/evenemang/",
    }))
"""


@pytest.fixture(scope="module")
def urls(server):
    out = server["shell"](
        SETUP,
        {
            "STAFF_EMAIL": STAFF_EMAIL,
            "STAFF_PASSWORD": "rätt-lösenord-för-incheckning",
            "TOTP_SECRET": TOTP_SECRET,
        },
    )
    data = json.loads(out.strip().splitlines()[-1])
    return {k: server["url"] + v for k, v in data.items()}


@pytest.mark.parametrize(
    "name", ["webinar", "summit", "programme", "listing", "webinar_register"]
)
def test_event_pages_have_no_axe_violations(urls, page, name):
    page.goto(urls[name])
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_programme_lists_the_summit_by_day(urls, page):
    page.goto(urls["programme"])
    assert page.locator("main h2").count() >= 2  # one heading per day
    assert page.locator("main article").count() >= 20


def test_registration_form_with_errors(urls, page):
    page.goto(urls["webinar_register"])
    page.locator("form.registration-form button[type=submit]:visible").last.click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("a").count() >= 2
    assert_no_axe_violations(page)


def test_waiting_list_form(urls, page):
    page.goto(urls["full_register"])
    assert page.get_by_text("väntelista", exact=False).first.is_visible()
    assert_no_axe_violations(page)


def test_sold_out_page(urls, page):
    page.goto(urls["sold_out_register"])
    assert page.locator("form.registration-form").count() == 0
    assert page.get_by_text("fullbokat", exact=False).first.is_visible()
    assert_no_axe_violations(page)


def test_confirmation_page(urls, page):
    page.goto(urls["booking"])
    assert page.locator("figure.ticket svg").count() == 1
    assert_no_axe_violations(page)


def _active(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
                   return {tag: el.tagName, type: el.type || '', name: el.getAttribute('name') || '',
                           href: el.getAttribute('href') || '',
                           register: el.tagName === 'BUTTON' && !el.getAttribute('name')
                                     && !!el.closest('form.registration-form')}; }"""
    )


def test_keyboard_only_registration(urls, page):
    page.goto(urls["webinar"])
    register_path = urls["webinar_register"].split("://", 1)[1].split("/", 1)[1]
    for _ in range(80):
        page.keyboard.press("Tab")
        if _active(page)["href"].endswith(register_path):
            break
    else:
        pytest.fail("the registration link cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    text = {
        "name": "Tora Tangent",
        "email": "tora.tangent@example.org",
        "p1-name": "Tora Tangent",
        "p1-email": "tora.tangent@example.org",
        "p1-organisation": "Tangentbordskommunen",
    }
    done: set[str] = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        active = _active(page)
        if active["register"]:
            break
        name = active["name"]
        if name in text and name not in done:
            page.keyboard.type(text[name])
            done.add(name)
        elif name == "p1-ticket_type" and name not in done:
            page.keyboard.press("Space")
            done.add(name)
    assert {"name", "email", "p1-name", "p1-email"} <= done
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/bokning/[^/]+/$", page.url), page.url
    assert page.get_by_text("Bekräftad").first.is_visible()
    assert page.locator("figure.ticket svg").count() == 1
    assert_no_axe_violations(page)


def test_check_in_page(urls, page):
    page.goto(urls["checkin"])
    page.fill("#id_login", STAFF_EMAIL)
    page.fill("#id_password", "rätt-lösenord-för-incheckning")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    if page.locator("#id_code").count():
        page.fill("#id_code", totp_code(TOTP_SECRET))
        page.locator("form.form button[type=submit]").first.click()
        page.wait_for_load_state()
    assert page.url == urls["checkin"], page.url
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(page)
    # Search by name and check the booked participant in.
    search = page.locator("#id_q")
    search.fill("Bo Lind")
    with page.expect_navigation():
        search.press("Enter")
    page.get_by_role("button", name=re.compile("Bo Lind")).first.click()
    # With JavaScript the result comes back into the status region without a reload.
    page.get_by_role("status").filter(has_text="Välkommen, Bo Lind!").first.wait_for()
    assert_no_axe_violations(page)
