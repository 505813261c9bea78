"""The Wagtail admin's image form, for images editors upload (WAGTAILIMAGES_IMAGE_FORM_BASE).

Wagtail keeps the original file and only re-encodes renditions, so a photo straight
from a phone would keep its GPS position in the original. This form stores the image
without its metadata instead.
"""

from wagtail.images.forms import BaseImageForm

from .uploads import strip_image_metadata


class MetadataFreeImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        cleaned = strip_image_metadata(upload)
        # Wagtail's field put the decoded image on the upload; keep it for its checks.
        if hasattr(upload, "image"):
            cleaned.image = upload.image
        return cleaned
