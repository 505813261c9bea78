"""Organisations: duplicate detection, proposals, the directory, an organisation's page,
joining and the admins' answers, editing the page."""

import io

from django.urls import reverse
from django.utils import translation

import pytest
from PIL import Image

from motesplats.actors.enums import (
    MembershipStatus,
    OrganisationRole,
    OrganisationStatus,
    Visibility,
)
from motesplats.actors.models import Organisation, OrganisationMembership
from motesplats.actors.selectors.organisations import (
    name_similarity,
    normalise_name,
    similar_organisations,
)
from motesplats.taxonomy.models import Region, Sector, Theme
from tests.actors.factories import (
    OrganisationFactory,
    ProfileFactory,
    add_org_member,
    org_number,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"actors:{name}", args=args)


# --- duplicate detection ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kvarnby läxhjälpsförening", "Kvarnby Läxhjälps-föreningen"),
        ("Linnéa Arkitekter AB", "linnea arkitekter"),
        ("Föreningen Trygga gator Skåne", "Trygga Gator Skane"),
        ("Öresunds sociala kooperativ ek. för.", "Oresunds Sociala Kooperativ"),
        ("Stiftelsen Gröna Gårdar", "Gröna gårdar, stiftelse"),
    ],
)
def test_names_that_differ_only_in_form_are_very_similar(a, b):
    assert name_similarity(a, b) >= 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kvarnby läxhjälpsförening", "Kalix Fiskeförädling AB"),
        ("Umeå folkhälsoenhet", "Luleå arbetsmarknadsenhet"),
        ("Föreningen Järvamammor", "Föreningen Järvapappor i Kista"),
    ],
)
def test_different_names_are_not_flagged(a, b):
    assert name_similarity(a, b) < 0.85


def test_normalised_name_folds_case_accents_and_legal_forms():
    assert normalise_name("Åsa & Öberg AB") == "asa oberg"
    assert normalise_name("AB") == ""


def test_similar_organisations_finds_the_demo_near_duplicate():
    found = similar_organisations("Kvarnby Läxhjälpsförening")
    assert {o.slug for o in found} >= {
        "kvarnby-lashjalp",
        "kvarnby-lashjalpsforeningen",
    }
    merged = OrganisationFactory(name="Kvarnby läxhjälp AB")
    merged.status = OrganisationStatus.MERGED
    merged.save()
    assert merged not in similar_organisations("Kvarnby Läxhjälpsförening")


# --- proposing -------------------------------------------------------------------------


def _proposal(**extra):
    data = {
        "name": "Föreningen Solrosen i Ystad",
        "org_number": org_number(9100),
        "sector": Sector.objects.get(slug="ideburen").pk,
        "county": Region.objects.get(code="12").pk,
        "municipality": "Ystad",
        "website": "https://exempel-solrosen.example",
        "themes": [Theme.objects.get(slug="jamlik-halsa").pk],
        "description_sv": "Träffpunkt för äldre med promenader och sång.",
        "description_en": "",
        "contact_email": "info@exempel-solrosen.example",
        "contact_url": "",
        "node": "",
    }
    data.update(extra)
    return data


def test_proposal_waits_for_an_editor(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(url("organisation_propose"), _proposal())
    assert response.status_code == 302
    org = Organisation.objects.get(name="Föreningen Solrosen i Ystad")
    assert org.status == OrganisationStatus.PROPOSED
    assert org.proposed_by == user
    assert list(org.themes.values_list("slug", flat=True)) == ["jamlik-halsa"]
    # Shown to its proposer, not in the directory, not to others.
    assert client.get(url("organisation_detail", org.slug)).status_code == 200
    assert org.name not in client.get(url("organisation_list")).content.decode()
    client.force_login(UserFactory())
    assert client.get(url("organisation_detail", org.slug)).status_code == 404


def test_proposal_with_a_taken_number_is_refused_with_a_link(client):
    existing = Organisation.objects.get(slug="kalix-fiskeforadling")
    client.force_login(UserFactory())
    before = Organisation.objects.count()
    response = client.post(
        url("organisation_propose"),
        _proposal(org_number=existing.org_number.replace("-", "")),
    )
    assert response.status_code == 400
    assert Organisation.objects.count() == before
    body = response.content.decode()
    assert url("organisation_detail", existing.slug) in body
    assert "already on the platform" in body


def test_very_similar_name_asks_for_confirmation(client):
    client.force_login(UserFactory())
    data = _proposal(name="Linnea Arkitekter", org_number="")
    before = Organisation.objects.count()
    response = client.post(url("organisation_propose"), data)
    assert response.status_code == 400
    assert Organisation.objects.count() == before
    body = response.content.decode()
    assert "Linnéa Arkitekter AB" in body
    assert 'name="confirm_similar"' in body
    response = client.post(
        url("organisation_propose"), {**data, "confirm_similar": "on"}
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == before + 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("org_number", "556677-8898", "not valid"),
        ("org_number", "811218-9876", "personal identity number"),
        ("name", " ", "required"),
        ("sector", "999999", "Select a valid choice"),
        ("website", "javascript:alert(1)", "valid URL"),
        ("contact_email", "inte-en-adress", "valid email"),
        ("themes", ["abc"], "valid value"),
    ],
)
def test_bad_proposal_input_is_explained_and_changes_nothing(
    client, field, value, message
):
    client.force_login(UserFactory())
    before = Organisation.objects.count()
    response = client.post(url("organisation_propose"), _proposal(**{field: value}))
    assert response.status_code == 400
    assert Organisation.objects.count() == before
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert message in body


def test_proposing_needs_an_account(client):
    response = client.get(url("organisation_propose"))
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- the directory ---------------------------------------------------------------------


def test_directory_lists_approved_only_with_facet_counts(client):
    response = client.get(url("organisation_list"))
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert (
        page.paginator.count == Organisation.objects.filter(status="approved").count()
    )
    names = [o.name for o in page.object_list]
    assert "Kulturstegen Gotland" not in names  # proposed
    sector = next(f for f in response.context["facets"] if f.key == "sector")
    counts = {v.value: v.count for v in sector.values}
    assert (
        counts["akademi"]
        == Organisation.objects.filter(
            status="approved", sector__slug="akademi"
        ).count()
    )


def test_directory_filters_combine_and_keep_other_facets_counts(client):
    response = client.get(
        url("organisation_list"), {"sector": "akademi", "county": "12"}
    )
    orgs = list(response.context["page_obj"].object_list)
    assert [o.slug for o in orgs] == ["institutet-for-urban-valfard"]
    sector = next(f for f in response.context["facets"] if f.key == "sector")
    # The sector facet counts within Skåne, not within the chosen sector.
    skane_private = Organisation.objects.filter(
        status="approved", county__code="12", sector__slug="privat"
    ).count()
    assert {v.value: v.count for v in sector.values}["privat"] == skane_private
    assert 'value="akademi" checked' in response.content.decode()


def test_directory_search_by_name_and_unknown_values_are_ignored(client):
    response = client.get(
        url("organisation_list"), {"q": "kooperativ", "sector": "<script>", "page": "x"}
    )
    assert response.status_code == 200
    assert [o.slug for o in response.context["page_obj"].object_list] == [
        "oresunds-sociala-kooperativ"
    ]
    assert "<script>" not in response.content.decode()


def test_directory_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries
):
    # Facet labels (3), facet counts (3), the count, the page and its themes, plus
    # session and site lookups of the base template.
    with django_assert_max_num_queries(16):
        response = client.get(url("organisation_list"))
    assert len(response.context["page_obj"].object_list) == 20
    for _n in range(30):
        OrganisationFactory(themes=list(Theme.objects.all()[:3]))
    with django_assert_max_num_queries(16):
        response = client.get(url("organisation_list"), {"page": 2})
    assert len(response.context["page_obj"].object_list) == 20


# --- an organisation's page ------------------------------------------------------------


def test_page_shows_facts_contact_and_only_publicly_shown_members(client):
    org = OrganisationFactory(
        name="Föreningen Ljusglimten",
        contact_email="info@exempel-ljusglimten.example",
    )
    shown = ProfileFactory(
        name="Synlig Person",
        organisation=org,
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        organisation_visibility=Visibility.PUBLIC,
    )
    add_org_member(org, shown.user)
    members_only = ProfileFactory(
        name="Medlemsvisad Person",
        organisation=org,
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        organisation_visibility=Visibility.MEMBERS,
    )
    add_org_member(org, members_only.user)
    # Claims the organisation without being a member of it.
    ProfileFactory(
        name="Påstådd Person",
        organisation=org,
        is_listed=True,
        name_visibility=Visibility.PUBLIC,
        organisation_visibility=Visibility.PUBLIC,
    )
    body = client.get(url("organisation_detail", org.slug)).content.decode()
    assert "info@exempel-ljusglimten.example" in body
    assert "Synlig Person" in body
    assert "Medlemsvisad Person" not in body
    assert "Påstådd Person" not in body
    assert f"?organisation={org.uuid}" in body
    client.force_login(UserFactory())
    body = client.get(url("organisation_detail", org.slug)).content.decode()
    assert "Medlemsvisad Person" in body


def test_rejected_and_unknown_pages_are_not_found(client):
    org = OrganisationFactory(status=OrganisationStatus.REJECTED)
    assert client.get(url("organisation_detail", org.slug)).status_code == 404
    assert client.get(url("organisation_detail", "finns-inte")).status_code == 404


# --- joining ---------------------------------------------------------------------------


@pytest.fixture
def org_with_admin():
    org = OrganisationFactory(name="Föreningen Broarna")
    admin = UserFactory(email="admin.broarna@example.org")
    add_org_member(org, admin, admin=True)
    return org, admin


def test_join_request_mails_admins_and_approval_mails_the_person(
    client, org_with_admin, mailoutbox, django_capture_on_commit_callbacks
):
    org, admin = org_with_admin
    person = UserFactory(email="ny.medlem@example.org")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("organisation_join", org.slug), {"message": "Jag leder läxhjälpen."}
        )
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(organisation=org, user=person)
    assert membership.status == MembershipStatus.PENDING
    assert [m.to for m in mailoutbox] == [["admin.broarna@example.org"]]
    # In the admin's language (Swedish by default).
    with translation.override("sv"):
        link = reverse("actors:organisation_members", args=[org.slug])
    assert link in mailoutbox[0].body
    assert "ny.medlem@example.org" not in mailoutbox[0].body
    # Asking twice changes nothing.
    client.post(url("organisation_join", org.slug), {"message": ""})
    assert (
        OrganisationMembership.objects.filter(organisation=org, user=person).count()
        == 1
    )

    mailoutbox.clear()
    client.force_login(admin)
    page = client.get(url("organisation_members", org.slug))
    assert "Jag leder läxhjälpen." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("organisation_members", org.slug),
            {"action": "decide", "membership": membership.pk, "decision": "approve"},
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_by == admin
    assert [m.to for m in mailoutbox] == [["ny.medlem@example.org"]]
    # In the member's own language (Swedish unless they chose English).
    assert "godkänt" in mailoutbox[0].subject + mailoutbox[0].body


def test_declined_request_is_removed_and_the_person_told(
    client, org_with_admin, mailoutbox, django_capture_on_commit_callbacks
):
    org, admin = org_with_admin
    person = UserFactory(email="avbojd@example.org")
    membership = add_org_member(org, person, active=False)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("organisation_members", org.slug),
            {"action": "decide", "membership": membership.pk, "decision": "decline"},
        )
    assert not OrganisationMembership.objects.filter(pk=membership.pk).exists()
    assert [m.to for m in mailoutbox] == [["avbojd@example.org"]]


def test_members_page_is_for_admins_and_editors_only(client, org_with_admin):
    org, _admin = org_with_admin
    member = UserFactory()
    add_org_member(org, member)
    client.force_login(member)
    assert client.get(url("organisation_members", org.slug)).status_code == 403
    client.logout()
    assert client.get(url("organisation_members", org.slug)).status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {"action": "decide", "membership": "", "decision": "approve"},
        {"action": "decide", "membership": "abc", "decision": "approve"},
        {"action": "decide", "membership": "1", "decision": "maybe"},
        {"action": "explode", "membership": "1"},
        {"action": "role", "membership": "1", "role": "king"},
    ],
)
def test_bad_member_decisions_change_nothing(client, org_with_admin, data):
    org, admin = org_with_admin
    pending = add_org_member(org, UserFactory(), active=False)
    if data.get("membership") == "1":
        data = {**data, "membership": pending.pk}
    client.force_login(admin)
    response = client.post(url("organisation_members", org.slug), data)
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_admin_cannot_decide_another_organisations_request(client, org_with_admin):
    org, admin = org_with_admin
    other = OrganisationFactory()
    pending = add_org_member(other, UserFactory(), active=False)
    client.force_login(admin)
    response = client.post(
        url("organisation_members", org.slug),
        {"action": "decide", "membership": pending.pk, "decision": "approve"},
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_last_admin_cannot_step_down_or_leave(client, org_with_admin):
    org, admin = org_with_admin
    membership = OrganisationMembership.objects.get(organisation=org, user=admin)
    client.force_login(admin)
    response = client.post(
        url("organisation_members", org.slug),
        {"action": "role", "membership": membership.pk, "role": "member"},
    )
    assert response.status_code == 400
    client.post(url("organisation_leave", org.slug))
    membership.refresh_from_db()
    assert membership.role == OrganisationRole.ADMIN


# --- editing the page ------------------------------------------------------------------


def _edit_data(org, **extra):
    data = {
        "name": org.name,
        "sector": org.sector_id,
        "county": org.county_id or "",
        "municipality": org.municipality,
        "website": "",
        "themes": [],
        "description_sv": "Ny beskrivning på svenska.",
        "description_en": "A new description in English.",
        "contact_email": "",
        "contact_url": "",
        "logo_alt": "",
    }
    data.update(extra)
    return data


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), (20, 120, 90)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "logga.png"
    return buffer


def test_admin_edits_the_page_and_uploads_a_logo(client, org_with_admin):
    org, admin = org_with_admin
    client.force_login(admin)
    response = client.post(
        url("organisation_edit", org.slug),
        _edit_data(org, logo=_png(), logo_alt="Föreningens logga"),
    )
    assert response.status_code == 302, response.content.decode()
    org.refresh_from_db()
    assert org.description_en == "A new description in English."
    assert org.logo is not None
    assert org.logo.description == "Föreningens logga"
    assert org.logo.width == 200


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(
    client, org_with_admin
):
    org, admin = org_with_admin
    client.force_login(admin)
    fake = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    fake.name = "logga.png"
    response = client.post(
        url("organisation_edit", org.slug), _edit_data(org, logo=fake)
    )
    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in response.content.decode()
    org.refresh_from_db()
    assert org.logo is None
    assert org.description_en != "A new description in English."


def test_only_admins_and_editors_edit(client, org_with_admin):
    org, _admin = org_with_admin
    client.force_login(UserFactory())
    assert client.get(url("organisation_edit", org.slug)).status_code == 403
    response = client.post(url("organisation_edit", org.slug), _edit_data(org))
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.description_en == ""


def test_page_shows_active_coalitions_and_open_needs_only(client):
    from tests.actors.factories import (  # noqa: PLC0415
        CoalitionFactory,
        NeedOfferFactory,
        add_coalition_member,
    )

    org = OrganisationFactory()
    NeedOfferFactory(organisation=org, title="Vi söker en lokal i Rosengård")
    NeedOfferFactory(organisation=org, title="Stängt behov", status="closed")
    active = CoalitionFactory(name_en="Alliance for open squares")
    pending = CoalitionFactory(name_en="Alliance still pending")
    add_coalition_member(active, organisation=org)
    add_coalition_member(pending, organisation=org, active=False)
    body = client.get(url("organisation_detail", org.slug)).content.decode()
    assert "Vi söker en lokal i Rosengård" in body
    assert "Stängt behov" not in body
    assert "Alliance for open squares" in body
    assert "Alliance still pending" not in body
