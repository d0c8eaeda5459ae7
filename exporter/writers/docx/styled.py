"""A new document with the writer's styles: defined once per process for each look, copied after."""

from __future__ import annotations

import hashlib
from copy import deepcopy
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.xmlchemy import BaseOxmlElement

from ...theme import Theme
from . import contents, profiles
from .styles import Styles
from .template import TemplateLook, new_document


@dataclass(frozen=True)
class _Look:
    """Everything the writer's styles are made from: the key of the memo below."""

    theme: Theme
    template_sha256: str | None  # the template's bytes: it may change on disk, not its name
    language: str
    text_width: int  # twips: the running header's and the contents' tab stops


# Defining the writer's styles was a fifth of a DOCX. The first document of a look
# defines them; every later one gets a copy of that document's styles (only the styles
# part changes). A process meets a handful of looks: a theme, its documents' languages
# and page widths; past the limit the memo starts again, so it stays small.
_STYLED: dict[_Look, tuple[list[BaseOxmlElement], TemplateLook]] = {}
_STYLED_LIMIT = 16


def styled_document(
    theme: Theme, language: str, text_width: int
) -> tuple[DocxDocument, TemplateLook]:
    """A new document from the theme's template with the writer's styles defined, and
    the template's own look, to restore once the writer is done."""
    template = theme.word_template.read_bytes() if theme.word_template is not None else None
    digest = hashlib.sha256(template).hexdigest() if template is not None else None
    look = _Look(theme, digest, language, text_width)
    doc = new_document(template)
    styles = doc.styles.element
    found = _STYLED.get(look)
    if found is not None:
        defined, own = found
        styles[:] = [deepcopy(child) for child in defined]
        return doc, own
    own = TemplateLook.of(doc, theme)
    _define(doc, look)
    if len(_STYLED) >= _STYLED_LIMIT:
        _STYLED.clear()
    _STYLED[look] = ([deepcopy(child) for child in styles], own)
    return doc, own


def _define(doc: DocxDocument, look: _Look) -> None:
    """Create or restyle every style the writer uses, from what the look holds alone."""
    theme = look.theme
    styles = Styles(doc, theme, look.text_width)
    styles.define(look.language)
    profiles.define_styles(styles.index, theme)
    contents.define_styles(styles.index, theme, look.text_width)
