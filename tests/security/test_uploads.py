"""Every place a person uploads a file, attacked the same way through its own page.

The upload fields (grep of FileField / ImageField / request.FILES in motesplats/):
- the innovation submission's image (knowledge, members),
- an organisation's logo (actors, the organisation's admins),
- a coalition's documents (actors, coordinators).
Editors' uploads in the Wagtail admin are checked by Wagtail (see the last tests).

Images are read with Pillow and re-encoded: the type comes from the content, a PNG
named .jpg is stored as the PNG it is, with nothing but its pixels; SVG is refused
everywhere, also as a "document"; sizes are capped; GPS positions are gone.
"""

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image

from motesplats.actors.enums import CoalitionAccess
from motesplats.actors.models import CoalitionDocument
from motesplats.actors.services.coalition_documents import MAX_DOCUMENT_BYTES
from motesplats.core.uploads import MAX_IMAGE_BYTES
from motesplats.knowledge.models import InnovationPage
from tests.actors.factories import (
    CoalitionFactory,
    OrganisationFactory,
    add_coalition_member,
    add_org_member,
)
from tests.factories import UserFactory
from tests.knowledge.submission_helpers import valid_post

pytestmark = pytest.mark.django_db

PAYLOAD = b"<?php system($_GET['c']); ?><script>alert(document.cookie)</script>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" '
    b'height="100"><script>alert(document.domain)</script>'
    b'<rect width="100" height="100"/></svg>'
)
# Lund, 55° 42' N 13° 11' E.
GPS = {1: "N", 2: (55.0, 42.0, 0.0), 3: "E", 4: (13.0, 11.0, 0.0)}


def png_with_payload() -> bytes:
    """A real PNG carrying a script in a text chunk and after its end."""
    from PIL.PngImagePlugin import PngInfo  # noqa: PLC0415

    info = PngInfo()
    info.add_text("Comment", PAYLOAD.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue() + PAYLOAD


def jpeg_with_gps(size=(160, 90), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Telefonmakaren AB"  # Make
    exif[0x8825] = GPS
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 89, 79)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def too_big(limit: int, head: bytes) -> bytes:
    return head + b"\0" * (limit + 1 - len(head))


def _read(name: str) -> bytes:
    with default_storage.open(name) as f:
        return f.read()


def _counts() -> tuple[int, int, int, int]:
    return (
        get_image_model().objects.count(),
        get_document_model().objects.count(),
        InnovationPage.objects.count(),
        CoalitionDocument.objects.count(),
    )


@dataclass
class Sent:
    response: Any
    stored: str | None  # the stored file's name, when one was stored


# --- one sender per field, each through its real page ---------------------------------


def send_innovation_image(client, name: str, content: bytes) -> Sent:
    client.force_login(UserFactory(display_name="Sara Exempel"))
    with translation.override("en"):
        url = reverse("knowledge:innovation_submit")
    data = valid_post(
        image=SimpleUploadedFile(name, content, content_type="image/jpeg"),
        image_alt="Två elever vid ett bord",
    )
    response = client.post(url, data)
    page = InnovationPage.objects.filter(title=data["title"]).first()
    return Sent(response, page.image.file.name if page and page.image else None)


def send_logo(client, name: str, content: bytes) -> Sent:
    org = OrganisationFactory(name="Föreningen Uppladdning")
    admin = UserFactory()
    add_org_member(org, admin, admin=True)
    client.force_login(admin)
    with translation.override("en"):
        url = reverse("actors:organisation_edit", args=[org.slug])
    response = client.post(
        url,
        {
            "name": org.name,
            "sector": org.sector_id,
            "county": org.county_id or "",
            "municipality": org.municipality,
            "description_sv": "Beskrivning.",
            "description_en": "Description.",
            "logo": SimpleUploadedFile(name, content, content_type="image/png"),
            "logo_alt": "Föreningens logga",
        },
    )
    org.refresh_from_db()
    return Sent(response, org.logo.file.name if org.logo else None)


def send_coalition_document(client, name: str, content: bytes) -> Sent:
    coalition = CoalitionFactory(access=CoalitionAccess.APPLICATION)
    coordinator = UserFactory()
    add_coalition_member(coalition, user=coordinator, coordinator=True)
    client.force_login(coordinator)
    with translation.override("en"):
        url = reverse("actors:coalition_manage", args=[coalition.slug])
    response = client.post(
        url,
        {
            "action": "document",
            "document-title": "Underlag",
            "document-file": SimpleUploadedFile(name, content),
        },
    )
    item = CoalitionDocument.objects.filter(coalition=coalition).first()
    return Sent(response, item.document.file.name if item else None)


IMAGE_FIELDS = {"innovation_image": send_innovation_image, "logo": send_logo}
ALL_FIELDS = {**IMAGE_FIELDS, "coalition_document": send_coalition_document}


def _refused(sent: Sent, before) -> None:
    assert sent.response.status_code == 400, sent.response.status_code
    assert sent.stored is None
    assert _counts() == before


# --- a PNG with a PHP/HTML payload, named .jpg ------------------------------------------


@pytest.mark.parametrize("field", sorted(IMAGE_FIELDS))
def test_png_with_payload_named_jpg_is_stored_as_a_clean_png(client, field):
    sent = IMAGE_FIELDS[field](client, "bild.jpg", png_with_payload())
    assert sent.response.status_code == 302, sent.response.content.decode()[:2000]
    # The name follows the content, not the name it was sent under.
    assert sent.stored.endswith(".png")
    data = _read(sent.stored)
    assert b"<?php" not in data
    assert b"<script" not in data
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "PNG"
    assert "Comment" not in stored.info


def test_png_with_payload_is_no_document(client):
    before = _counts()
    for name in ("bild.jpg", "bild.pdf", "bild.txt", "bild.docx"):
        _refused(send_coalition_document(client, name, png_with_payload()), before)


def test_html_named_as_image_is_refused(client):
    for field, send in IMAGE_FIELDS.items():
        before = _counts()
        sent = send(client, "sida.jpg", b"<html><body>" + PAYLOAD + b"</body></html>")
        assert sent.response.status_code == 400, field
        assert _counts() == before


# --- SVG with a script -----------------------------------------------------------------


@pytest.mark.parametrize("field", sorted(ALL_FIELDS))
@pytest.mark.parametrize("name", ["bild.svg", "bild.png", "bild.txt", "data.csv"])
def test_svg_with_script_is_refused(client, field, name):
    before = _counts()
    _refused(ALL_FIELDS[field](client, name, SVG), before)


# --- too big ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", sorted(IMAGE_FIELDS))
def test_too_big_image_is_refused(client, en, field):
    before = _counts()
    sent = IMAGE_FIELDS[field](
        client, "stor.jpg", too_big(MAX_IMAGE_BYTES, jpeg_with_gps())
    )
    _refused(sent, before)
    assert "too large" in sent.response.content.decode()


def test_too_big_document_is_refused(client, en):
    before = _counts()
    sent = send_coalition_document(
        client, "stor.pdf", too_big(MAX_DOCUMENT_BYTES, b"%PDF-1.7\n")
    )
    _refused(sent, before)
    assert "too large" in sent.response.content.decode()


# --- GPS position in EXIF --------------------------------------------------------------


@pytest.mark.parametrize("field", sorted(IMAGE_FIELDS))
def test_gps_exif_is_stripped_and_orientation_applied(client, field):
    # Orientation 6: the camera was turned; the stored pixels must be turned instead.
    original = jpeg_with_gps(size=(160, 90), orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    sent = IMAGE_FIELDS[field](client, "foto.jpg", original)
    assert sent.response.status_code == 302
    data = _read(sent.stored)
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    exif = stored.getexif()
    assert exif.get_ifd(0x8825) == {}
    assert 0x8825 not in exif
    assert dict(exif) == {}
    assert b"Telefonmakaren" not in data
    assert stored.size == (90, 160)


def test_a_phone_photo_with_a_second_picture_is_a_jpeg(client):
    """Pillow reads a JPEG with a Multi-Picture index (depth/gain map) as "MPO"."""
    exif = Image.Exif()
    exif[0x8825] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), (0, 89, 79)).save(
        buffer,
        "MPO",
        save_all=True,
        append_images=[Image.new("L", (80, 45))],
        exif=exif.tobytes(),
    )
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    sent = send_logo(client, "foto.jpg", buffer.getvalue())
    assert sent.response.status_code == 302
    stored = Image.open(io.BytesIO(_read(sent.stored)))
    assert stored.format == "JPEG"
    assert stored.getexif().get_ifd(0x8825) == {}


# --- documents: macro and markup under innocent names ----------------------------------


def test_macro_enabled_word_file_is_refused(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", "<x/>")
        archive.writestr("word/vbaProject.bin", b"\0")
    before = _counts()
    _refused(send_coalition_document(client, "plan.docx", buffer.getvalue()), before)


def test_plain_text_document_is_still_accepted(client):
    sent = send_coalition_document(
        client, "anteckningar.txt", "Anteckningar från träffen < 2 h.".encode()
    )
    assert sent.response.status_code == 302
    assert sent.stored.endswith(".txt")


# --- editors in the Wagtail admin ------------------------------------------------------


def test_wagtail_admin_images_exclude_svg():
    from wagtail.images.utils import get_allowed_image_extensions  # noqa: PLC0415

    assert "svg" not in get_allowed_image_extensions()


def test_wagtail_admin_documents_exclude_svg_and_html(settings):
    allowed = {e.lower() for e in settings.WAGTAILDOCS_EXTENSIONS}
    assert not allowed & {"svg", "svgz", "html", "htm", "xhtml", "xml", "js"}


@pytest.fixture
def national_editor_client(client):
    from tests.factories import national_editor_signed_in  # noqa: PLC0415

    national_editor_signed_in(client)
    return client


@pytest.mark.parametrize("orientation", [None, 6])
def test_wagtail_admin_stores_editors_images_without_gps(
    national_editor_client, orientation, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    from wagtail.images import get_image_model  # noqa: PLC0415

    settings.MEDIA_ROOT = tmp_path
    original = jpeg_with_gps(orientation=orientation)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = national_editor_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Takodling på Rosengård",
            "file": SimpleUploadedFile("telefon.jpg", original, "image/jpeg"),
            "collection": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Takodling på Rosengård")
    with image.file.open("rb") as stored_file:
        stored = Image.open(io.BytesIO(stored_file.read()))
    assert stored.format == "JPEG"
    assert stored.getexif().get_ifd(0x8825) == {}
    assert 0x010F not in stored.getexif()
    # Turned as the camera meant (orientation 6 = a quarter turn), and Wagtail's
    # stored size is the cleaned file's.
    expected = (90, 160) if orientation == 6 else (160, 90)
    assert stored.size == expected
    assert (image.width, image.height) == expected
