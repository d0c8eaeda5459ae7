"""The DOCX package's metadata: core and app properties, with no trace of the template."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ...model import Document
from ...reproducible import build_timestamp
from ...theme import Theme
from . import wordml
from .text import squash

_CORE_LIMIT = 255  # python-docx refuses longer core-property strings


def _core_text(text: str) -> str:
    """Text squashed to one line and cut to what a core property accepts."""
    return squash(text)[:_CORE_LIMIT]


def set_properties(doc: DocxDocument, document: Document, theme: Theme) -> None:
    """Core properties that name the document and the organisation, never the library."""
    stamp = build_timestamp()
    props = doc.core_properties
    # A dict, not a set: role names stay unique but keep their first-seen order.
    roles: dict[str, None] = {}
    for comparison in document.comparisons:
        roles.update((squash(role.title.text), None) for role in comparison.roles)
    props.title = _core_text(document.title)
    props.subject = _core_text(document.lede.text)
    props.author = _core_text(theme.organisation)
    props.last_modified_by = _core_text(theme.organisation)
    props.created = stamp
    props.modified = stamp
    props.language = _core_text(document.meta.lang)
    props.keywords = _core_text("; ".join(role for role in roles if role))
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.identifier = _core_text(document.meta.slug)
    props.version = _core_text(document.meta.version)
    props.content_status = _core_text(document.meta.confidentiality)
    wordml.drop_thumbnail(doc)
    wordml.replace_app_properties(doc, theme.organisation)
