"""The XSS corpus (tests/comments/xss_payloads.txt) in every field a person enters that
is shown back somewhere.

Each payload is stored through the app's own service (or form), then every page that
shows it is rendered for the people who see it: the public page, the member's own pages,
the admin where editors see it, e-mails' HTML bodies, JSON-LD blocks, the impact
diagram's SVG, CSV exports. The HTML is parsed as a browser would (stdlib
`html.parser`; neither html5lib nor lxml is installed): no script but our own files and
JSON-LD that parses as JSON, no `on*` attribute, no URL attribute that runs script, no
iframe/object/embed/style/base/frame, no image or link the payload brought. Each page
must also really show the payloads (as text), so that a page that drops them cannot pass.
CSV cells that start like a formula are neutralised.

The comment bodies and guests' names are covered in tests/comments/test_xss.py; the
full corpus goes into profiles and organisations here, a varied subset of 26 payloads
into every other field.
"""

import csv
import datetime
import io
import json
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from motesplats.actors.enums import OrganisationStatus, Visibility
from motesplats.actors.models import Organisation
from motesplats.actors.services.coalitions import coalition_update_post
from motesplats.actors.services.messages import message_send
from motesplats.actors.services.needs import need_offer_create
from motesplats.actors.services.organisations import organisation_propose
from motesplats.actors.services.profiles import profile_save
from motesplats.actors.services.surveys import AnswerInput, survey_respond
from motesplats.events.services.meetings import meeting_optin
from motesplats.impact import services as impact
from motesplats.impact.enums import Level
from motesplats.impact.forms.models_parts import STORY_CONSENT_VERSION
from motesplats.nodes.services import national_editor_add
from motesplats.pages.follows.services import follow_add
from motesplats.taxonomy.models import Region, Theme
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    add_coalition_member,
    add_org_member,
)
from tests.comments.test_xss import PAYLOADS, Inspector
from tests.events.factories import book, make_event
from tests.events.meeting_helpers import meeting_event, person
from tests.factories import UserFactory, login_with_totp
from tests.knowledge.submission_helpers import submit_url, valid_post

pytestmark = pytest.mark.django_db

# Every fourth payload: tags, attributes, encodings, URLs and broken markup alike.
SUBSET = PAYLOADS[::4]
assert len(SUBSET) >= 20

MARKUP = ("iframe", "object", "embed", "base", "style", "frame", "frameset", "math")
OUR_IMAGES = ("/media/", "/static/", "data:image/")
# Our static files and the admin's translation catalogue; JSON data blocks (JSON-LD,
# the Wagtail admin's props) must parse as JSON.
OUR_SCRIPTS = ("/static/", "/admin/jsi18n/")
JSON_TYPES = ("application/ld+json", "application/json")
OUR_LINKS = {"stylesheet", "icon", "shortcut", "alternate", "preload", "manifest"}


class PageInspector(Inspector):
    """The comments test's inspector, for whole pages: our own inline SVGs (ticket QR
    codes, the impact diagram, Wagtail's icons) are allowed, and JSON-LD must parse."""

    def __init__(self):
        super().__init__()
        self._json_ld: list[str] | None = None
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") in JSON_TYPES:
            self._json_ld = []
        if tag in MARKUP or tag == "xss" or tag == "foreignobject":
            self.problems.append(f"<{tag}> {attrs}")
        if tag in ("meta", "link") and not self._ours(attributes):
            self.problems.append(f"<{tag}> {attrs}")
        if tag == "img" and not (attributes.get("src") or "").startswith(OUR_IMAGES):
            self.problems.append(f"<img> {attrs}")
        self.check_attributes(tag, attrs, bad_hosts=("xss.example",))
        if tag == "script":
            ours = (attributes.get("src") or "").startswith(OUR_SCRIPTS) or (
                attributes.get("type") in JSON_TYPES and not attributes.get("src")
            )
            if not ours:
                self.problems.append(f"script: {attrs}")

    @staticmethod
    def _ours(attributes: dict) -> bool:
        if set((attributes.get("rel") or "").split()) & OUR_LINKS:
            return not (attributes.get("href") or "").lower().startswith("javascript")
        return Inspector._ours(attributes)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._json_ld is not None:
            text = "".join(self._json_ld)
            try:
                json.loads(text)
            except ValueError:
                self.problems.append(f"a JSON block that is not JSON: {text[:200]!r}")
            self._json_ld = None

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld.append(data)
        else:
            self.texts.append(data)


def _normal(text: str) -> str:
    return " ".join(text.split())


def fragment(payload: str) -> str:
    """A piece of the payload that any faithful rendering shows as text."""
    return _normal(payload.replace("\x00", ""))[:14]


def inspect_html(html: str) -> tuple[list[str], str]:
    inspector = PageInspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems, _normal("".join(inspector.texts))


PAYLOAD_MARKS = ("alert", "xss", "javascript", "vbscript", "livescript", "expression(")


def check(
    client: Client,
    url: str,
    payloads: list[str],
    *,
    share: float = 1.0,
    admin: bool = False,
) -> str:
    """GET `url`: no markup from any payload, and at least `share` of the payloads
    shown as text. Returns the HTML.

    In the Wagtail admin (`admin`), the editor's own furniture (the preview iframe,
    image choosers) is not ours to judge: only problems that carry a payload's words
    count there."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    problems, text = inspect_html(html)
    if admin:
        problems = [p for p in problems if any(m in p.lower() for m in PAYLOAD_MARKS)]
    assert problems == [], (url, problems[:5])
    shown = [p for p in payloads if fragment(p) in text]
    assert len(shown) >= share * len(payloads), (
        url,
        len(shown),
        len(payloads),
        [p for p in payloads if p not in shown][:3],
    )
    return html


def check_html_mail(payloads: list[str], *, share: float = 1.0) -> int:
    """The HTML alternative of every mail in the outbox."""
    bodies = [
        body
        for message in mail.outbox
        for body, kind in getattr(message, "alternatives", [])
        if kind == "text/html"
    ]
    text = ""
    for body in bodies:
        problems, page_text = inspect_html(body)
        assert problems == [], problems[:5]
        text += page_text
    shown = [p for p in payloads if fragment(p) in text]
    assert len(shown) >= share * len(payloads), (len(shown), len(payloads))
    return len(bodies)


def check_csv(content: str) -> list[list[str]]:
    """Cells are data: none starts like a formula (OWASP CSV injection)."""
    content = content.lstrip("\ufeff")
    header = content.splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = list(csv.reader(io.StringIO(content), delimiter=delimiter))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                # A negative number is a number; text starting with "-" is quoted.
                assert re.fullmatch(r"-[0-9.,]+", cell), cell
    return rows


def test_the_inspector_catches_what_it_should():
    # A test of the test: each of these is markup a payload could bring.
    assert inspect_html("<img src=x onerror=alert(1)>")[0]
    assert inspect_html('<a href="https://xss.example/">x</a>')[0]
    assert inspect_html('<script type="application/ld+json">{"a": </script>')[0]
    assert inspect_html("<svg><foreignObject></foreignObject></svg>")[0]
    assert inspect_html("<iframe src=/x></iframe>")[0]
    assert inspect_html('<link rel="import" href="/x">')[0]
    # ...and our own page furniture passes.
    ours = (
        '<link rel="stylesheet" href="/static/css/site.css">'
        '<script src="/static/js/site.js"></script>'
        '<script type="application/ld+json">{"@type": "Event"}</script>'
        '<svg class="ticket-qr"><path d="M0 0"/></svg><img src="/media/a.jpg" alt="">'
    )
    assert inspect_html(ours)[0] == []
    assert fragment("<b>\x00 x  y</b>") == "<b> x y</b>"


def test_csv_check_catches_formulas():
    with pytest.raises(AssertionError):
        check_csv("name,value\r\n=1+1,2\r\n")
    with pytest.raises(AssertionError):
        check_csv("name;value\r\n-2+3;2\r\n")
    assert check_csv("name;value\r\n'=1+1;-12,5\r\n")[1] == ["'=1+1", "-12,5"]


def url(name: str, **kwargs: Any) -> str:
    with translation.override("sv"):
        return reverse(name, kwargs=kwargs or None)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    user = UserFactory(display_name="Eva Redaktör")
    national_editor_add(user=user)
    client = Client()
    login_with_totp(client, user)
    return client


# -- profiles (the full corpus) ----------------------------------------------------------


def test_profiles():
    anonymous = Client()
    profiles = []
    for payload in PAYLOADS:
        user = UserFactory(display_name=payload[:150])
        data = {
            "name": payload[:150],
            "title": payload[:150],
            "expertise": payload,
            "is_listed": True,
            "accepts_messages": True,
        }
        data.update(
            {
                f"{n}_visibility": Visibility.PUBLIC
                for n in ("name", "title", "expertise")
            }
        )
        profiles.append((user, profile_save(user=user, data=data)))
    for _user, profile in profiles:
        check(
            anonymous, url("actors:profile_detail", uuid=profile.uuid), [profile.name]
        )
    owner, profile = profiles[0]
    check(signed_in(owner), url("actors:profile_preview"), [profile.name])
    check(signed_in(owner), url("actors:profile_edit"), [])
    pages = 0
    listing = url("actors:people_list")
    html = check(anonymous, listing, PAYLOADS, share=0)
    while 'rel="next"' in html and pages < 20:
        pages += 1
        html = check(anonymous, f"{listing}?page={pages + 1}", PAYLOADS, share=0)


# -- organisations (the full corpus) -----------------------------------------------------


def test_organisations(editor):
    anonymous = Client()
    proposer = UserFactory()
    made = []
    for n, payload in enumerate(PAYLOADS):
        data = {
            "name": f"{payload[:180]} {n}",
            "sector": Organisation._meta.get_field(
                "sector"
            ).related_model.objects.first(),
            "county": Region.objects.get(code="12"),
            "municipality": payload[:100],
            "website": "",
            "description_sv": payload,
            "description_en": payload,
            "contact_email": "",
            "contact_url": "",
            "themes": [Theme.objects.first()],
        }
        org = organisation_propose(user=proposer, data=data, confirm_similar=True)
        made.append(org)
    # Editors review the proposals in the admin, then approve them.
    proposals = reverse("actors_org_admin:proposals")
    check(editor, proposals, PAYLOADS, share=0.1, admin=True)
    for page in (2, 3):
        check(editor, f"{proposals}?p={page}", [], share=0, admin=True)
    check(editor, reverse("actors_org_admin:duplicates"), [], share=0, admin=True)
    Organisation.objects.filter(pk__in=[o.pk for o in made]).update(
        status=OrganisationStatus.APPROVED
    )
    for org, payload in zip(made, PAYLOADS, strict=True):
        org.refresh_from_db()
        html = check(
            anonymous, url("actors:organisation_detail", slug=org.slug), [payload]
        )
        assert 'type="application/ld+json"' in html
    listing = url("actors:organisation_list")
    check(anonymous, listing, PAYLOADS, share=0)
    check(anonymous, f"{url('search')}?q=Testföreningen", [], share=0)


# -- needs and offers --------------------------------------------------------------------


def test_needs_and_offers():
    author = UserFactory()
    needs = [
        need_offer_create(
            author=author,
            data={
                "kind": "need",
                "category": "partner",
                "title": payload[:200],
                "description": payload,
                "themes": [Theme.objects.order_by("sort_order").first()],
                "counties": [],
                "sectors_sought": [],
                "organisation": None,
                "expires_on": timezone.localdate() + timedelta(days=30),
            },
        )
        for payload in SUBSET
    ]
    anonymous, own = Client(), signed_in(author)
    for need, payload in zip(needs, SUBSET, strict=True):
        check(anonymous, url("actors:need_detail", uuid=need.uuid), [payload])
        check(own, url("actors:need_edit", uuid=need.uuid), [])
    check(anonymous, url("actors:need_list"), SUBSET, share=0.5)
    check(own, url("actors:need_mine"), SUBSET, share=0.5)


# -- coalition updates -------------------------------------------------------------------


def test_coalition_updates(django_capture_on_commit_callbacks):
    coalition = CoalitionFactory()
    coordinator, follower = UserFactory(), UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    add_coalition_member(coalition, user=follower)
    with django_capture_on_commit_callbacks(execute=True):
        for payload in SUBSET:
            coalition_update_post(
                coalition=coalition,
                actor=coordinator,
                title=payload[:200],
                body=payload,
            )
    detail = url("actors:coalition_detail", slug=coalition.slug)
    check(Client(), detail, SUBSET[:5], share=0)
    check(signed_in(follower), detail, SUBSET[:5], share=0)
    check(
        signed_in(coordinator),
        url("actors:coalition_manage", slug=coalition.slug),
        [],
        share=0,
    )
    check_html_mail(SUBSET, share=0)


# -- messages ----------------------------------------------------------------------------


def test_messages(settings, django_capture_on_commit_callbacks):
    settings.ACTORS_MESSAGES_PER_HOUR = 1000
    org = OrganisationFactory()
    admin, sender = UserFactory(), UserFactory()
    add_org_member(org, admin, admin=True)
    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        for payload in SUBSET:
            sent.append(
                message_send(
                    sender=sender, organisation=org, subject=payload[:200], body=payload
                )
            )
    reader = signed_in(admin)
    check(reader, url("actors:message_inbox"), [p[:200] for p in SUBSET], share=0.5)
    for message, payload in zip(sent, SUBSET, strict=True):
        check(reader, url("actors:message_detail", uuid=message.uuid), [payload])
    check(signed_in(sender), url("actors:message_sent"), SUBSET, share=0.5)
    check_html_mail(SUBSET, share=0)


# -- event registrations: booking page, organiser's list, e-mails, meeting topics ------


def test_registration_names(editor, django_capture_on_commit_callbacks):
    event = make_event()
    bookings = []
    with django_capture_on_commit_callbacks(execute=True):
        for payload in SUBSET:
            bookings.append(book(event, payload[:100]).booking)
    assert check_html_mail([p[:100] for p in SUBSET], share=0.9)
    anonymous = Client()
    for booking, payload in zip(bookings, SUBSET, strict=True):
        check(
            anonymous,
            url("events:booking", token=booking.manage_token),
            [payload[:100]],
        )
    participants = reverse("events_admin:participants", kwargs={"event_id": event.pk})
    check(editor, participants, [p[:100] for p in SUBSET], share=0.5)
    response = editor.get(
        reverse("events_admin:participants_csv", kwargs={"event_id": event.pk})
    )
    assert response.status_code == 200
    check_csv(b"".join(response).decode("utf-8-sig"))


def test_meeting_topics():
    event = meeting_event(starts_in=timedelta(days=20))
    viewer, _, _ = person(event, "Vera Tittare")
    for n, payload in enumerate(SUBSET):
        _, registration, _ = person(event, f"Deltagare {n}", optin=False)
        meeting_optin(registration=registration, topic=payload[:300], consent=True)
    check(
        signed_in(viewer),
        url("events:meetings", event_id=event.pk),
        [p[:300] for p in SUBSET],
        share=0.5,
    )


# -- the innovation submission: the member's pages and the editor's preview -----------


def test_submission(editor, django_capture_on_commit_callbacks):
    from motesplats.knowledge.models import InnovationPage  # noqa: PLC0415

    member = UserFactory()
    client = signed_in(member)
    with django_capture_on_commit_callbacks(execute=True):
        for payload in SUBSET[:12]:
            cache.clear()  # the submission rate limit
            response = client.post(
                submit_url(),
                valid_post(
                    title=payload[:200] or "x",
                    summary=payload[:300],
                    need=payload,
                    solution=payload,
                    municipality="Malmö",
                ),
            )
            assert response.status_code in (302, 400)
    pages = InnovationPage.objects.filter(owner=member)
    assert pages.count() >= 6
    check(client, reverse("knowledge:contributions"), [p.title for p in pages])
    for page in pages:
        check(
            editor,
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            [page.title],
        )
        check(
            editor,
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            [],
            share=0,
            admin=True,
        )


# -- impact models: model page, report, diagram, exports -----------------------------


def test_impact_model_texts():
    member = UserFactory()
    anonymous, own = Client(), signed_in(member)
    for payload in SUBSET[:10]:
        model = impact.impact_model_create(
            user=member, title=payload[:200] or "x", summary=payload
        )
        stakeholder = impact.stakeholder_save(
            user=member, model=model, name=payload[:200], description=payload
        )
        steps = [
            impact.step_save(
                user=member,
                model=model,
                level=level,
                title=f"{payload[:150]} {level}",
                description=payload,
                stakeholder=stakeholder,
            )
            for level in (Level.INPUT, Level.ACTIVITY, Level.OUTCOME)
        ]
        impact.link_save(
            user=member,
            model=model,
            source=steps[0],
            target=steps[1],
            assumption=payload,
            evidence=payload,
        )
        indicator = impact.indicator_save(
            user=member,
            model=model,
            step=steps[2],
            name=payload[:200],
            unit=payload[:30],
            description=payload,
            data_source=payload[:200],
        )
        impact.indicator_value_record(
            user=member,
            model=model,
            indicator=indicator,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            value=Decimal("-12.5"),
            note=payload[:500],
        )
        impact.story_record(
            user=member,
            model=model,
            step=steps[2],
            consent=True,
            title=payload[:200],
            text=payload,
            teller=payload[:100],
            consent_method="written",
            consent_given_on=timezone.localdate(),
            consent_text_version=STORY_CONSENT_VERSION,
        )
        impact.impact_model_publish(user=member, model=model, publish=True)
        shown = [model.title]
        check(own, url("impact:model_detail", uuid=model.uuid), shown)
        check(anonymous, url("impact:model_detail", uuid=model.uuid), shown)
        check(anonymous, url("impact:report", uuid=model.uuid), shown)
        check(own, url("impact:model_edit", uuid=model.uuid), [])
        check(own, url("impact:guide_step", uuid=model.uuid, step=3), [], share=0)
        jsonld = anonymous.get(url("impact:report_jsonld", uuid=model.uuid))
        assert json.loads(jsonld.content)
        report = anonymous.get(url("impact:report_csv", uuid=model.uuid))
        rows = check_csv(report.content.decode("utf-8-sig"))
        cells = {cell for row in rows for cell in row}
        assert indicator.name in cells or f"'{indicator.name}" in cells
    check(anonymous, url("impact:model_list"), [], share=0)
    check(own, url("impact:my_models"), [], share=0)


# -- saved searches and follows: the member's page and the digest e-mail ------------


def test_saved_search_names(django_capture_on_commit_callbacks):
    member = UserFactory()
    for n, payload in enumerate(SUBSET):
        follow_add(user=member, kind="search", key=f"q=test{n}", label=payload[:200])
    check(signed_in(member), url("follows:mine"), [p[:200] for p in SUBSET], share=0.9)


# -- survey answers shown in the results ------------------------------------------------


def test_survey_text_answers():
    from motesplats.actors.enums import QuestionKind  # noqa: PLC0415
    from motesplats.actors.models import Survey  # noqa: PLC0415

    survey = (
        Survey.objects.filter(
            status="open", results_public=True, questions__kind=QuestionKind.TEXT
        )
        .distinct()
        .first()
    )
    assert survey is not None

    def answers(payload: str) -> list[AnswerInput]:
        given = []
        for question in survey.questions.all():
            if question.kind == QuestionKind.TEXT:
                given.append(AnswerInput(question_id=question.pk, text=payload))
            elif question.kind == QuestionKind.SCALE:
                given.append(
                    AnswerInput(question_id=question.pk, scale_value=question.scale_min)
                )
            else:
                first = question.choices.order_by("pk").first()
                given.append(
                    AnswerInput(question_id=question.pk, choice_ids=(first.pk,))
                )
        return given

    for n, payload in enumerate(SUBSET):
        survey_respond(
            survey=survey,
            user=UserFactory(),
            answers=answers(payload),
            submission_key=f"xss-answer-key-{n:04d}-abcdefgh",
            may_publish_text=True,
        )
    anonymous = Client()
    check(anonymous, url("actors:survey_results", slug=survey.slug), SUBSET, share=0)
    response = anonymous.get(url("actors:survey_results_csv", slug=survey.slug))
    assert response.status_code == 200
    check_csv(response.content.decode("utf-8-sig"))


# -- the digest e-mail: coalition updates and what the member follows ----------------


def test_digest_email(settings):
    from motesplats.pages.follows.services import (  # noqa: PLC0415
        digest_send_for,
        digest_settings_update,
    )

    coalition = CoalitionFactory()
    coordinator, reader = UserFactory(), UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    digest_settings_update(user=reader, frequency="daily")
    follow_add(
        user=reader, kind="coalition", key=str(coalition.uuid), label=SUBSET[1][:200]
    )
    for payload in SUBSET:
        coalition_update_post(
            coalition=coalition, actor=coordinator, title=payload[:200], body=payload
        )
    mail.outbox.clear()
    result = digest_send_for(user_id=reader.pk, now=timezone.now() + timedelta(days=2))
    assert result == "sent", result
    assert check_html_mail([p[:200] for p in SUBSET], share=0.9) == 1
