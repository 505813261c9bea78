"""Impact model pages: the hub, the published list (filters, pages, a query count
that does not grow), my models, a model's page (drafts hidden, text equivalent of
the diagram, indicators and stories), creating, editing, publishing and deleting, and
the parts (stakeholders, steps, links, indicators, values, stories)."""

from django.urls import reverse
from django.utils import translation

import pytest

from motesplats.impact.enums import Level, ModelStatus
from motesplats.impact.models import (
    ChangeLink,
    ImpactModel,
    Story,
)
from motesplats.impact.views.models import PER_PAGE
from motesplats.taxonomy.models import Theme
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    add_coalition_member,
    add_org_member,
)
from tests.factories import UserFactory
from tests.impact.model_factories import make_full_model, make_model, step

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"impact:{name}", kwargs=kwargs)


# --- hub and lists ----------------------------------------------------------------------


def test_hub_links_everything(client):
    html = client.get(url("hub")).content.decode()
    for name in ("guide", "model_list", "sroi", "social_investment", "proxy_list"):
        assert f'href="{url(name)}"' in html
    assert url("my_models") not in html


def test_hub_shows_my_models_to_members(client):
    client.force_login(UserFactory())
    assert url("my_models") in client.get(url("hub")).content.decode()


def test_hub_is_in_the_main_menu(client):
    html = client.get(url("model_list")).content.decode()
    assert f'<a href="{url("hub")}"' in html


def test_list_shows_published_only(client):
    make_model(title="Publicerad modell", published=True)
    make_model(title="Hemligt utkast")
    html = client.get(url("model_list")).content.decode()
    assert "Publicerad modell" in html
    assert "Hemligt utkast" not in html


def test_list_filters_by_theme_and_subject(client):
    theme = Theme.objects.filter(is_active=True).first()
    with_theme = make_model(
        title="Modell med tema", published=True, organisation=OrganisationFactory()
    )
    with_theme.themes.set([theme])
    make_model(title="Modell utan tema", published=True)
    html = client.get(url("model_list"), {"theme": theme.slug}).content.decode()
    assert "Modell med tema" in html
    assert "Modell utan tema" not in html
    html = client.get(url("model_list"), {"subject": "organisation"}).content.decode()
    assert "Modell med tema" in html
    assert "Modell utan tema" not in html
    html = client.get(url("model_list"), {"subject": "coalition"}).content.decode()
    assert "Modell med tema" not in html


def test_list_unknown_filter_is_said_not_an_error(client, en):
    make_model(title="Publicerad modell", published=True)
    response = client.get(url("model_list"), {"theme": "finns-inte", "subject": "x"})
    assert response.status_code == 200
    assert "does not exist" in response.content.decode()
    assert "Publicerad modell" in response.content.decode()


def test_list_pages(client):
    already = ImpactModel.objects.filter(status=ModelStatus.PUBLISHED).count()
    for n in range(PER_PAGE + 1):
        make_model(title=f"Modell nummer {n:02d}", published=True)
    first = client.get(url("model_list")).context["page_obj"]
    assert len(first.object_list) == PER_PAGE
    second = client.get(url("model_list"), {"page": 2}).context["page_obj"]
    assert len(second.object_list) == 1 + already
    assert client.get(url("model_list"), {"page": "x"}).status_code == 200


def test_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    theme = Theme.objects.filter(is_active=True).first()
    for _ in range(2):
        make_model(published=True, organisation=OrganisationFactory()).themes.set(
            [theme]
        )
    with django_assert_max_num_queries(30) as few:
        client.get(url("model_list"))
    for n in range(12):
        subject = (
            {"organisation": OrganisationFactory()}
            if n % 2
            else {"coalition": CoalitionFactory()}
        )
        make_model(published=True, **subject).themes.set(
            Theme.objects.filter(is_active=True)[:2]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("model_list"))


def test_my_models_lists_what_i_may_edit(client):
    me = UserFactory()
    org = OrganisationFactory()
    add_org_member(org, me, admin=True)
    make_model(title="Min egen", user=me)
    make_model(title="Organisationens", organisation=org)
    make_model(title="Någon annans")
    client.force_login(me)
    html = client.get(url("my_models")).content.decode()
    assert "Min egen" in html
    assert "Organisationens" in html
    assert "Någon annans" not in html


def test_my_models_resumes_the_guide(client):
    me = UserFactory()
    model = make_model(user=me, guided_step=4)
    client.force_login(me)
    html = client.get(url("my_models")).content.decode()
    assert url("guide_step", uuid=model.uuid, step=5) in html


def test_my_models_needs_login(client):
    assert client.get(url("my_models")).status_code == 302


# --- a model's page ---------------------------------------------------------------------


def test_draft_is_404_for_visitors_and_strangers(client):
    model = make_model()
    assert client.get(url("model_detail", uuid=model.uuid)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url("model_detail", uuid=model.uuid)).status_code == 404


def test_draft_is_shown_to_its_editors(client):
    model = make_model()
    client.force_login(model.created_by)
    response = client.get(url("model_detail", uuid=model.uuid))
    assert response.status_code == 200
    assert url("model_edit", uuid=model.uuid) in response.content.decode()


def test_coalition_coordinator_sees_the_draft(client):
    coalition = CoalitionFactory()
    coordinator = UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    model = make_model(coalition=coalition)
    client.force_login(coordinator)
    assert client.get(url("model_detail", uuid=model.uuid)).status_code == 200


def test_model_page_shows_everything(client, en):
    model, _steps, _indicator = make_full_model(
        published=True, organisation=OrganisationFactory(name="Läxhjälpsföreningen")
    )
    html = client.get(url("model_detail", uuid=model.uuid)).content.decode()
    assert "Läxhjälpsföreningen" in html
    assert reverse("actors:organisation_detail", args=[model.organisation.slug]) in html
    assert "Elever i årskurs 7–9" in html
    assert 'role="img"' in html
    assert "<title" in html
    assert "<desc" in html
    # The text equivalent: each step and what it leads to.
    assert "leads to" in html
    assert "“Fler elever klarar matematiken”" in html
    # The links' table with assumption and evidence grade.
    assert "Eleverna kommer regelbundet." in html
    assert "Own measurements before and after" in html
    # Values per period and the progress in words (65 is half-way from 55 to 75).
    assert "2025-07-01 – 2025-12-31" in html
    assert "50 %" in html
    # The story with its teller, never the member who recorded it.
    assert "Jag vågar fråga nu" in html
    assert "elev, 14 år" in html
    assert model.created_by.display_name not in html
    assert model.created_by.email not in html
    # Visitors get no edit controls.
    assert url("model_edit", uuid=model.uuid) not in html


def test_model_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    model, steps, _indicator = make_full_model(published=True)
    with django_assert_max_num_queries(40) as few:
        client.get(url("model_detail", uuid=model.uuid))
    for n in range(6):
        new = step(model, Level.OUTCOME, f"Ännu en effekt {n}")
        ChangeLink.objects.create(model=model, source=steps[Level.OUTPUT], target=new)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("model_detail", uuid=model.uuid))


def test_unknown_model_is_404(client):
    assert client.get(url("model_detail", uuid=ImpactModel().uuid)).status_code == 404


# --- create, edit, publish, delete -----------------------------------------------------


def test_create_a_model(client):
    me = UserFactory()
    org = OrganisationFactory()
    add_org_member(org, me, admin=True)
    client.force_login(me)
    theme = Theme.objects.filter(is_active=True).first()
    response = client.post(
        url("model_create"),
        {
            "title": "Språkcafé",
            "summary": "Samtal på svenska",
            "language": "sv",
            "subject": f"organisation:{org.pk}",
            "themes": [theme.pk],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    model = ImpactModel.objects.get(title="Språkcafé")
    assert response.status_code == 302
    assert response["Location"] == url("model_detail", uuid=model.uuid)
    assert model.organisation == org
    assert model.created_by == me
    assert model.status == ModelStatus.DRAFT
    assert list(model.themes.all()) == [theme]


def test_create_with_errors_is_400_and_saves_nothing(client, en):
    client.force_login(UserFactory())
    response = client.post(
        url("model_create"),
        {
            "title": "",
            "language": "sv",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert "Give the model a title." in html
    assert "must end after it starts" in html
    assert not ImpactModel.objects.filter(
        created_by=response.wsgi_request.user
    ).exists()


def test_cannot_attach_to_an_organisation_i_do_not_administer(client):
    client.force_login(UserFactory())
    org = OrganisationFactory()
    response = client.post(
        url("model_create"),
        {"title": "X", "language": "sv", "subject": f"organisation:{org.pk}"},
    )
    assert response.status_code == 400
    assert not ImpactModel.objects.filter(title="X").exists()


def test_innovation_case_only_for_impact_editors(client):
    from django.apps import apps  # noqa: PLC0415

    page = apps.get_model("knowledge", "InnovationPage").objects.live().first()
    if page is None:
        pytest.skip("the demo has no innovation case")
    client.force_login(UserFactory())
    response = client.post(
        url("model_create"),
        {"title": "X", "language": "sv", "subject": f"innovation:{page.pk}"},
    )
    assert response.status_code == 400
    assert not ImpactModel.objects.filter(title="X").exists()


def test_edit_keeps_the_subject_i_no_longer_lead(client):
    me = UserFactory()
    org = OrganisationFactory()
    model = make_model(user=me, organisation=org)
    client.force_login(me)
    form = client.get(url("model_edit", uuid=model.uuid)).context["form"]
    assert f"organisation:{org.pk}" in {
        v: label
        for _group, opts in form.fields["subject"].choices[1:]
        for v, label in opts
    }
    response = client.post(
        url("model_edit", uuid=model.uuid),
        {"title": "Nytt namn", "language": "en", "subject": f"organisation:{org.pk}"},
    )
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.title == "Nytt namn"
    assert model.organisation == org


def test_strangers_cannot_edit(client):
    published = make_model(published=True)
    draft = make_model()
    client.force_login(UserFactory())
    assert client.get(url("model_edit", uuid=published.uuid)).status_code == 403
    assert client.get(url("model_edit", uuid=draft.uuid)).status_code == 404
    response = client.post(url("model_delete", uuid=published.uuid))
    assert response.status_code == 403
    assert ImpactModel.objects.filter(pk=published.pk).exists()


def test_publish_needs_an_outcome(client, en):
    model = make_model()
    client.force_login(model.created_by)
    response = client.post(
        url("model_publish", uuid=model.uuid), {"publish": "1"}, follow=True
    )
    assert "at least one outcome" in response.content.decode()
    model.refresh_from_db()
    assert model.status == ModelStatus.DRAFT
    step(model, Level.OUTCOME, "Fler klarar skolan")
    client.post(url("model_publish", uuid=model.uuid), {"publish": "1"})
    model.refresh_from_db()
    assert model.status == ModelStatus.PUBLISHED
    client.post(url("model_publish", uuid=model.uuid), {"publish": "0"})
    model.refresh_from_db()
    assert model.status == ModelStatus.DRAFT


def test_publish_ignores_a_foreign_next(client):
    model = make_model()
    step(model, Level.OUTCOME, "Fler klarar skolan")
    client.force_login(model.created_by)
    response = client.post(
        url("model_publish", uuid=model.uuid),
        {"publish": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == url("model_detail", uuid=model.uuid)


def test_delete_asks_then_deletes(client):
    model, _steps, _ind = make_full_model()
    client.force_login(model.created_by)
    assert client.get(url("model_delete", uuid=model.uuid)).status_code == 200
    assert ImpactModel.objects.filter(pk=model.pk).exists()
    response = client.post(url("model_delete", uuid=model.uuid))
    assert response["Location"] == url("my_models")
    assert not ImpactModel.objects.filter(pk=model.pk).exists()
    assert not Story.objects.filter(step__model_id=model.pk).exists()
