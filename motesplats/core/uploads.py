"""Checks on what members upload: an image must really be a photo-like raster image.

The type is read from the content with Pillow, never from the file name or the
browser's content type. Accepted images are re-encoded, which drops EXIF (including
GPS positions), XMP and text chunks, so a member's phone never publishes where they
live.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 6000
MIN_IMAGE_SIDE = 50
# Pillow format name → file extension; SVG, GIF, TIFF and the rest are refused. Pillow
# names a JPEG with a Multi-Picture index "MPO": phones write those (a depth map or an
# HDR gain map after the photo), so it is a JPEG here and only the photo is kept.
IMAGE_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CleanImage:
    """A checked and re-encoded image, ready to store."""

    file: ContentFile
    width: int
    height: int
    format: str


def _invalid() -> ValidationError:
    return ValidationError(
        _("Choose a JPEG, PNG or WebP image. This file is not one."),
        code="invalid_image",
    )


def clean_image_upload(upload) -> CleanImage:
    """Check `upload` (a Django UploadedFile) and return it re-encoded without metadata.

    Raises ValidationError with a message for the member on any problem.
    """
    size = getattr(upload, "size", None)
    if size is None or size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is too large. Choose one of at most 5 MB."),
            code="image_too_large",
        )
    if size == 0:
        raise _invalid()
    upload.seek(0)
    data = upload.read(MAX_IMAGE_BYTES + 1)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in IMAGE_FORMATS:
                raise _invalid()
            # Checked before decoding, so a "decompression bomb" is never expanded.
            if max(width, height) > MAX_IMAGE_SIDE:
                raise ValidationError(
                    _(
                        "The image is too large: at most %(max)s pixels on its "
                        "longest side."
                    ),
                    code="image_too_many_pixels",
                    params={"max": MAX_IMAGE_SIDE},
                )
            if min(width, height) < MIN_IMAGE_SIDE:
                raise ValidationError(
                    _("The image is too small: at least %(min)s pixels on each side."),
                    code="image_too_small",
                    params={"min": MIN_IMAGE_SIDE},
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Turn the pixels the way the camera meant, since the EXIF tag goes.
            image = ImageOps.exif_transpose(image)
            output = io.BytesIO()
            if image_format in ("JPEG", "MPO"):
                if image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                image.save(output, "JPEG", quality=90, optimize=True)
            elif image_format == "PNG":
                image.save(output, "PNG", optimize=True)
            else:
                image.save(output, "WEBP", quality=90)
            width, height = image.size
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ):
        # Pillow reports broken or hostile files with any of these.
        raise _invalid() from None
    stem = slugify(str(getattr(upload, "name", "") or "").rsplit(".", 1)[0])[:60]
    name = f"{stem or 'image'}.{IMAGE_FORMATS[image_format]}"
    return CleanImage(
        file=ContentFile(output.getvalue(), name=name),
        width=width,
        height=height,
        format="JPEG" if image_format == "MPO" else image_format,
    )


def strip_image_metadata(upload) -> SimpleUploadedFile:
    """The editors' uploads in the admin: the same image without EXIF, XMP or text
    chunks (GPS positions included), turned the way the camera meant.

    Size and format rules stay Wagtail's (editors may upload large images). GIF holds no
    EXIF and is kept as it is, animation and all. A format Pillow cannot write back is
    refused rather than stored with its metadata.
    """
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = "JPEG" if image.format == "MPO" else image.format
            if image_format == "GIF":
                return SimpleUploadedFile(upload.name, data, "image/gif")
            image.load()
            image = ImageOps.exif_transpose(image)
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            output = io.BytesIO()
            options = (
                {"quality": 90} if image_format in ("JPEG", "WEBP", "AVIF") else {}
            )
            image.save(output, image_format, **options)
    except (UnidentifiedImageError, OSError, ValueError, KeyError, SyntaxError):
        raise ValidationError(
            _("This image cannot be cleaned of its metadata. Save it as JPEG or PNG."),
            code="image_metadata",
        ) from None
    content_type = Image.MIME.get(image_format, "application/octet-stream")
    return SimpleUploadedFile(upload.name, output.getvalue(), content_type)
