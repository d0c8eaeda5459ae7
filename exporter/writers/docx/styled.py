"""A new document with the writer's styles: defined once per process for each look, then reused."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument

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
# defines them and saves itself as a package; every later one opens that package, no
# slower than the bare template. (A copy of the styles element instead would cost 5 MB a
# look: python-docx's own styles part is 350 KB of XML.) A process meets a handful of
# looks, a theme and its documents' languages and page widths; past the limit the memo
# starts again.
_STYLED: dict[_Look, tuple[bytes, TemplateLook]] = {}
_STYLED_LIMIT = 16


def styled_document(
    theme: Theme, language: str, text_width: int
) -> tuple[DocxDocument, TemplateLook]:
    """A new document from the theme's template with the writer's styles defined, and
    the template's own look, to restore once the writer is done."""
    template = theme.word_template.read_bytes() if theme.word_template is not None else None
    digest = hashlib.sha256(template).hexdigest() if template is not None else None
    look = _Look(theme, digest, language, text_width)
    found = _STYLED.get(look)
    if found is not None:
        package, own = found
        return docx.Document(io.BytesIO(package)), own
    doc = new_document(template)
    own = TemplateLook.of(doc, theme)
    _define(doc, look)
    saved = io.BytesIO()
    doc.save(saved)
    if len(_STYLED) >= _STYLED_LIMIT:
        _STYLED.clear()
    _STYLED[look] = (saved.getvalue(), own)
    # This first document goes on as it is: the same as one opened from the package.
    return doc, own


def _define(doc: DocxDocument, look: _Look) -> None:
    """Create or restyle every style the writer uses, from what the look holds alone."""
    theme = look.theme
    styles = Styles(doc, theme, look.text_width)
    styles.define(look.language)
    profiles.define_styles(styles.index, theme)
    contents.define_styles(styles.index, theme, look.text_width)
