"""Every form a visitor or member can send, and how to reach it.

Each `FormSpec` names the URL pattern it covers, the role that may use it, how to build
its URL from objects made for the test (`Demo`, built lazily inside the test's
transaction), the field names the view reads and, where useful, realistic values for
fields that point at objects. `tests/security/test_form_fuzz.py` posts generated data to
each; `test_inventory_covers_every_posting_view` there proves that no view reading POST
data is missing from `FORMS` or `EXEMPT`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any

from django import forms
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from wagtail.models import Page, PageViewRestriction

from motesplats.accounts import forms as account_forms
from motesplats.actors.forms import coalitions as coalition_forms
from motesplats.actors.forms import messages as message_forms
from motesplats.actors.forms import needs as need_forms
from motesplats.actors.forms import organisations as organisation_forms
from motesplats.actors.forms import profiles as profile_forms
from motesplats.actors.models import Survey
from motesplats.comments import forms as comment_forms
from motesplats.comments.enums import CommentStatus
from motesplats.comments.models import Comment
from motesplats.comments.services import CONFIRM_SALT
from motesplats.events.enums import RegistrationMode
from motesplats.events.forms import meetings as meeting_forms
from motesplats.events.forms import registration as registration_forms
from motesplats.events.models import Registration, Session
from motesplats.impact.forms import (
    calculators_health,
    calculators_social,
    calculators_sroi,
    models_parts,
)
from motesplats.impact.forms import models as impact_model_forms
from motesplats.impact.views.guide import LAST_GUIDE_STEP
from motesplats.knowledge import forms as knowledge_forms
from motesplats.pages.follows import forms as follow_forms
from motesplats.pages.follows.services import follow_add, unsubscribe_token

ROLES = ("anonymous", "member", "org_admin", "coordinator")

# Patterns whose views read POST data but are not fuzzed here, with the reason.
EXEMPT: dict[str, str] = {
    "api_v1:*": "the open API: schemathesis over its schema in tests/api/test_schema.py",
    "admin:*": "the Wagtail admin: staff only, behind two-factor sign-in",
    "follows:unsubscribe": (
        "RFC 8058 one-click unsubscribe, no fields: tests/pages/test_follows_views.py"
    ),
    "mfa_authenticate": (
        "second sign-in stage, reached only mid-login: allauth's own throttled form, "
        "tests/accounts/test_middleware.py"
    ),
    "account_confirm_login_code": "login by code is turned off (404)",
}


@dataclass(frozen=True)
class FormSpec:
    """One form: `key` is unique; `pattern` is the URL pattern key it covers."""

    key: str
    pattern: str
    role: str
    url: Callable[[Demo, Any], str]
    fields: tuple[str, ...] | Callable[[Demo], tuple[str, ...]] = ()
    forms: tuple[type[forms.BaseForm] | tuple[str, type[forms.BaseForm]], ...] = ()
    hints: Callable[[Demo], dict[str, list[str]]] | None = None
    valid: Callable[[Demo], dict[str, Any]] | None = None
    variants: tuple[Any, ...] = (None,)
    method: str = "POST"
    files: tuple[str, ...] = ()
    # What a junk submission gets: "summary" (a page with the error summary),
    # "refused" (a redirect with a message, or a plain 4xx page; nothing stored), or
    # "confirm" (a confirmation button without fields: any POST acts).
    on_bad: str = "summary"
    note: str = ""

    def field_names(self, demo: Demo) -> tuple[str, ...]:
        names = list(self.fields(demo) if callable(self.fields) else self.fields)
        for entry in self.forms:
            prefix, form = entry if isinstance(entry, tuple) else ("", entry)
            for name in form.base_fields:
                names.append(f"{prefix}-{name}" if prefix else name)
        return tuple(dict.fromkeys(names))


def url(name: str, *args: Any, language: str = "sv", **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


# -- the objects the forms act on ------------------------------------------------------


class Demo:
    """Objects for the forms, made on first use inside the running test's transaction.

    `member` owns the member's things (need, impact model, booking, follow, profile);
    `org_admin` administers `org`; `coordinator` coordinates `coalition`.
    """

    password = "Ett-långt-lösenord-för-test-41"

    @cached_property
    def users(self) -> dict[str, Any]:
        from tests.factories import UserFactory  # noqa: PLC0415

        hashed = make_password(self.password)
        users = {
            role: UserFactory(display_name=f"Testperson {role}") for role in ROLES[1:]
        }
        for user in users.values():
            user.password = hashed
            user.save(update_fields=["password"])
        return users

    @property
    def member(self):
        return self.users["member"]

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client

    # actors
    @cached_property
    def org(self):
        from tests.actors.factories import OrganisationFactory, add_org_member  # noqa: PLC0415

        org = OrganisationFactory()
        add_org_member(org, self.users["org_admin"], admin=True)
        self.pending_membership = add_org_member(org, active=False)
        add_org_member(org, self.member)
        return org

    @cached_property
    def org_to_join(self):
        from tests.actors.factories import OrganisationFactory  # noqa: PLC0415

        return OrganisationFactory()

    @cached_property
    def coalition(self):
        from tests.actors.factories import CoalitionFactory, add_coalition_member  # noqa: PLC0415
        from tests.factories import UserFactory  # noqa: PLC0415

        coalition = CoalitionFactory()
        add_coalition_member(
            coalition, user=self.users["coordinator"], coordinator=True
        )
        self.coalition_membership = add_coalition_member(coalition, user=self.member)
        self.coalition_applicant = add_coalition_member(
            coalition, user=UserFactory(), active=False
        )
        return coalition

    @cached_property
    def coalition_to_join(self):
        from tests.actors.factories import CoalitionFactory  # noqa: PLC0415

        return CoalitionFactory()

    @cached_property
    def need(self):
        from tests.actors.factories import NeedOfferFactory  # noqa: PLC0415

        return NeedOfferFactory(author=self.member)

    @cached_property
    def survey(self) -> Survey:
        """An open demo survey with questions of every kind."""
        return (
            Survey.objects.filter(status="open", questions__isnull=False)
            .distinct()
            .order_by("pk")
            .first()
        )

    # knowledge and comments
    @cached_property
    def commentable_page(self):
        return Page.objects.get(slug="yalla-trappan", locale__language_code="sv")

    @cached_property
    def comment(self) -> Comment:
        return Comment.objects.create(
            page=self.commentable_page,
            author=self.users["org_admin"],
            body="En publicerad kommentar.",
            status=CommentStatus.PUBLISHED,
            published_at=timezone.now(),
        )

    @cached_property
    def guest_comment_token(self) -> str:
        guest = Comment.objects.create(
            page=self.commentable_page,
            guest_name="Gustav Gäst",
            guest_email="gustav.gast@example.org",
            body="En gästkommentar som väntar på bekräftelse.",
            status=CommentStatus.UNCONFIRMED,
        )
        return signing.dumps({"c": guest.pk}, salt=CONFIRM_SALT)

    @cached_property
    def restriction(self) -> PageViewRestriction:
        page = Page.objects.get(slug="yalla-trappan", locale__language_code="sv")
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )

    # events
    @cached_property
    def event(self):
        from tests.events.meeting_helpers import meeting_event  # noqa: PLC0415

        return meeting_event(starts_in=timedelta(days=20))

    @cached_property
    def booking(self):
        """The member's booking (two participants) at `event`."""
        from tests.events.factories import book  # noqa: PLC0415

        result = book(self.event, "Anna Berg", "Bo Ek", user=self.member)
        Registration.objects.filter(booking=result.booking).update(user=self.member)
        return result.booking

    @property
    def registration(self) -> Registration:
        return self.booking.registrations.order_by("pk").first()

    @cached_property
    def offer(self) -> Registration:
        """A registration offered a freed place from the waiting list."""
        from motesplats.events.services.registration import registration_cancel  # noqa: PLC0415
        from tests.events.factories import book, make_event  # noqa: PLC0415

        event = make_event(tickets=[{"capacity": 1}])
        first = book(event, "Cilla Först").registrations[0]
        waiting = book(event, "Dan Väntar").registrations[0]
        registration_cancel(registration=first)
        waiting.refresh_from_db()
        return waiting

    @cached_property
    def raffle_event(self):
        from tests.events.factories import make_event  # noqa: PLC0415
        from tests.events.registration_helpers import open_raffle  # noqa: PLC0415

        event = make_event(mode=RegistrationMode.RAFFLE)
        open_raffle(event)
        return event

    @cached_property
    def full_event(self):
        """An event whose only place is taken: new bookings go to the waiting list."""
        from tests.events.factories import book, make_event  # noqa: PLC0415

        event = make_event(tickets=[{"capacity": 1}])
        book(event, "Erik Först")
        return event

    @cached_property
    def meeting_participant(self):
        from motesplats.events.services.meetings import meeting_optin  # noqa: PLC0415

        registration = self.registration
        return meeting_optin(registration=registration, topic="Samverkan", consent=True)

    @cached_property
    def meeting_other(self):
        from tests.events.meeting_helpers import person  # noqa: PLC0415

        return person(self.event, "Frida Annan")[2]

    @cached_property
    def session(self) -> Session:
        return Session.objects.create(
            event=self.event,
            title_sv="Pass om samverkan",
            kind="seminar",
            starts_at=self.event.starts_at,
            ends_at=self.event.starts_at + timedelta(hours=1),
            capacity=10,
        )

    # impact
    @cached_property
    def impact(self):
        """The member's full impact model: (model, steps by level, indicator)."""
        from tests.impact.model_factories import make_full_model  # noqa: PLC0415

        return make_full_model(user=self.member)

    @property
    def model(self):
        return self.impact[0]

    def part(self, kind: str) -> Any:
        model, _steps, indicator = self.impact
        return {
            "stakeholder": lambda: model.stakeholders.first(),
            "step": lambda: model.steps.order_by("pk").first(),
            "link": lambda: model.links.first(),
            "indicator": lambda: indicator,
            "story": lambda: indicator.step.stories.first(),
            "value": lambda: indicator.values.first(),
        }[kind]()

    # follows
    @cached_property
    def follow(self):
        return follow_add(user=self.member, kind="node", key="malmo", label="MSI Syd")

    @cached_property
    def unsubscribe_token(self) -> str:
        return unsubscribe_token(self.member)

    # allauth keys
    @cached_property
    def email_confirmation_key(self) -> str:
        from allauth.account.models import EmailAddress, EmailConfirmationHMAC  # noqa: PLC0415

        address, _ = EmailAddress.objects.get_or_create(
            user=self.member, email=self.member.email, defaults={"primary": True}
        )
        address.verified = False
        address.save(update_fields=["verified"])
        return EmailConfirmationHMAC(address).key

    @cached_property
    def password_reset_key(self) -> str:
        from allauth.account.forms import default_token_generator  # noqa: PLC0415
        from allauth.account.utils import user_pk_to_url_str  # noqa: PLC0415

        user = self.users["org_admin"]
        return f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"


# -- values for fields that point at objects ------------------------------------------


# The actions of a coalition's management page (`actors.views.coalitions`).
COALITION_MANAGE_ACTIONS = (
    "edit",
    "question",
    "update",
    "document",
    "decide",
    "role",
    "question_remove",
    "update_delete",
    "document_remove",
)


def _pks(queryset, n: int = 3) -> list[str]:
    return [str(pk) for pk in queryset.values_list("pk", flat=True)[:n]]


def _registration_fields(demo: Demo) -> tuple[str, ...]:
    names = [
        f"p{n}-{name}"
        for n in (1, 2)
        for name in registration_forms.ParticipantForm.base_fields
    ]
    return (*names, "recount", "add", "remove")


def _registration_hints(event) -> Callable[[Demo], dict[str, list[str]]]:
    def hints(demo: Demo) -> dict[str, list[str]]:
        from motesplats.taxonomy.models import Region, Sector  # noqa: PLC0415

        page = getattr(demo, event)
        tickets = _pks(page.ticket_types.all())
        values = {
            "count": ["1", "2", "0", "-1", "999999999999"],
            "shown": ["1", "2", "11"],
            "submission_key": ["3f6b8a52-8c41-4c8e-9c1e-0a2b4c6d8e10", "x"],
        }
        for n in (1, 2):
            values[f"p{n}-ticket_type"] = tickets
            values[f"p{n}-sector"] = _pks(Sector.objects.all())
            values[f"p{n}-county"] = _pks(Region.objects.all())
            values[f"p{n}-email"] = ["anna.berg@example.org"]
        return values

    return hints


def _registration_valid(event) -> Callable[[Demo], dict[str, Any]]:
    def valid(demo: Demo) -> dict[str, Any]:
        from tests.events.registration_helpers import valid_post  # noqa: PLC0415

        return valid_post(getattr(demo, event))

    return valid


def _registration_spec(key: str, role: str, event: str) -> FormSpec:
    """The booking form of one of the demo's events (`event`: its attribute)."""
    return FormSpec(
        key=key,
        pattern="events:register",
        role=role,
        url=lambda d, v: url("events:register", event_id=getattr(d, event).pk),
        forms=(registration_forms.BookingForm,),
        fields=_registration_fields,
        hints=_registration_hints(event),
        valid=_registration_valid(event),
    )


def _survey_fields(demo: Demo) -> tuple[str, ...]:
    questions = demo.survey.questions.values_list("pk", flat=True)
    return (*(f"q{pk}" for pk in questions), "may_publish_text", "submission_key")


def _survey_hints(demo: Demo) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {"submission_key": ["A" * 32, "kort"]}
    for question in demo.survey.questions.all():
        values[f"q{question.pk}"] = ["0", "1", "3", "5", "999", "-1"] + [
            str(o) for o in range(3)
        ]
    return values


def _impact_parts() -> list[FormSpec]:
    part_forms = {
        "stakeholder": models_parts.StakeholderForm,
        "step": models_parts.StepForm,
        "link": models_parts.LinkForm,
        "indicator": models_parts.IndicatorForm,
        "story": models_parts.StoryForm,
    }

    def part_hints(demo: Demo) -> dict[str, list[str]]:
        model = demo.model
        steps = _pks(model.steps.all(), 5)
        return {
            "stakeholder": _pks(model.stakeholders.all()),
            "step": steps,
            "source": steps,
            "target": steps,
        }

    specs = []
    for kind, form in part_forms.items():
        specs.append(
            FormSpec(
                key=f"impact:part_add[{kind}]",
                pattern=f"impact:part_add[{kind}]",
                role="member",
                url=lambda d, v, kind=kind: url(
                    "impact:part_add", uuid=d.model.uuid, kind=kind
                ),
                forms=(form,),
                hints=part_hints,
            )
        )
        specs.append(
            FormSpec(
                key=f"impact:part_edit[{kind}]",
                pattern=f"impact:part_edit[{kind}]",
                role="member",
                url=lambda d, v, kind=kind: url(
                    "impact:part_edit", uuid=d.model.uuid, kind=kind, pk=d.part(kind).pk
                ),
                forms=(form,),
                hints=part_hints,
            )
        )
    for kind in (*part_forms, "value"):
        specs.append(
            FormSpec(
                key=f"impact:part_delete[{kind}]",
                pattern=f"impact:part_delete[{kind}]",
                role="member",
                url=lambda d, v, kind=kind: url(
                    "impact:part_delete",
                    uuid=d.model.uuid,
                    kind=kind,
                    pk=d.part(kind).pk,
                ),
                fields=("next",),
                on_bad="confirm",
                note="a confirmation: any POST deletes the part; no fields to get wrong",
            )
        )
    return specs


def _allauth() -> list[FormSpec]:
    def plain(key, role, fields, *, on_bad="summary", name=None, **kwargs):
        return FormSpec(
            key=key,
            pattern=key,
            role=role,
            url=lambda d, v: url(name or key, **kwargs),
            fields=fields,
            on_bad=on_bad,
        )

    return [
        plain("account_signup", "anonymous", ("email", "password1", "password2")),
        plain("account_login", "anonymous", ("login", "password", "remember")),
        plain("account_logout", "member", ("next",), on_bad="confirm"),
        plain("account_reauthenticate", "member", ("password", "next")),
        plain(
            "account_email",
            "member",
            ("email", "action_add", "action_send", "action_remove", "action_primary"),
        ),
        plain(
            "account_change_password",
            "member",
            ("oldpassword", "password1", "password2"),
        ),
        plain(
            "account_set_password",
            "member",
            ("password1", "password2"),
            on_bad="refused",
        ),
        plain("account_reset_password", "anonymous", ("email",)),
        FormSpec(
            key="account_confirm_email",
            pattern="account_confirm_email",
            role="member",
            url=lambda d, v: url(
                "account_confirm_email",
                key=d.email_confirmation_key if v == "real" else "ogiltig-nyckel",
            ),
            fields=("key",),
            variants=("real", "junk"),
            on_bad="refused",
        ),
        FormSpec(
            key="account_reset_password_from_key",
            pattern="account_reset_password_from_key",
            role="anonymous",
            url=lambda d, v: url(
                "account_reset_password_from_key",
                uidb36=d.password_reset_key.split("-", 1)[0],
                key=d.password_reset_key.split("-", 1)[1]
                if v == "real"
                else "fel-nyckel",
            ),
            fields=("password1", "password2"),
            variants=("real", "junk"),
            on_bad="refused",
        ),
        plain("mfa_reauthenticate", "member", ("code",), on_bad="refused"),
        plain("mfa_activate_totp", "member", ("code", "signup"), on_bad="refused"),
        plain("mfa_deactivate_totp", "member", ("code",), on_bad="refused"),
        plain("mfa_generate_recovery_codes", "member", ("code",), on_bad="refused"),
    ]


FORMS: tuple[FormSpec, ...] = (
    # accounts: the member's privacy pages
    FormSpec(
        key="accounts:consents",
        pattern="accounts:consents",
        role="member",
        url=lambda d, v: url("accounts:consents"),
        forms=(account_forms.ConsentForm,),
    ),
    FormSpec(
        key="accounts:delete",
        pattern="accounts:delete",
        role="member",
        url=lambda d, v: url("accounts:delete"),
        forms=(account_forms.DeleteAccountForm,),
        note="the right password is never generated, so the account stays",
    ),
    *_allauth(),
    # Wagtail's own forms for password-protected pages
    FormSpec(
        key="wagtailcore_login",
        pattern="wagtailcore_login",
        role="anonymous",
        url=lambda d, v: url("wagtailcore_login"),
        fields=("username", "password", "next"),
    ),
    FormSpec(
        key="wagtailcore_authenticate_with_password",
        pattern="wagtailcore_authenticate_with_password",
        role="anonymous",
        url=lambda d, v: url(
            "wagtailcore_authenticate_with_password",
            page_view_restriction_id=d.restriction.pk,
            page_id=d.restriction.page_id,
        ),
        fields=("password", "return_url"),
    ),
    FormSpec(
        key="wagtaildocs_authenticate_with_password",
        pattern="wagtaildocs_authenticate_with_password",
        role="anonymous",
        url=lambda d, v: "/documents/authenticate_with_password/999999/",
        fields=("password", "return_url"),
        on_bad="refused",
        note="no document collection is password-protected: an unknown one is a 404",
    ),
    # comments: the form posts to the page itself
    FormSpec(
        key="wagtail_serve[comment]",
        pattern="wagtail_serve",
        role="anonymous",
        url=lambda d, v: d.commentable_page.url,
        forms=(comment_forms.CommentForm,),
        fields=("comment-form",),
        hints=lambda d: {"comment-form": ["1"], "parent": [str(d.comment.pk)]},
        note="guests; the page ignores POSTs without the comment-form marker",
    ),
    FormSpec(
        key="wagtail_serve[comment-member]",
        pattern="wagtail_serve",
        role="member",
        url=lambda d, v: d.commentable_page.url,
        forms=(comment_forms.CommentForm,),
        fields=("comment-form",),
        hints=lambda d: {"comment-form": ["1"], "parent": [str(d.comment.pk)]},
    ),
    FormSpec(
        key="comments:report",
        pattern="comments:report",
        role="anonymous",
        url=lambda d, v: url("comments:report", pk=d.comment.pk),
        forms=(comment_forms.ReportForm,),
    ),
    FormSpec(
        key="comments:confirm",
        pattern="comments:confirm",
        role="anonymous",
        url=lambda d, v: url(
            "comments:confirm", token=d.guest_comment_token if v == "real" else "x.y.z"
        ),
        variants=("real", "junk"),
        on_bad="confirm",
    ),
    # knowledge
    FormSpec(
        key="knowledge:innovation_submit",
        pattern="knowledge:innovation_submit",
        role="member",
        url=lambda d, v: url("knowledge:innovation_submit"),
        forms=(
            knowledge_forms.InnovationSubmissionForm,
            ("org", knowledge_forms.OrganisationForm),
            ("evidence", knowledge_forms.EvidenceLinkForm),
        ),
        fields=("org-TOTAL_FORMS", "org-INITIAL_FORMS", "evidence-TOTAL_FORMS"),
        files=("image",),
        valid=lambda d: __import__(
            "tests.knowledge.submission_helpers", fromlist=["valid_post"]
        ).valid_post(),
    ),
    # actors: organisations
    FormSpec(
        key="actors:organisation_propose",
        pattern="actors:organisation_propose",
        role="member",
        url=lambda d, v: url("actors:organisation_propose"),
        forms=(organisation_forms.OrganisationProposeForm,),
    ),
    FormSpec(
        key="actors:organisation_join",
        pattern="actors:organisation_join",
        role="member",
        url=lambda d, v: url("actors:organisation_join", slug=d.org_to_join.slug),
        forms=(organisation_forms.JoinForm,),
        on_bad="refused",
    ),
    FormSpec(
        key="actors:organisation_leave",
        pattern="actors:organisation_leave",
        role="member",
        url=lambda d, v: url("actors:organisation_leave", slug=d.org.slug),
        fields=("next",),
        on_bad="confirm",
    ),
    FormSpec(
        key="actors:organisation_members",
        pattern="actors:organisation_members",
        role="org_admin",
        url=lambda d, v: url("actors:organisation_members", slug=d.org.slug),
        fields=("action",),
        forms=(
            organisation_forms.MembershipDecisionForm,
            organisation_forms.MembershipRoleForm,
        ),
        hints=lambda d: {
            "action": ["decide", "role", "remove", "nonsense"],
            "membership": _pks(d.org.memberships.all(), 5),
        },
        on_bad="refused",
    ),
    FormSpec(
        key="actors:organisation_edit",
        pattern="actors:organisation_edit",
        role="org_admin",
        url=lambda d, v: url("actors:organisation_edit", slug=d.org.slug),
        forms=(organisation_forms.OrganisationEditForm,),
        files=("logo",),
    ),
    # actors: people and messages
    FormSpec(
        key="actors:profile_edit",
        pattern="actors:profile_edit",
        role="member",
        url=lambda d, v: url("actors:profile_edit"),
        forms=(profile_forms.ProfileForm,),
        fields=("name_visibility", "themes_visibility", "county_visibility"),
    ),
    FormSpec(
        key="actors:message_send",
        pattern="actors:message_send",
        role="member",
        url=lambda d, v: (
            url("actors:message_send")
            + {"org": f"?organisation={d.org_to_join.slug}", None: ""}[v]
        ),
        forms=(message_forms.MessageForm,),
        variants=("org", None),
        on_bad="refused",
    ),
    # actors: needs and offers
    FormSpec(
        key="actors:need_create",
        pattern="actors:need_create",
        role="member",
        url=lambda d, v: url("actors:need_create"),
        forms=(need_forms.NeedOfferForm,),
    ),
    FormSpec(
        key="actors:need_edit",
        pattern="actors:need_edit",
        role="member",
        url=lambda d, v: url("actors:need_edit", uuid=d.need.uuid),
        forms=(need_forms.NeedOfferForm,),
    ),
    FormSpec(
        key="actors:need_close",
        pattern="actors:need_close",
        role="member",
        url=lambda d, v: url("actors:need_close", uuid=d.need.uuid),
        fields=("reason", "next"),
        on_bad="confirm",
    ),
    # actors: coalitions
    FormSpec(
        key="actors:coalition_join",
        pattern="actors:coalition_join",
        role="member",
        url=lambda d, v: url("actors:coalition_join", slug=d.coalition_to_join.slug),
        forms=(coalition_forms.JoinForm,),
    ),
    FormSpec(
        key="actors:coalition_leave",
        pattern="actors:coalition_leave",
        role="member",
        url=lambda d, v: url("actors:coalition_leave", slug=d.coalition.slug),
        fields=("member", "back"),
        hints=lambda d: {
            "member": [str(d.coalition_membership.pk), str(d.coalition_applicant.pk)],
            "back": ["manage", "detail"],
        },
        on_bad="refused",
    ),
    FormSpec(
        key="actors:coalition_follow",
        pattern="actors:coalition_follow",
        role="member",
        url=lambda d, v: url("actors:coalition_follow", slug=d.coalition.slug),
        fields=("action", "next"),
        hints=lambda d: {"action": ["follow", "unfollow"]},
        on_bad="confirm",
    ),
    FormSpec(
        key="actors:coalition_manage",
        pattern="actors:coalition_manage",
        role="coordinator",
        url=lambda d, v: url("actors:coalition_manage", slug=d.coalition.slug),
        fields=("action", "question", "update", "document"),
        forms=(
            ("edit", coalition_forms.CoalitionEditForm),
            ("question", coalition_forms.QuestionForm),
            ("update", coalition_forms.UpdateForm),
            ("document", coalition_forms.DocumentForm),
            coalition_forms.ApplicationDecisionForm,
            coalition_forms.RoleForm,
        ),
        files=("document-file",),
        hints=lambda d: {
            "action": list(COALITION_MANAGE_ACTIONS),
            "member": _pks(d.coalition.members.all(), 5),
        },
    ),
    # actors: surveys
    FormSpec(
        key="actors:survey_detail",
        pattern="actors:survey_detail",
        role="anonymous",
        url=lambda d, v: url("actors:survey_detail", slug=d.survey.slug),
        fields=_survey_fields,
        hints=_survey_hints,
    ),
    # events: registration, booking links, waiting list, raffle
    _registration_spec("events:register", "anonymous", "event"),
    _registration_spec("events:register[member]", "member", "event"),
    _registration_spec("events:register[waiting-list]", "anonymous", "full_event"),
    _registration_spec("events:register[raffle]", "anonymous", "raffle_event"),
    FormSpec(
        key="events:booking_cancel",
        pattern="events:booking_cancel",
        role="anonymous",
        url=lambda d, v: url(
            "events:booking_cancel",
            token=d.booking.manage_token,
            registration_id=d.registration.pk,
        ),
        on_bad="confirm",
        note="a confirmation: any POST withdraws the participant",
    ),
    FormSpec(
        key="events:booking_change",
        pattern="events:booking_change",
        role="anonymous",
        url=lambda d, v: url(
            "events:booking_change",
            token=d.booking.manage_token,
            registration_id=d.registration.pk,
        ),
        forms=(registration_forms.ParticipantChangeForm,),
    ),
    FormSpec(
        key="events:booking_offer",
        pattern="events:booking_offer",
        role="anonymous",
        url=lambda d, v: url(
            "events:booking_offer",
            token=d.offer.booking.manage_token,
            registration_id=d.offer.pk,
        ),
        fields=("decision",),
        hints=lambda d: {"decision": ["accept", "decline"]},
        on_bad="refused",
    ),
    FormSpec(
        key="events:session_star",
        pattern="events:session_star",
        role="member",
        url=lambda d, v: url("events:session_star", session_id=d.session.pk),
        fields=("action", "next"),
        hints=lambda d: {"action": ["star", "unstar"]},
        on_bad="confirm",
    ),
    FormSpec(
        key="events:session_signup",
        pattern="events:session_signup",
        role="member",
        url=lambda d, v: url("events:session_signup", session_id=d.session.pk),
        fields=("action", "next"),
        hints=lambda d: {"action": ["signup", "cancel"]},
        on_bad="refused",
    ),
    # events: 1:1 meetings
    FormSpec(
        key="events:meetings_optin",
        pattern="events:meetings_optin",
        role="member",
        url=lambda d, v: (d.booking, url("events:meetings_optin", event_id=d.event.pk))[
            1
        ],
        forms=(meeting_forms.MeetingOptInForm,),
        hints=lambda d: {
            "unavailable_slots": _pks(d.event.meeting_slots.all()),
            "consent": ["on"],
        },
    ),
    FormSpec(
        key="events:meetings_optout",
        pattern="events:meetings_optout",
        role="member",
        url=lambda d, v: (
            d.meeting_participant,
            url("events:meetings_optout", event_id=d.event.pk),
        )[1],
        on_bad="confirm",
    ),
    FormSpec(
        key="events:meetings_mark",
        pattern="events:meetings_mark",
        role="member",
        url=lambda d, v: (
            d.meeting_participant,
            url("events:meetings_mark", event_id=d.event.pk),
        )[1],
        forms=(meeting_forms.MeetingMarkForm,),
        fields=("next",),
        hints=lambda d: {
            "target": [str(d.meeting_other.pk), str(d.meeting_participant.pk)]
        },
        on_bad="refused",
    ),
    # impact: calculators (public)
    FormSpec(
        key="impact:sroi",
        pattern="impact:sroi",
        role="anonymous",
        url=lambda d, v: url("impact:sroi"),
        forms=(
            calculators_sroi.SroiForm,
            ("outcome-0", calculators_sroi.OutcomeLineForm),
            ("investment-0", calculators_sroi.InvestmentLineForm),
        ),
        fields=(
            "add",
            "outcome-TOTAL_FORMS",
            "outcome-INITIAL_FORMS",
            "investment-TOTAL_FORMS",
            "investment-INITIAL_FORMS",
        ),
        hints=lambda d: {"add": ["outcome", "investment"]},
    ),
    FormSpec(
        key="impact:social_investment",
        pattern="impact:social_investment",
        role="anonymous",
        url=lambda d, v: url("impact:social_investment"),
        forms=(
            calculators_social.SocialInvestmentForm,
            ("cost-0", calculators_social.InterventionCostForm),
        ),
        fields=("add", "cost-TOTAL_FORMS", "cost-INITIAL_FORMS"),
    ),
    FormSpec(
        key="impact:cost_effectiveness",
        pattern="impact:cost_effectiveness",
        role="anonymous",
        url=lambda d, v: url("impact:cost_effectiveness"),
        forms=(calculators_health.CostEffectivenessForm,),
    ),
    # impact: models, parts and the guide
    FormSpec(
        key="impact:model_create",
        pattern="impact:model_create",
        role="member",
        url=lambda d, v: url("impact:model_create"),
        forms=(impact_model_forms.ImpactModelForm,),
    ),
    FormSpec(
        key="impact:model_edit",
        pattern="impact:model_edit",
        role="member",
        url=lambda d, v: url("impact:model_edit", uuid=d.model.uuid),
        forms=(impact_model_forms.ImpactModelForm,),
    ),
    FormSpec(
        key="impact:model_publish",
        pattern="impact:model_publish",
        role="member",
        url=lambda d, v: url("impact:model_publish", uuid=d.model.uuid),
        fields=("publish", "next"),
        hints=lambda d: {"publish": ["1", "0"]},
        on_bad="confirm",
    ),
    FormSpec(
        key="impact:model_delete",
        pattern="impact:model_delete",
        role="member",
        url=lambda d, v: url("impact:model_delete", uuid=d.model.uuid),
        on_bad="confirm",
        note="a confirmation: any POST deletes the model",
    ),
    FormSpec(
        key="impact:value_add",
        pattern="impact:value_add",
        role="member",
        url=lambda d, v: url("impact:value_add", uuid=d.model.uuid, pk=d.impact[2].pk),
        forms=(models_parts.IndicatorValueForm,),
    ),
    *_impact_parts(),
    FormSpec(
        key="impact:guide",
        pattern="impact:guide",
        role="member",
        url=lambda d, v: url("impact:guide"),
        forms=(impact_model_forms.ImpactModelForm,),
    ),
    FormSpec(
        key="impact:guide_step",
        pattern="impact:guide_step",
        role="member",
        url=lambda d, v: url("impact:guide_step", uuid=d.model.uuid, step=v),
        fields=("action",),
        forms=(
            impact_model_forms.ImpactModelForm,
            models_parts.StakeholderForm,
            models_parts.StepForm,
            models_parts.LinkForm,
            models_parts.IndicatorForm,
            models_parts.StoryForm,
        ),
        hints=lambda d: {"action": ["next", "add", "save"]},
        variants=tuple(range(1, LAST_GUIDE_STEP + 1)),
    ),
    # follows
    FormSpec(
        key="follows:follow",
        pattern="follows:follow",
        role="member",
        url=lambda d, v: url("follows:follow"),
        forms=(follow_forms.FollowForm,),
        hints=lambda d: {
            "kind": ["node", "theme", "coalition", "organisation", "search"],
            "key": ["malmo", d.coalition.slug],
            "action": ["follow", "unfollow"],
        },
        on_bad="refused",
    ),
    FormSpec(
        key="follows:mine",
        pattern="follows:mine",
        role="member",
        url=lambda d, v: url("follows:mine"),
        forms=(follow_forms.DigestSettingsForm,),
    ),
    FormSpec(
        key="follows:remove",
        pattern="follows:remove",
        role="member",
        url=lambda d, v: url("follows:remove", follow_id=d.follow.pk),
        on_bad="confirm",
    ),
)

# Forms sent with GET: filters and searches. Fuzzed the same way, never a 5xx.
GET_FORMS: tuple[FormSpec, ...] = (
    FormSpec(
        key="search",
        pattern="search",
        role="anonymous",
        url=lambda d, v: url("search"),
        fields=("q", "kind", "node", "theme", "page", "sort"),
        method="GET",
    ),
    FormSpec(
        key="knowledge-filters",
        pattern="wagtail_serve",
        role="anonymous",
        url=lambda d, v: "/sv/kunskapsbanken/",
        fields=("q", "theme", "kind", "county", "sdg", "maturity", "sort", "page"),
        forms=(knowledge_forms.SortForm,),
        method="GET",
    ),
    FormSpec(
        key="actors:organisation_list",
        pattern="actors:organisation_list",
        role="anonymous",
        url=lambda d, v: url("actors:organisation_list"),
        fields=("q", "sector", "county", "theme", "page"),
        method="GET",
    ),
    FormSpec(
        key="actors:people_list",
        pattern="actors:people_list",
        role="member",
        url=lambda d, v: url("actors:people_list"),
        fields=("q", "theme", "county", "page"),
        method="GET",
    ),
    FormSpec(
        key="actors:need_list",
        pattern="actors:need_list",
        role="anonymous",
        url=lambda d, v: url("actors:need_list"),
        fields=("q", "kind", "category", "theme", "county", "page"),
        method="GET",
    ),
    FormSpec(
        key="actors:coalition_list",
        pattern="actors:coalition_list",
        role="anonymous",
        url=lambda d, v: url("actors:coalition_list"),
        fields=("q", "theme", "page"),
        method="GET",
    ),
    FormSpec(
        key="events:programme",
        pattern="events:programme",
        role="anonymous",
        url=lambda d, v: url("events:programme", event_id=d.event.pk),
        fields=("day", "track", "kind", "q", "room"),
        method="GET",
    ),
    FormSpec(
        key="events:meetings",
        pattern="events:meetings",
        role="member",
        url=lambda d, v: (
            d.meeting_participant,
            url("events:meetings", event_id=d.event.pk),
        )[1],
        forms=(meeting_forms.MeetingFilterForm,),
        method="GET",
    ),
    FormSpec(
        key="events:summit_archive",
        pattern="events:summit_archive",
        role="anonymous",
        url=lambda d, v: url("events:summit_archive"),
        fields=("year", "q", "page"),
        method="GET",
    ),
    FormSpec(
        key="impact:model_list",
        pattern="impact:model_list",
        role="anonymous",
        url=lambda d, v: url("impact:model_list"),
        fields=("q", "theme", "node", "page", "sort"),
        method="GET",
    ),
    FormSpec(
        key="impact:proxy_list",
        pattern="impact:proxy_list",
        role="anonymous",
        url=lambda d, v: url("impact:proxy_list"),
        fields=("q", "theme", "page"),
        method="GET",
    ),
)


# -- which views read POST data --------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str
    route: str
    callback: Any = field(compare=False)


def _pattern_key(namespace: str, pattern: URLPattern) -> str:
    name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
    kind = pattern.default_args.get("kind")
    return f"{name}[{kind}]" if kind else name


def routes() -> list[Route]:
    """Every URL pattern of the project (Swedish prefix; the English one has the same
    names), the Wagtail admin's under "admin:*"."""

    def walk(resolver, prefix: str, namespace: str):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = (
                        f"{namespace}:{entry.namespace}"
                        if namespace
                        else entry.namespace
                    )
                yield from walk(entry, route, inner)
            else:
                key = _pattern_key(namespace, entry)
                if route.startswith("admin/"):
                    key = "admin:*"
                elif key.startswith("api_v1:"):
                    key = "api_v1:*"
                yield Route(key=key, route=route, callback=entry.callback)

    with translation.override("sv"):
        return list(walk(get_resolver(), "", ""))


# Views whose POST handling lives outside the view function.
POST_BY_HOOK = {
    "wagtail_serve": "comment forms post to the page (comments' on_serve_page hook)",
}


def _functions(callback: Any):
    """The view and every function it wraps: through `__wrapped__` and through the
    closures of decorators that do not set it."""
    seen: set[int] = set()
    todo = [callback]
    while todo:
        function = todo.pop()
        if id(function) in seen or not callable(function):
            continue
        seen.add(id(function))
        yield function
        if hasattr(function, "__wrapped__"):
            todo.append(function.__wrapped__)
        for contents in _closure(function):
            if inspect.isfunction(contents):
                todo.append(contents)


def _closure(function: Any) -> list[Any]:
    contents = []
    for cell in getattr(function, "__closure__", None) or ():
        try:
            contents.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    return contents


def _code_mentions_post(code) -> bool:
    """`request.POST` (a name) or `request.method == "POST"` (a constant), in the
    function or in a function defined inside it."""
    if "POST" in code.co_names or "POST" in code.co_consts:
        return True
    return any(
        _code_mentions_post(const) for const in code.co_consts if inspect.iscode(const)
    )


def reads_post(callback: Any) -> bool:
    """Whether a view handles POST: a class-based view with `post`; a function that
    reads `request.POST` or compares the method with "POST"; or one decorated with
    `require_POST`/`require_http_methods([..., "POST"])` (the allowed methods are in
    the decorator's closure). Read from the compiled code, not the source file, so an
    edit in progress cannot mislead it."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    for function in _functions(callback):
        code = getattr(function, "__code__", None)
        if code is not None and _code_mentions_post(code):
            return True
        for contents in _closure(function):
            if (
                isinstance(contents, list | tuple | set | frozenset)
                and "POST" in contents
            ):
                return True
    return False
