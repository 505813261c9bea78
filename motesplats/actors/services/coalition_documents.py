"""Coalition documents: checked uploads stored as Wagtail documents.

The type is read from the content, never trusted from the name or the browser: a PDF
starts with its signature, OpenDocument files name their type in their `mimetype`
entry, Word and Excel files are ZIP packages with their own folders (macro-enabled
ones are refused), CSV and text files are text without NUL bytes that does not start
as markup (no SVG or HTML under a text name).
"""

import io
import zipfile
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.models import Collection

from motesplats.actors.models import Coalition, CoalitionDocument
from motesplats.core.audit import log_action

from .coalitions import CoalitionError, require_manager

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

# Extension → the kind its content must have.
DOCUMENT_KINDS = {
    "pdf": "pdf",
    "odt": "odf",
    "ods": "odf",
    "odp": "odf",
    "docx": "docx",
    "xlsx": "xlsx",
    "csv": "text",
    "txt": "text",
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def _bad_type() -> CoalitionError:
    return CoalitionError(
        _(
            "Choose a PDF, OpenDocument, Word (.docx), Excel (.xlsx), CSV or text "
            "file. This file is not one."
        ),
        code="bad_type",
    )


def _zip_names(data: bytes) -> tuple[zipfile.ZipFile, set[str]] | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None


def document_kind_ok(extension: str, data: bytes) -> bool:
    """Does the content really have the type its extension claims?"""
    kind = DOCUMENT_KINDS.get(extension)
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind == "text":
        if b"\x00" in data:
            return False
        # Markup (SVG, HTML, XML) named .txt or .csv: a browser that sniffs the type
        # could run its scripts, so it is no text document here.
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("cp1252")  # Excel's CSV export on Swedish Windows
            except UnicodeDecodeError:
                return False
        return True
    if kind in {"odf", "docx", "xlsx"}:
        if not data.startswith(b"PK\x03\x04"):
            return False
        opened = _zip_names(data)
        if opened is None:
            return False
        archive, names = opened
        if kind == "odf":
            if "mimetype" not in names:
                return False
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            return mimetype == ODF_MIMETYPES[extension]
        if "[Content_Types].xml" not in names:
            return False
        folder = "word/" if kind == "docx" else "xl/"
        if any(n.lower().endswith(".bin") and "vbaproject" in n.lower() for n in names):
            return False  # macro-enabled content under an innocent name
        return any(n.startswith(folder) for n in names)
    return False


def check_document_upload(upload: Any) -> tuple[str, bytes]:
    """The file's extension and bytes, or a CoalitionError for the person."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_DOCUMENT_BYTES:
        raise CoalitionError(
            _("The file is too large. Choose one of at most 10 MB."),
            code="too_large",
        )
    if size == 0:
        raise CoalitionError(_("The file is empty."), code="empty")
    extension = PurePath(getattr(upload, "name", "") or "").suffix.lower().lstrip(".")
    if extension not in DOCUMENT_KINDS:
        raise _bad_type()
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise CoalitionError(
            _("The file is too large. Choose one of at most 10 MB."),
            code="too_large",
        )
    if not document_kind_ok(extension, data):
        raise _bad_type()
    return extension, data


def _collection_for(coalition: Coalition) -> Collection:
    node = coalition.node
    if node is not None and node.collection_id:
        return node.collection
    return Collection.get_first_root_node()


@transaction.atomic
def coalition_document_add(
    *, coalition: Coalition, actor: Any, title: str, upload: Any
) -> CoalitionDocument:
    """Store a checked document in the node's collection and list it on the page."""
    require_manager(coalition, actor)
    title = title.strip()
    if not title:
        raise CoalitionError(_("Give the document a title."), code="title_required")
    extension, data = check_document_upload(upload)
    stem = PurePath(upload.name).stem[:80] or "document"
    document = get_document_model()(
        title=title[:200],
        collection=_collection_for(coalition),
    )
    document.file.save(f"{stem}.{extension}", ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    item = CoalitionDocument.objects.create(
        coalition=coalition, document=document, title=title[:200], added_by=actor
    )
    log_action(
        action="actors.coalition.document_added",
        actor=actor,
        obj=coalition,
        data={"document": document.pk},
    )
    return item


@transaction.atomic
def coalition_document_remove(*, item: CoalitionDocument, actor: Any) -> None:
    coalition = item.coalition
    require_manager(coalition, actor)
    document = item.document
    item_id = item.pk
    item.delete()
    document.delete()
    log_action(
        action="actors.coalition.document_removed",
        actor=actor,
        obj=coalition,
        data={"item": item_id},
    )
