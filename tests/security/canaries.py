"""One member who has put unique "canary" values everywhere a member can put data.

`seed(client, capture)` creates the member and their data through the services (the
website's own views where that is how data arrives), and returns the member. The
erasure canary test then erases the account and looks for the canaries in the whole
database, the search index and the media files.
"""

import uuid
from datetime import timedelta

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.models import Page

from allauth.account.models import EmailAddress, EmailConfirmation

from motesplats.accounts.services import consent_set
from motesplats.actors.enums import CoalitionAccess, NeedOfferCategory, NeedOfferKind
from motesplats.actors.services.coalition_documents import coalition_document_add
from motesplats.actors.services.coalitions import (
    coalition_join,
    coalition_update_post,
)
from motesplats.actors.services.messages import message_send
from motesplats.actors.services.needs import need_offer_create
from motesplats.actors.services.organisations import (
    membership_request,
    organisation_propose,
)
from motesplats.actors.services.profiles import profile_save
from motesplats.comments.enums import ReportReason
from motesplats.comments.services import (
    CONFIRM_SALT,
    comment_confirm_guest,
    comment_create,
    comment_report,
)
from motesplats.core.audit import log_action
from motesplats.events.enums import RegistrationMode, RegistrationStatus
from motesplats.events.models import (
    EventPage,
    MeetingParticipant,
    Registration,
    RegistrationQuestion,
    Session,
    Speaker,
)
from motesplats.events.services.meetings import meeting_optin, meeting_request_set
from motesplats.events.services.programme import agenda_star, session_signup
from motesplats.events.services.registration import (
    Invoice,
    Participant,
    booking_create,
)
from motesplats.impact.enums import Level
from motesplats.impact.models import Story
from motesplats.impact.services import impact_model_create
from motesplats.knowledge.models import InnovationPage
from motesplats.pages.demo import NODE_EDITOR_EMAIL
from motesplats.pages.follows.services import (
    digest_send_for,
    digest_settings_update,
    follow_add,
)
from motesplats.taxonomy.models import Region, Sector, Theme
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    ProfileFactory,
    add_coalition_member,
    add_org_member,
    org_number,
)
from tests.actors.test_surveys import answer, make_survey
from tests.events.factories import book, make_event
from tests.events.meeting_helpers import meeting_event
from tests.events.registration_helpers import open_raffle
from tests.factories import UserFactory, activate_totp
from tests.impact.model_factories import make_model, step
from tests.knowledge.submission_helpers import act, editor, image_bytes, submit

# Unique values, written so that no demo content or code contains them.
FIRST = "Ylvakanarie"
LAST = "Kanarieström"
DISPLAY = "Kanariefågeln Qz"
EMAIL = "ylva.kanarie.primar@example.org"
EMAIL2 = "kanarie.andraadress@example.net"
PHONE = "0709-917356"
IP = "198.51.100.77"
# Free text only the member wrote for themselves: it must go with the account.
FREE = "Kanariefritext"
# Contributions that stay by design (comment bodies, coalition updates, a published case,
# an organisation's need): this text must still be there after the erasure.
KEPT = "Bevaradkanarietext"

FULL_NAME = f"{FIRST} {LAST}"

# What must be gone after the erasure (compared case-insensitively).
CANARIES = {
    "first name": FIRST,
    "last name": LAST,
    "display name": DISPLAY,
    "e-mail": EMAIL,
    "e-mail (local part)": EMAIL.split("@")[0],
    "second e-mail": EMAIL2,
    "second e-mail (local part)": EMAIL2.split("@")[0],
    "phone": PHONE,
    "phone (digits)": PHONE.replace("-", ""),
    "IP address": IP,
    "free text": FREE,
}


def _account():
    user = UserFactory(
        email=EMAIL, first_name=FIRST, last_name=LAST, display_name=DISPLAY
    )
    second = EmailAddress.objects.create(
        user=user, email=EMAIL2, verified=True, primary=False
    )
    EmailConfirmation.create(second).save()
    activate_totp(user)
    consent_set(user=user, purpose="newsletter", given=True, source="test")
    log_action(
        action="accounts.login.succeeded",
        actor=user,
        data={"ip": IP, "user_agent": "Firefox"},
    )
    return user


def _actors(user) -> None:
    own_org = OrganisationFactory(name="Kanarieföreningen för samverkan")
    add_org_member(own_org, user, admin=True)
    profile_save(
        user=user,
        data={
            "name": FULL_NAME,
            "title": f"Samordnare {FREE}",
            "organisation": own_org,
            "expertise": f"{FREE} Ring mig på {PHONE}.",
            "languages": ["sv", "en"],
            "county": Region.objects.get(code="12"),
            "themes": [Theme.objects.order_by("pk").first()],
            "is_listed": True,
            "accepts_messages": True,
            "name_visibility": "public",
        },
    )
    other = ProfileFactory(accepts_messages=True).user
    message_send(
        sender=user,
        recipient=other,
        subject=f"Fråga från {FIRST}",
        body=f"{FREE}. Hälsningar {FULL_NAME}, {PHONE}",
        share_email=True,
    )
    message_send(
        sender=other, recipient=user, subject=f"Hej {FIRST}", body=f"Svar {FREE}"
    )
    # A request to join a second organisation, and a proposal of a third.
    membership_request(
        organisation=OrganisationFactory(),
        user=user,
        message=f"Jag heter {FULL_NAME}. {FREE}",
    )
    organisation_propose(
        user=user,
        data={
            "name": "Kanariens nya sociala företag",
            "sector": Sector.objects.get(slug="ideburen"),
            "description_sv": "Ett socialt företag i Malmö.",
        },
        confirm_similar=True,
    )
    # Coalitions: a membership, an application (own and for the organisation),
    # updates and a document as coordinator (members follow their coalitions).
    open_coalition = CoalitionFactory()
    coalition_join(coalition=open_coalition, user=user)
    closed = CoalitionFactory(access=CoalitionAccess.APPLICATION)
    coalition_join(coalition=closed, user=user, message=f"{FREE} {PHONE}")
    coalition_join(
        coalition=closed, user=user, organisation=own_org, message=f"{FREE} för oss"
    )
    led = CoalitionFactory()
    add_coalition_member(led, user=user, coordinator=True)
    coalition_update_post(
        coalition=led, actor=user, title=f"Nyhet {KEPT}", body=f"{KEPT} i koalitionen"
    )
    coalition_document_add(
        coalition=led,
        actor=user,
        title=f"Protokoll {KEPT}",
        upload=SimpleUploadedFile("protokoll.txt", b"Protokoll fran motet.\n"),
    )
    # Needs and offers: one of their own, one for the organisation (stays with it).
    base = {
        "kind": NeedOfferKind.NEED,
        "category": NeedOfferCategory.PARTNER,
        "themes": [Theme.objects.order_by("pk").first()],
        "expires_on": timezone.localdate() + timedelta(days=30),
    }
    need_offer_create(
        author=user,
        data={**base, "title": f"Söker {FREE}", "description": f"{FREE} {PHONE}"},
    )
    need_offer_create(
        author=user,
        data={
            **base,
            "kind": NeedOfferKind.OFFER,
            "title": f"Erbjuder {KEPT}",
            "description": f"{KEPT} från föreningen",
            "organisation": own_org,
        },
    )
    answer(make_survey(is_anonymous=False), user, text=f"{FREE} {FULL_NAME}")
    answer(make_survey(), user, text="Ett anonymt svar")


def _participant(user, ticket, **extra) -> Participant:
    return Participant(
        ticket_type=ticket,
        name=FULL_NAME,
        email=EMAIL,
        organisation="Kanarieföreningen för samverkan",
        sector=Sector.objects.get(slug="ideburen"),
        county=Region.objects.get(code="12"),
        user=user,
        **extra,
    )


def _questions(event):
    health = RegistrationQuestion.objects.create(
        event=event, label_sv="Allergier?", kind="text", is_health_data=True
    )
    free = RegistrationQuestion.objects.create(
        event=event, label_sv="Något mer?", kind="text"
    )
    return {
        "health_answers": {health.key: f"Nötter {FREE}"},
        "health_consent": True,
        "answers": {free.key: f"{FREE} ring {PHONE}"},
    }


def _events(user) -> None:
    # A future event: the member books for themselves and a colleague, with invoice.
    future = make_event(tickets=[{"name_sv": "Ordinarie", "price": "100"}])
    ticket = future.ticket_types.first()
    booking_create(
        event=future,
        name=FULL_NAME,
        email=EMAIL,
        user=user,
        participants=[
            _participant(user, ticket, **_questions(future)),
            Participant(
                ticket_type=ticket, name="Kim Kollega", email="kim@example.org"
            ),
        ],
        invoice=Invoice(
            organisation="Kanarieföreningen för samverkan",
            org_number=org_number(9001),
            reference=f"{FULL_NAME}",
            address=f"Box 1, 211 00 Malmö, tel {PHONE}",
            email=EMAIL2,
        ),
        submission_key=uuid.uuid4().hex,
    )
    # A colleague booked the member, under their second address, before they joined.
    booking_create(
        event=future,
        name="Kim Kollega",
        email="kim.kollega@example.org",
        participants=[
            Participant(
                ticket_type=ticket, name="Kim Kollega", email="kim.kollega@example.org"
            ),
            Participant(ticket_type=ticket, name=FULL_NAME, email=EMAIL2),
        ],
        invoice=Invoice(
            organisation="Exempelkommunen",
            org_number=org_number(9002),
            reference="Kim Kollega",
            address="Stadshuset, 205 80 Malmö",
            email="faktura@example.org",
        ),
    )
    session = Session.objects.create(
        event=future,
        title_sv="Verkstad",
        kind="workshop",
        starts_at=future.starts_at,
        ends_at=future.starts_at + timedelta(hours=1),
        capacity=10,
        signup_required=True,
    )
    session_signup(session=session, user=user)
    agenda_star(session=session, user=user)
    Speaker.objects.create(
        name=FULL_NAME,
        title=f"Talare {FREE}",
        bio_sv=f"{FREE} {PHONE}",
        email=EMAIL,
        user=user,
        public_consent=True,
        consent_given_at=timezone.now(),
    )
    # A past event: booked before it, then it took place.
    past = make_event()
    booking_create(
        event=past,
        name=FULL_NAME,
        email=EMAIL,
        user=user,
        participants=[
            _participant(user, past.ticket_types.first(), **_questions(past))
        ],
    )
    ended = timezone.now() - timedelta(days=3)
    EventPage.objects.filter(pk=past.pk).update(
        starts_at=ended - timedelta(hours=3), ends_at=ended
    )
    # A raffle: an application with a motivation.
    raffle = make_event(mode=RegistrationMode.RAFFLE)
    open_raffle(raffle)
    booking_create(
        event=raffle,
        name=FULL_NAME,
        email=EMAIL,
        user=user,
        participants=[
            _participant(user, raffle.ticket_types.first(), motivation=f"{FREE}")
        ],
    )
    # 1:1 meetings: opted in with a topic, asked to meet someone.
    meetings = meeting_event()
    booking_create(
        event=meetings,
        name=FULL_NAME,
        email=EMAIL,
        user=user,
        participants=[_participant(user, meetings.ticket_types.first())],
    )
    own = Registration.objects.get(event=meetings, user=user)
    me = meeting_optin(registration=own, topic=f"{FREE} samverkan", consent=True)
    book(meetings, "Bo Ek")
    other = meeting_optin(
        registration=Registration.objects.get(event=meetings, name="Bo Ek"),
        topic="Bo om lokaler",
        consent=True,
    )
    meeting_request_set(requester=me, target_id=other.pk, wish="must")
    meeting_request_set(requester=other, target_id=me.pk, wish="would")
    assert MeetingParticipant.objects.filter(registration__user=user).exists()
    assert Registration.objects.filter(
        user=user, status=RegistrationStatus.APPLIED
    ).exists()


def _comments(user) -> None:
    page = Page.objects.get(slug="yalla-trappan", locale__language_code="sv").specific
    comment_create(page=page, body=f"{KEPT} från en medlem", author=user)
    guest = comment_create(
        page=page,
        body=f"{KEPT} från en gäst",
        guest_name=FULL_NAME,
        guest_email=EMAIL,
    )
    comment_confirm_guest(token=signing.dumps({"c": guest.pk}, salt=CONFIRM_SALT))
    someone = comment_create(page=page, body="Ett annat inlägg", author=UserFactory())
    comment_report(
        comment=someone,
        reason=ReportReason.choices[0][0],
        reporter_key=uuid.uuid4().hex,
        text=f"{FREE} anmäler",
        reporter=user,
    )


def _knowledge(user, client, capture) -> None:
    client.force_login(user)
    for title in (f"Utkast {FREE}", f"Fallet {KEPT}"):
        response = submit(
            client,
            capture,
            title=title,
            need=f"{KEPT} behov" if KEPT in title else f"{FREE} behov",
            image=SimpleUploadedFile(
                f"{FIRST}-{LAST}-{PHONE}.jpg", image_bytes(), content_type="image/jpeg"
            ),
            # The alt text is part of the case; only the draft's names its maker.
            image_alt="Elever i biblioteket" if KEPT in title else f"Av {FULL_NAME}",
        )
        assert response.status_code == 302, response.content
    published = InnovationPage.objects.get(title=f"Fallet {KEPT}")
    act(published, editor(NODE_EDITOR_EMAIL), "approve", capture)
    assert published.live
    client.logout()


def _impact(user) -> None:
    impact_model_create(user=user, title=f"Utkast {FREE}")
    published = make_model(user=user, published=True, title=f"Modell {KEPT}")
    outcome = step(published, Level.OUTCOME, "Fler elever klarar skolan")
    Story.objects.create(
        step=outcome,
        title=f"Berättelse {KEPT}",
        text=f"{KEPT} berättad av en deltagare",
        teller="deltagare",
        consent_method="oral",
        consent_given_on=timezone.localdate(),
        consent_text_version="impact-story-2025-1",
        recorded_by=user,
    )


def _follows(user) -> None:
    follow_add(user=user, kind="search", key=f"{FREE} läxhjälp", label=f"{FREE}")
    follow_add(
        user=user, kind="theme", key=Theme.objects.order_by("pk").first().slug, label=""
    )
    digest_settings_update(user=user, frequency="daily", language="sv")
    digest_send_for(user_id=user.pk, now=timezone.now() + timedelta(days=2))


def seed(client, capture):
    """The member, with data in every place a member can put it."""
    user = _account()
    with capture(execute=True):
        _actors(user)
        _events(user)
        _comments(user)
        _impact(user)
        _follows(user)
    _knowledge(user, client, capture)
    return user
