"""The objects the security tests act on: one of each private and public kind, owned by
`member`, and a user for every role. Names and e-mail addresses of `member` are canaries:
no one else may ever see them in a response."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.models import Page

from motesplats.actors.enums import (
    NeedOfferStatus,
    OrganisationStatus,
    SurveyStatus,
    Visibility,
)
from motesplats.actors.models import Message, Survey
from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment
from motesplats.events.enums import RegistrationMode
from motesplats.events.models import EventPage, Registration, Session, Speaker
from motesplats.events.programme import agenda_token
from motesplats.events.services.meetings import meeting_optin
from motesplats.events.services.programme import agenda_star
from motesplats.events.services.tickets import participant_key
from motesplats.impact.enums import Level, ModelStatus
from motesplats.impact.models import ChangeStep, ImpactModel, Indicator, Stakeholder
from motesplats.impact.services import impact_model_create
from motesplats.knowledge.models import InnovationPage
from motesplats.nodes.models import Node, NodePage
from motesplats.nodes.services import national_editor_add, node_editor_add
from motesplats.pages.follows.services import follow_add, unsubscribe_token
from motesplats.taxonomy.models import Theme
from tests.actors.factories import (
    CoalitionFactory,
    NeedOfferFactory,
    OrganisationFactory,
    ProfileFactory,
    add_coalition_member,
    add_org_member,
)
from tests.events.factories import book
from tests.events.meeting_helpers import meeting_event
from tests.factories import UserFactory, login_with_totp
from tests.knowledge.submission_helpers import submit_url, valid_post

ROLES = (
    "anonymous",
    "member",
    "other_member",
    "org_admin",
    "coordinator",
    "node_editor",
    "national_editor",
    "admin",
)
STAFF = ("node_editor", "national_editor", "admin")

# What `member` wrote or is called: none of it may reach another person.
CANARY_NAME = "Alva Kanariefågel"
CANARY_EMAIL = "alva.kanariefagel@example.org"
CANARY_TEXT = "Kanarietext 7Q4X"
CANARIES = (CANARY_NAME, CANARY_EMAIL, CANARY_TEXT)


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        """A fresh client in `role`'s session. Sessions are made once per module; a
        test that logs out or rotates the key cannot leave the next test anonymous
        (its database changes roll back, but a client's cookie would not)."""
        client = Client()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def _users() -> dict[str, Any]:
    users = {
        "member": UserFactory(display_name=CANARY_NAME, email=CANARY_EMAIL),
        "other_member": UserFactory(display_name="Bo Nyfiken"),
        "org_admin": UserFactory(display_name="Cecilia Föreningsadmin"),
        "coordinator": UserFactory(display_name="David Samordnare"),
        "node_editor": UserFactory(display_name="Eva Nodredaktör"),
        "national_editor": UserFactory(display_name="Farid Riksredaktör"),
        "admin": UserFactory(display_name="Greta Administratör"),
    }
    node_editor_add(node=Node.objects.get(slug="malmo"), user=users["node_editor"])
    national_editor_add(user=users["national_editor"])
    admin = users["admin"]
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    return users


def _submission(member) -> InnovationPage:
    """The member's innovation case, sent through the real form: a draft for review."""
    client = Client()
    client.force_login(member)
    data = valid_post(title=f"Kanariecaset {CANARY_TEXT}", municipality="Malmö")
    response = client.post(submit_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return InnovationPage.objects.filter(owner=member).latest("pk")


def _comment(author, page, status, body) -> Comment:
    return Comment.objects.create(page=page, author=author, body=body, status=status)


def _document():
    document = get_document_model()(title="Verksamhetsberättelse")
    document.file.save("berattelse.txt", ContentFile(b"Offentlig text."), save=False)
    document.file_size = 15
    document.save()
    return document


def build_world() -> World:
    users = _users()
    member = users["member"]
    o: dict[str, Any] = {}
    with translation.override("sv"):
        o["malmo"] = Node.objects.get(slug="malmo")
        o["malmo_page"] = NodePage.objects.get(
            node__slug="malmo", locale__language_code="sv"
        )
        o["other_node_page"] = NodePage.objects.get(
            node__slug="umea", locale__language_code="sv"
        )
        o["org"] = OrganisationFactory(name="Matrisföreningen Säkerhet")
        add_org_member(o["org"], users["org_admin"], admin=True)
        o["proposed_org"] = OrganisationFactory(
            name=f"Förslaget {CANARY_TEXT}",
            status=OrganisationStatus.PROPOSED,
            proposed_by=member,
        )
        o["coalition"] = CoalitionFactory()
        add_coalition_member(
            o["coalition"], user=users["coordinator"], coordinator=True
        )
        # A's open need is public: no canary in it (the closed one is private).
        o["need"] = NeedOfferFactory(author=member, title="Behovet av läxhjälp")
        o["closed_need"] = NeedOfferFactory(
            author=member,
            title=f"Stängt {CANARY_TEXT}",
            status=NeedOfferStatus.CLOSED,
        )
        o["profile"] = ProfileFactory(user=member, name=CANARY_NAME, is_listed=False)
        o["other_profile"] = ProfileFactory(
            user=users["other_member"],
            name="Bo Nyfiken",
            is_listed=True,
            name_visibility=Visibility.PUBLIC,
        )
        o["message"] = Message.objects.create(
            sender=member,
            recipient_organisation=o["org"],
            subject=f"Fråga {CANARY_TEXT}",
            body=f"Hej, jag heter {CANARY_NAME}, nå mig på {CANARY_EMAIL}.",
        )
        o["survey"] = Survey.objects.create(
            title_sv="Öppen säkerhetsenkät",
            slug="oppen-sakerhetsenkat",
            status=SurveyStatus.OPEN,
            results_public=True,
        )
        o["draft_survey"] = Survey.objects.create(
            title_sv="Utkast till enkät",
            slug="utkast-sakerhet",
            status=SurveyStatus.DRAFT,
        )
        o["draft_model"] = impact_model_create(
            user=member, title=f"Utkastmodellen {CANARY_TEXT}"
        )
        o["stakeholder"] = Stakeholder.objects.create(
            model=o["draft_model"], name=f"Intressent {CANARY_TEXT}"
        )
        o["step"] = ChangeStep.objects.create(
            model=o["draft_model"], level=Level.OUTCOME, title=f"Steg {CANARY_TEXT}"
        )
        o["indicator"] = Indicator.objects.create(
            step=o["step"], name=f"Indikator {CANARY_TEXT}"
        )
        published = impact_model_create(user=member, title="Publicerade modellen")
        ImpactModel.objects.filter(pk=published.pk).update(status=ModelStatus.PUBLISHED)
        published.refresh_from_db()
        o["published_model"] = published

        event = meeting_event(starts_in=timedelta(days=20))
        o["event"] = event
        result = book(event, CANARY_NAME, user=member)
        registration = result.registrations[0]
        Registration.objects.filter(pk=registration.pk).update(
            email=CANARY_EMAIL, user=member
        )
        registration.refresh_from_db()
        o["booking"] = result.booking
        o["registration"] = registration
        o["participant_key"] = participant_key(registration)
        o["participant"] = meeting_optin(
            registration=registration, topic=f"Om {CANARY_TEXT}", consent=True
        )
        o["session"] = Session.objects.create(
            event=event,
            title_sv="Pass om samverkan",
            kind="seminar",
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(hours=1),
        )
        agenda_star(session=o["session"], user=member)
        o["agenda_token"] = agenda_token(member)
        o["unsubscribe_token"] = unsubscribe_token(member)
        o["follow"] = follow_add(user=member, kind="node", key="malmo", label="MSI Syd")
        o["submission"] = _submission(member)
        commented = Page.objects.get(slug="yalla-trappan", locale__language_code="sv")
        o["commented_page"] = commented
        # A published comment shows its author's name: it is someone else's.
        o["comment"] = _comment(
            users["org_admin"], commented, CommentStatus.PUBLISHED, "Bra exempel!"
        )
        o["pending_comment"] = _comment(
            member, commented, CommentStatus.PENDING, f"{CANARY_TEXT} kommentar"
        )
        o["public_page"] = commented
        o["document"] = _document()
        o["speaker"] = Speaker.objects.filter(public_consent=True).first()
        o["theme_slug"] = Theme.objects.filter(is_active=True).first().slug
        o["raffle_event"] = (
            EventPage.objects.filter(
                registration_mode=RegistrationMode.RAFFLE,
                locale__language_code="sv",
            )
            .live()
            .first()
        )
    return World(users=users, objects=o)


def log_in_everyone(world: World) -> None:
    """A client per role; editors and the administrator pass the two-factor stage."""
    for role, user in world.users.items():
        client = Client()
        if role in STAFF:
            login_with_totp(client, user)
        else:
            client.force_login(user)
        world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value


def url(name: str, *args: Any, query: str = "", language: str = "sv") -> str:
    with translation.override(language):
        return reverse(name, args=args) + query
