"""The theme's Word template: the document the DOCX starts from, and the styles it keeps.

As pandoc's reference document, a template gives its styles, headers, footers and section
set-up, never its text. The writer defines the named styles it uses; a style the template
defines keeps the template's look (its definition is put back once the writer is done),
so a company's own template restyles what it wants to and the theme fills in the rest.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.numbering import NumberingPart

from ...theme import Theme
from ...theme_assets import CONTENT_TYPES, WORD_DOCUMENT, WORD_TEMPLATE

_DEFAULT_RUN = f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"


def new_document(template: bytes | None) -> DocxDocument:
    """A new document: the template (a .docx or .dotx package) emptied of its text, or
    python-docx's own."""
    if template is None:
        return docx.Document()
    doc = docx.Document(io.BytesIO(_as_document(template)))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _with_numbering(doc)
    return doc


def _with_numbering(doc: DocxDocument) -> None:
    """Give the document a numbering part, where the template has none, for its lists.

    A template made without lists may have none, and python-docx cannot make one
    (NumberingPart.new raises NotImplementedError): an empty one takes lists' definitions.
    """
    part = doc.part
    if any(relationship.reltype == RT.NUMBERING for relationship in part.rels.values()):
        return
    # Named as Word names it: some readers (pandoc) look for that name, not the relationship.
    taken = {other.partname for other in part.package.iter_parts()}
    name = PackURI("/word/numbering.xml")
    if name in taken:
        name = part.package.next_partname("/word/numbering%d.xml")
    element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
    part.relate_to(NumberingPart(name, CT.WML_NUMBERING, element, part.package), RT.NUMBERING)


def _as_document(package: bytes) -> bytes:
    """A .dotx package with its main part typed as a document, which python-docx opens.

    A template differs from a document only in that content type (python-docx issue #301
    and its workaround); a .docx passes through unchanged.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == CONTENT_TYPES:
                data = data.replace(WORD_TEMPLATE.encode(), WORD_DOCUMENT.encode())
            target.writestr(entry, data)
    return out.getvalue()


@dataclass(frozen=True, eq=False)
class TemplateLook:
    """The styles and default font a template defines, to put back after the writer ran.

    One snapshot serves every document made from the template: `restore` puts copies in.
    """

    styles: Mapping[str, BaseOxmlElement]  # by style id
    default_run: BaseOxmlElement | None

    @classmethod
    def of(cls, doc: DocxDocument, theme: Theme) -> TemplateLook:
        """What the template `doc` was opened from defines (nothing for python-docx's own)."""
        if theme.word_template is None:
            return cls({}, None)  # python-docx's own template: the writer restyles all of it
        element = doc.styles.element
        styles = {
            style.get(qn("w:styleId")): deepcopy(style) for style in element.findall(qn("w:style"))
        }
        found = element.find(_DEFAULT_RUN)
        return cls(styles, deepcopy(found) if found is not None else None)

    def restore(self, doc: DocxDocument) -> None:
        """Put back in `doc` every style the template defined, and its default font and size.

        The document's language is kept: it describes the text, not its look.
        """
        element = doc.styles.element
        for style in element.findall(qn("w:style")):
            own = self.styles.get(style.get(qn("w:styleId")))
            if own is not None:
                style.addprevious(deepcopy(own))
                element.remove(style)
        current = element.find(_DEFAULT_RUN)
        if self.default_run is None or current is None:
            return
        restored = deepcopy(self.default_run)
        ours, theirs = current.find(qn("w:lang")), restored.find(qn("w:lang"))
        if ours is not None:
            if theirs is not None:
                restored.replace(theirs, deepcopy(ours))
            else:
                restored.append(deepcopy(ours))
        current.addprevious(restored)
        current.getparent().remove(current)
