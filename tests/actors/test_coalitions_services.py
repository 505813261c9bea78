"""Coalition services: update mails, documents, sector mix, the last coordinator,
personal data (export, erasure) and the meetings section added by events."""

import io
import zipfile

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motesplats.accounts.services import user_erase, user_export
from motesplats.actors.enums import CoalitionAccess, MembershipStatus, Visibility
from motesplats.actors.models import (
    CoalitionDocument,
    CoalitionFollow,
    CoalitionMember,
    CoalitionUpdate,
)
from motesplats.actors.selectors.coalitions import (
    UNKNOWN_SECTOR,
    coalition_page,
    sector_mix,
)
from motesplats.actors.services.coalition_documents import coalition_document_add
from motesplats.actors.services.coalitions import (
    CoalitionError,
    coalition_application_decide,
    coalition_join,
    coalition_leave,
    coalition_update_post,
)
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    ProfileFactory,
    add_coalition_member,
    add_org_member,
    sector,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition():
    c = CoalitionFactory(access=CoalitionAccess.APPLICATION)
    c.coordinator = UserFactory()
    add_coalition_member(c, user=c.coordinator, coordinator=True)
    return c


# --- updates ---------------------------------------------------------------------------


def test_update_mails_each_follower_once_in_their_language(
    coalition, django_capture_on_commit_callbacks
):
    swede = UserFactory(preferred_language="sv")
    english = UserFactory(preferred_language="en")
    for user in (swede, english):
        add_coalition_member(coalition, user=user)
        CoalitionFollow.objects.create(coalition=coalition, user=user)
    CoalitionFollow.objects.create(coalition=coalition, user=coalition.coordinator)
    add_coalition_member(coalition, user=UserFactory())  # a member who does not follow
    with django_capture_on_commit_callbacks(execute=True):
        coalition_update_post(
            coalition=coalition,
            actor=coalition.coordinator,
            title="Nästa träff",
            body="Vi ses i Malmö.",
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([swede.email, english.email])  # not the author
    by_to = {m.to[0]: m for m in mail.outbox}
    english_mail = by_to[english.email]
    assert english_mail.subject.startswith("New from Knowledge alliance for inclusion")
    assert "Nästa träff" in english_mail.subject
    assert "/en/coalitions/" in english_mail.body
    assert "/sv/" in by_to[swede.email].body


def test_no_mail_before_commit(coalition, django_capture_on_commit_callbacks):
    follower = UserFactory()
    add_coalition_member(coalition, user=follower)
    CoalitionFollow.objects.create(coalition=coalition, user=follower)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        coalition_update_post(
            coalition=coalition, actor=coalition.coordinator, title="T", body="B"
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_only_coordinators_post_updates(coalition):
    member = add_coalition_member(coalition, user=UserFactory()).user
    with pytest.raises(CoalitionError):
        coalition_update_post(coalition=coalition, actor=member, title="T", body="B")
    assert not CoalitionUpdate.objects.filter(coalition=coalition).exists()


# --- documents -------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


GOOD = {
    "rapport.pdf": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    "anteckningar.txt": "Anteckningar från träffen i Malmö.".encode(),
    "deltagare.csv": "namn;ort\nFöreningen;Malmö\n".encode("cp1252"),
    "protokoll.odt": _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    ),
    "plan.docx": _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
    "budget.xlsx": _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
}
BAD = {
    "bild.png": b"\x89PNG\r\n\x1a\n" + b"0" * 100,
    "fejk.pdf": b"MZ\x90\x00 this is a program",
    "skript.txt": b"\x00\x01\x02binary",
    "fel.docx": _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
    "makro.docx": _zip(
        {
            "[Content_Types].xml": b"<x/>",
            "word/document.xml": b"<x/>",
            "word/vbaProject.bin": b"\x00",
        }
    ),
    "fel.odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
    "sida.html": b"<html><script>alert(1)</script></html>",
    "tom.pdf": b"",
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_documents_of_accepted_types_are_stored(coalition, name):
    upload = SimpleUploadedFile(name, GOOD[name])
    item = coalition_document_add(
        coalition=coalition, actor=coalition.coordinator, title="Dok", upload=upload
    )
    assert item.document.file_size == len(GOOD[name])
    assert item.document.file.name.endswith(name.rsplit(".", 1)[1])


@pytest.mark.parametrize("name", sorted(BAD))
def test_documents_of_other_types_are_refused(coalition, name):
    upload = SimpleUploadedFile(name, BAD[name])
    with pytest.raises(CoalitionError):
        coalition_document_add(
            coalition=coalition, actor=coalition.coordinator, title="Dok", upload=upload
        )
    assert not CoalitionDocument.objects.filter(coalition=coalition).exists()


def test_too_large_document_is_refused(coalition, settings, en):
    from motesplats.actors.services import coalition_documents  # noqa: PLC0415

    data = b"%PDF-1.7\n" + b"0" * (coalition_documents.MAX_DOCUMENT_BYTES)
    with pytest.raises(CoalitionError, match="too large"):
        coalition_document_add(
            coalition=coalition,
            actor=coalition.coordinator,
            title="Stor",
            upload=SimpleUploadedFile("stor.pdf", data),
        )


def test_upload_through_the_page_shows_the_error(client, coalition):
    client.force_login(coalition.coordinator)
    response = client.post(
        f"/en/coalitions/{coalition.slug}/coordinate/",
        {
            "action": "document",
            "document-title": "Bild",
            "document-file": SimpleUploadedFile("bild.pdf", BAD["bild.png"]),
        },
    )
    assert response.status_code == 400
    assert "This file is not one." in response.content.decode()
    assert not CoalitionDocument.objects.exists()


# --- sector mix ------------------------------------------------------------------------


def test_sector_mix_counts_organisations_and_people():
    c = CoalitionFactory()
    add_coalition_member(
        c, organisation=OrganisationFactory(sector=sector("offentlig"))
    )
    add_coalition_member(c, organisation=OrganisationFactory(sector=sector("privat")))
    add_coalition_member(c, organisation=OrganisationFactory(sector=sector("privat")))
    academic = OrganisationFactory(sector=sector("akademi"))
    shown = ProfileFactory(
        is_listed=True,
        organisation=academic,
        organisation_visibility=Visibility.PUBLIC,
    )
    members_only = ProfileFactory(
        is_listed=True,
        organisation=academic,
        organisation_visibility=Visibility.MEMBERS,
    )
    unlisted = ProfileFactory(
        is_listed=False,
        organisation=academic,
        organisation_visibility=Visibility.PUBLIC,
    )
    for profile in (shown, members_only, unlisted):
        add_coalition_member(c, user=profile.user)
    add_coalition_member(c, user=UserFactory())  # no profile at all
    add_coalition_member(
        c, organisation=OrganisationFactory(sector=sector("ideburen")), active=False
    )
    members = list(c.members.select_related("organisation__sector", "user__profile"))
    mix = sector_mix(members)
    counts = {s.slug: s.count for s in mix.shares}
    assert counts == {
        "offentlig": 1,
        "privat": 2,
        "ideburen": 0,
        "akademi": 1,
        UNKNOWN_SECTOR: 3,
    }
    assert mix.total == 7
    assert mix.sectors_present == 3
    assert sum(float(s.width) for s in mix.shares) == pytest.approx(100, abs=0.05)


def test_sector_table_on_the_page(client):
    c = CoalitionFactory()
    add_coalition_member(c, organisation=OrganisationFactory(sector=sector("akademi")))
    html = client.get(f"/en/coalitions/{c.slug}/").content.decode()
    assert "<caption" in html
    assert '<th scope="row">' in html
    assert 'class="mix-akademi"' in html


# --- last coordinator, joins ----------------------------------------------------------


def test_last_coordinator_is_kept(coalition):
    row = coalition.members.get(user=coalition.coordinator)
    with pytest.raises(CoalitionError, match="needs a coordinator"):
        coalition_leave(member=row, actor=coalition.coordinator)
    assert CoalitionMember.objects.filter(pk=row.pk).exists()


def test_org_admin_of_unapproved_org_cannot_join(coalition):
    from motesplats.actors.enums import OrganisationStatus  # noqa: PLC0415

    org = OrganisationFactory(status=OrganisationStatus.PROPOSED)
    admin = add_org_member(org, admin=True).user
    with pytest.raises(CoalitionError):
        coalition_join(coalition=coalition, user=admin, organisation=org)
    assert not coalition.members.filter(organisation=org).exists()


def test_inactive_coalition_takes_no_members():
    c = CoalitionFactory(is_active=False)
    with pytest.raises(CoalitionError):
        coalition_join(coalition=c, user=UserFactory())
    assert not c.members.exists()


# --- personal data ---------------------------------------------------------------------


def test_export_holds_memberships_follows_and_updates(coalition):
    user = UserFactory()
    add_coalition_member(coalition, user=user, coordinator=True)
    CoalitionFollow.objects.create(coalition=coalition, user=user)
    coalition_update_post(coalition=coalition, actor=user, title="Hej", body="Text")
    section = user_export(user=user)["sections"]["actors_coalitions"]
    assert section["memberships"][0]["role"] == "coordinator"
    assert section["follows"][0]["coalition"] == coalition.name_sv
    assert section["updates"][0]["title"] == "Hej"


def test_erasure_leaves_nothing_personal_public(client, coalition):
    profile = ProfileFactory(
        name="Greta Raderad", is_listed=True, name_visibility=Visibility.PUBLIC
    )
    user = profile.user
    add_coalition_member(coalition, user=user, coordinator=True)
    CoalitionFollow.objects.create(coalition=coalition, user=user)
    update = coalition_update_post(
        coalition=coalition, actor=user, title="Uppdatering", body="Text"
    )
    document = coalition_document_add(
        coalition=coalition,
        actor=user,
        title="Rapport",
        upload=SimpleUploadedFile("r.pdf", GOOD["rapport.pdf"]),
    )
    org = OrganisationFactory()
    admin_of_org = add_org_member(org, user, admin=True)
    org_row = coalition_join(
        coalition=coalition, user=user, organisation=org, message="Vi vill vara med"
    )
    assert admin_of_org.pk
    page = f"/en/coalitions/{coalition.slug}/"
    assert "Greta Raderad" in client.get(page).content.decode()
    user_id = user.pk
    user_erase(user=user)
    assert not CoalitionMember.objects.filter(user_id=user_id).exists()
    assert not CoalitionFollow.objects.filter(user_id=user_id).exists()
    update.refresh_from_db()
    document.refresh_from_db()
    org_row.refresh_from_db()
    assert update.author is None  # the news stays, its author does not
    assert document.added_by is None
    assert org_row.added_by is None
    assert org_row.message == ""
    html = client.get(page).content.decode()
    assert "Greta Raderad" not in html
    assert "Uppdatering" in html


def test_member_leaving_unfollows(coalition):
    user = UserFactory()
    row = add_coalition_member(coalition, user=user)
    CoalitionFollow.objects.create(coalition=coalition, user=user)
    coalition_leave(member=row, actor=user)
    assert not CoalitionFollow.objects.filter(user=user).exists()


def test_leaving_person_still_in_through_organisation_keeps_following(coalition):
    org = OrganisationFactory()
    user = add_org_member(org).user
    add_coalition_member(coalition, organisation=org)
    row = add_coalition_member(coalition, user=user)
    CoalitionFollow.objects.create(coalition=coalition, user=user)
    coalition_leave(member=row, actor=user)
    assert CoalitionFollow.objects.filter(user=user).exists()


# --- page reads ------------------------------------------------------------------------


def test_coalition_page_query_count_is_flat(coalition, django_assert_max_num_queries):
    for _ in range(2):
        add_coalition_member(coalition, organisation=OrganisationFactory())
        add_coalition_member(coalition, user=ProfileFactory(is_listed=True).user)
    with django_assert_max_num_queries(10) as few:
        coalition_page(coalition=coalition, viewer=None)
    for _ in range(10):
        add_coalition_member(coalition, organisation=OrganisationFactory())
        add_coalition_member(coalition, user=ProfileFactory(is_listed=True).user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = coalition_page(coalition=coalition, viewer=None)
    assert page.mix.total == 25
    assert all(m.status == MembershipStatus.ACTIVE for m in coalition.members.all())


# --- application mails -----------------------------------------------------------------


def test_application_mails_the_coordinators_then_the_applicant(
    coalition, django_capture_on_commit_callbacks
):
    second = UserFactory(preferred_language="en")
    add_coalition_member(coalition, user=second, coordinator=True)
    applicant = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        member = coalition_join(
            coalition=coalition, user=applicant, message="Hemligt meddelande"
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [coalition.coordinator.email, second.email]
    )
    english = next(m for m in mail.outbox if m.to == [second.email])
    assert english.subject.startswith("A new application to")
    assert "/coordinate/" in english.body
    assert "Hemligt meddelande" not in english.body  # read it on the page
    assert applicant.email not in english.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coalition_application_decide(member=member, actor=second, approve=True)
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert mail.outbox[0].subject.startswith("Welcome to")


def test_declined_applicant_is_told(coalition, django_capture_on_commit_callbacks):
    applicant = UserFactory(preferred_language="en")
    member = add_coalition_member(coalition, user=applicant, active=False)
    with django_capture_on_commit_callbacks(execute=True):
        coalition_application_decide(
            member=member, actor=coalition.coordinator, approve=False
        )
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert "declined" in mail.outbox[0].body
    assert not CoalitionMember.objects.filter(pk=member.pk).exists()


def test_open_join_sends_no_application_mail(django_capture_on_commit_callbacks):
    c = CoalitionFactory(access=CoalitionAccess.OPEN)
    add_coalition_member(c, user=UserFactory(), coordinator=True)
    with django_capture_on_commit_callbacks(execute=True):
        coalition_join(coalition=c, user=UserFactory())
    assert mail.outbox == []
