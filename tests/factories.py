"""Factories for tests. Realistic, fictional values."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from motesplats.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Testperson {n}")
    password = factory.PostGenerationMethodCall("set_password", "rätt-lösenord-2026")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()  # stores the password set by the post-generation call above
        EmailAddress.objects.create(
            user=obj, email=obj.email, verified=extracted is not False, primary=True
        )


PASSWORD = "rätt-lösenord-2026"


def activate_totp(user) -> str:
    """Give `user` a TOTP authenticator; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    # The code of the current step (the first counter yielded is the oldest accepted).
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def login_with_totp(client, user) -> None:
    """Sign in through the real two-step flow: password, then a TOTP code."""
    from django.urls import reverse  # noqa: PLC0415 -- keeps factories importable early
    from django.utils import translation  # noqa: PLC0415

    secret = activate_totp(user)
    with translation.override("sv"):
        login_url = reverse("account_login")
    response = client.post(login_url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302, response.content


def login_with_password_only(client, user) -> None:
    from django.urls import reverse  # noqa: PLC0415 -- keeps factories importable early
    from django.utils import translation  # noqa: PLC0415

    with translation.override("sv"):
        login_url = reverse("account_login")
    response = client.post(login_url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content


def _migration_rows():
    """Transactional tests end with a flush that also removes the rows migrations
    created (the root page and collection, the default locale): put them back."""
    from wagtail.models import Collection, Locale, Page  # noqa: PLC0415 -- app registry

    locale, _created = Locale.objects.get_or_create(language_code="sv")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return locale


def load_demo_after_flush() -> None:
    """The whole demo site in a transactional test, whose database was emptied."""
    from motesplats.pages.demo import demo_load  # noqa: PLC0415 -- app registry

    _migration_rows()
    demo_load()


def load_node_after_flush(slug: str = "malmo") -> None:
    """Just one node and its page, for transactional tests that need no more (the whole
    demo takes half a minute to load)."""
    from wagtail.models import Page  # noqa: PLC0415 -- app registry

    from motesplats.nodes.models import Node, NodePage  # noqa: PLC0415
    from motesplats.taxonomy.models import Region  # noqa: PLC0415
    from motesplats.taxonomy.services import taxonomy_load_reference  # noqa: PLC0415

    locale = _migration_rows()
    if NodePage.objects.filter(node__slug=slug, locale=locale).exists():
        return  # the first transactional test still sees the session's demo site
    taxonomy_load_reference()
    node = Node.objects.create(
        slug=slug,
        name_sv="MSI Syd",
        university_sv="Malmö universitet",
        city="Malmö",
        county=Region.objects.get(code="12"),
        email="syd@example.org",
        description_sv="Noden i södra Sverige.",
    )
    Page.objects.get(depth=1).add_child(
        instance=NodePage(title="MSI Syd", slug=slug, node=node, locale=locale)
    )


def national_editor_signed_in(client):
    """A new national editor, signed in on `client` with password and TOTP."""
    from motesplats.nodes.services import national_editor_add  # noqa: PLC0415

    user = UserFactory()
    national_editor_add(user=user)
    login_with_totp(client, user)
    return user
