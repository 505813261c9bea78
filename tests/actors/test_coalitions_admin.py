"""Editors create coalitions in the admin with a first coordinator."""

from django.contrib.auth.models import Group

import pytest

from motesplats.actors.enums import CoalitionRole, MembershipStatus
from motesplats.actors.models import Coalition, CoalitionFollow
from motesplats.nodes.services import NATIONAL_EDITORS_GROUP
from motesplats.taxonomy.models import Theme
from tests.actors.factories import CoalitionFactory, add_coalition_member
from tests.factories import UserFactory, login_with_totp

pytestmark = pytest.mark.django_db

ADMIN = "/admin/coalitions/"


@pytest.fixture
def editor(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=NATIONAL_EDITORS_GROUP))
    login_with_totp(client, user)
    return user


def _data(theme, **extra):
    question = theme.questions.first()
    return {
        "name_sv": "Allians för trygga torg",
        "name_en": "Alliance for safe squares",
        "slug": "allians-for-trygga-torg",
        "theme": theme.pk,
        "purpose_sv": "Vi gör torgen trygga tillsammans.",
        "purpose_en": "",
        "questions": [question.pk],
        "is_knowledge_alliance": "on",
        "access": "open",
        "node": "",
        "is_active": "on",
        **extra,
    }


def test_editor_creates_a_coalition_with_its_first_coordinator(client, editor):
    coordinator = UserFactory()
    theme = Theme.objects.order_by("sort_order").last()
    response = client.post(
        f"{ADMIN}new/", _data(theme, coordinator_email=coordinator.email.upper())
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    coalition = Coalition.objects.get(slug="allians-for-trygga-torg")
    row = coalition.members.get(user=coordinator)
    assert row.role == CoalitionRole.COORDINATOR
    assert row.status == MembershipStatus.ACTIVE
    assert CoalitionFollow.objects.filter(
        coalition=coalition, user=coordinator
    ).exists()
    assert client.get(ADMIN).status_code == 200


def test_new_coalition_without_coordinator_is_refused(client, editor):
    theme = Theme.objects.order_by("sort_order").first()
    response = client.post(f"{ADMIN}new/", _data(theme, coordinator_email=""))
    assert response.status_code == 200
    assert "behöver en första samordnare" in response.content.decode()
    response = client.post(
        f"{ADMIN}new/", _data(theme, coordinator_email="nobody@example.org")
    )
    assert "Inget aktivt konto" in response.content.decode()
    assert not Coalition.objects.filter(slug="allians-for-trygga-torg").exists()


def test_question_of_another_theme_is_refused(client, editor):
    themes = list(Theme.objects.order_by("sort_order")[:2])
    data = _data(themes[0], coordinator_email=UserFactory().email)
    data["questions"] = [themes[1].questions.first().pk]
    response = client.post(f"{ADMIN}new/", data)
    assert response.status_code == 200
    assert not Coalition.objects.filter(slug="allians-for-trygga-torg").exists()


def test_coordinator_without_editor_rights_has_no_admin(client):
    coalition = CoalitionFactory()
    coordinator = UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    client.force_login(coordinator)
    response = client.get(ADMIN)
    assert response.status_code in (302, 403)
