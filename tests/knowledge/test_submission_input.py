"""Bad input to the submission form: clear messages, nothing saved, no markup."""

import io

from django.core import mail
from django.core.files.storage import default_storage

from wagtail.images import get_image_model

import pytest
from PIL import Image

from motesplats.core.uploads import MAX_IMAGE_BYTES
from motesplats.knowledge.models import InnovationPage
from motesplats.pages.demo import NODE_EDITOR_EMAIL

from .submission_helpers import (
    act,
    contributions_url,
    editor,
    image_bytes,
    snapshot,
    submit,
    submit_url,
    upload,
    valid_post,
)

pytestmark = pytest.mark.django_db


# --- Bad input changes nothing ------------------------------------------------------


def test_missing_fields_give_messages_and_save_nothing(
    client, member, django_capture_on_commit_callbacks
):
    before = snapshot()
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        title="",
        maturity="",
        confirm="",
        **{"org-0-name": "", "org-0-sector": ""},
        image=upload("foto.jpg", image_bytes()),
        image_alt="",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_maturity_0"' in html
    assert 'href="#id_image_alt"' in html
    assert 'href="#id_org-0-name"' in html
    assert 'aria-describedby="id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Välj bilden igen" in html
    assert snapshot() == before
    assert mail.outbox == []


def test_wrong_values_are_refused(client, member, django_capture_on_commit_callbacks):
    before = snapshot()
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        county="999999",
        year="1066",
        website="javascript:alert(1)",
        maturity="legendary",
        **{"evidence-0-url": "ftp://example.org/x"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for anchor in ("id_county", "id_year", "id_website", "id_maturity_0"):
        assert f'href="#{anchor}"' in html
    assert 'href="#id_evidence-0-url"' in html
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "foto.jpg",
            b"%PDF-1.4 definitely not an image" * 10,
            "Den här filen är inte det",
        ),
        (
            "bild.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Den här filen är inte det",
        ),
        ("stor.jpg", b"\xff\xd8\xff" + b"0" * MAX_IMAGE_BYTES, "högst 5 MB"),
        ("bred.png", image_bytes("PNG", size=(7000, 60)), "den längsta sidan"),
        ("rörlig.gif", b"GIF89a" + b"\x00" * 200, "Den här filen är inte det"),
    ],
)
def test_bad_images_are_refused_and_nothing_is_kept(
    client, member, django_capture_on_commit_callbacks, name, content, message
):
    before = snapshot()
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload(name, content),
        image_alt="Något",
    )
    assert response.status_code == 400
    assert 'href="#id_image"' in response.content.decode()
    assert message in response.content.decode()
    assert snapshot() == before


def test_real_gif_is_refused(client, member, django_capture_on_commit_callbacks):
    before = snapshot()
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload("bild.jpg", image_bytes("GIF")),
        image_alt="Något",
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_and_gps_are_stripped(
    client, member, django_capture_on_commit_callbacks, fmt
):
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload("foto.bin", image_bytes(fmt, exif=True)),
        image_alt="Bibliotekets läsesal",
    )
    assert response.status_code == 302
    image = InnovationPage.objects.get(submitted_by=member).image
    with default_storage.open(image.file.name) as f:
        stored = Image.open(io.BytesIO(f.read()))
    assert stored.format == fmt
    exif = stored.getexif()
    assert dict(exif) == {}
    assert exif.get_ifd(0x8825) == {}
    assert image.file.name.endswith(
        {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[fmt]
    )


def test_a_failure_after_the_upload_leaves_no_file_or_row(
    client, member, django_capture_on_commit_callbacks, monkeypatch
):
    from wagtail.models import Workflow  # noqa: PLC0415 -- only this test patches it

    def broken_start(self, obj, user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Workflow, "start", broken_start)
    before = snapshot()
    client.raise_request_exception = False
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        image=upload("foto.jpg", image_bytes()),
        image_alt="Bibliotekets läsesal",
    )
    assert response.status_code == 500
    assert snapshot() == before
    assert mail.outbox == []


def test_case_image_without_alt_text_is_invalid():
    from django.core.exceptions import ValidationError  # noqa: PLC0415
    from django.core.files.images import ImageFile  # noqa: PLC0415

    image = get_image_model()(
        title="Utan beskrivning",
        file=ImageFile(io.BytesIO(image_bytes()), name="utan.jpg"),
    )
    image.save()
    page = InnovationPage.objects.filter(locale__language_code="sv").first()
    page.image = image
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "image" in error.value.message_dict
    image.description = "Ett grönt fält"
    page.full_clean()


# --- Hostile text -------------------------------------------------------------------

PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(2)</script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_submitted_text_never_becomes_markup(
    client, member, django_capture_on_commit_callbacks, payload
):
    text = f"Text {payload} mer text"
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        title=f"Fall {payload}"[:200],
        summary=text,
        need=text,
        solution=f"{text}\n\n{text}",
        municipality=payload[:100],
        contact_organisation=payload,
        image=upload("foto.png", image_bytes("PNG")),
        image_alt=payload,
        image_caption=payload,
        **{"org-0-name": payload, "evidence-0-title": payload},
    )
    assert response.status_code == 302
    page = InnovationPage.objects.get(submitted_by=member)
    act(page, editor(NODE_EDITOR_EMAIL), "approve", django_capture_on_commit_callbacks)
    # The e-mails are plain text, where markup is inert; the pages must escape it.
    for html in (
        client.get(page.url).content.decode(),
        client.get(contributions_url()).content.decode(),
    ):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<svg/onload" not in html
    html = client.get(page.url).content.decode()
    # Only our own static scripts, and structured data (inert JSON, escaped: the
    # payload's "<" cannot end the element early).
    data_blocks = html.count('<script type="application/ld+json">')
    assert data_blocks == 1
    assert html.count("<script") == html.count('<script src="/static/') + data_blocks
    data = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in data


def test_failed_form_does_not_echo_markup(client, member):
    response = client.post(
        submit_url(), valid_post(title="<script>alert(1)</script>", maturity="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
