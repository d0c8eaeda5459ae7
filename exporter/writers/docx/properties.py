"""The DOCX package's metadata: core and app properties, with no trace of the template."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from ...presentation import Properties
from . import wordml
from .text import squash

_CORE_LIMIT = 255  # python-docx refuses longer core-property strings


def _core_text(text: str) -> str:
    """Text squashed to one line and cut to what a core property accepts."""
    return squash(text)[:_CORE_LIMIT]


def set_properties(doc: DocxDocument, properties: Properties) -> None:
    """Core properties that name the document and the organisation, never the library."""
    props = doc.core_properties
    props.title = _core_text(properties.title)
    props.subject = _core_text(properties.subject)
    props.author = _core_text(properties.author)
    props.last_modified_by = _core_text(properties.author)
    props.created = properties.created
    props.modified = properties.created
    props.language = _core_text(properties.language)
    props.keywords = _core_text("; ".join(properties.keywords))
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.identifier = _core_text(properties.identifier)
    props.version = _core_text(properties.version)
    props.content_status = _core_text(properties.status)
    wordml.drop_thumbnail(doc)
    wordml.replace_app_properties(doc, properties.author)
