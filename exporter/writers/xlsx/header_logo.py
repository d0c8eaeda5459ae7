"""The logo in each sheet's print header, stored as Excel stores one: a VML drawing.

openpyxl writes no header pictures, so they are added to the saved package: per sheet,
a VML drawing holding one picture shape ("LH": the left header's) that points at the
logo, a relationship to that drawing and a `<legacyDrawingHF>` element; the left header
text starts with `&G`, where Excel draws the picture. The sheet XML is added to as text,
not parsed and written again, which would rename its namespace prefixes.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree
from xml.sax.saxutils import quoteattr

from ...theme import Logo

LOGO_HEIGHT_PT = 17.0  # 6 mm, as in the DOCX header
PICTURE_CODE = "&G"  # the header code where Excel draws the picture
CONTENT_TYPES = "[Content_Types].xml"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VML_RELATIONSHIP = f"{_RELATIONSHIPS}/vmlDrawing"
_IMAGE_RELATIONSHIP = f"{_RELATIONSHIPS}/image"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_SHEET = re.compile(r"xl/worksheets/(sheet\d+\.xml)")
# Worksheet children that come after <legacyDrawingHF>, in the schema's order; the last,
# extLst, may also stand inside other elements, so only a closing one counts.
_AFTER = ("drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts")
_LAST = b"</extLst></worksheet>"
# Excel's picture frame shape type, as Excel itself writes it for header pictures.
_SHAPETYPE = """<v:shapetype id="_x0000_t75" coordsize="21600,21600" o:spt="75" \
o:preferrelative="t" path="m@4@5l@4@11@9@11@9@5xe" filled="f" stroked="f">\
<v:stroke joinstyle="miter"/><v:formulas><v:f eqn="if lineDrawn pixelLineWidth 0"/>\
<v:f eqn="sum @0 1 0"/><v:f eqn="sum 0 0 @1"/><v:f eqn="prod @2 1 2"/>\
<v:f eqn="prod @3 21600 pixelWidth"/><v:f eqn="prod @3 21600 pixelHeight"/>\
<v:f eqn="sum @0 0 1"/><v:f eqn="prod @6 1 2"/><v:f eqn="prod @7 21600 pixelWidth"/>\
<v:f eqn="sum @8 21600 0"/><v:f eqn="prod @7 21600 pixelHeight"/>\
<v:f eqn="sum @10 21600 0"/></v:formulas>\
<v:path o:extrusionok="f" gradientshapeok="t" o:connecttype="rect"/>\
<o:lock v:ext="edit" aspectratio="t"/></v:shapetype>"""


def header_logo_parts(package: bytes, logo: Logo) -> dict[str, bytes]:
    """The parts to add to (or replace in) a saved workbook for every sheet's header logo."""
    suffix = logo.office.suffix.lower()
    media = f"xl/media/header-logo{suffix}"
    parts = {media: logo.office.read_bytes()}
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = set(source.namelist())
        sheets = sorted((n for n in names if _SHEET.fullmatch(n)), key=_sheet_number)
        for number, sheet in enumerate(sheets, start=1):
            drawing = f"xl/drawings/vmlDrawingHF{number}.vml"
            parts[drawing] = _vml(number, logo)
            parts[f"xl/drawings/_rels/vmlDrawingHF{number}.vml.rels"] = _relationships(
                b"", _IMAGE_RELATIONSHIP, f"../media/header-logo{suffix}"
            )[0]
            rels = f"xl/worksheets/_rels/{sheet.rsplit('/', 1)[1]}.rels"
            existing = source.read(rels) if rels in names else b""
            parts[rels], r_id = _relationships(
                existing, _VML_RELATIONSHIP, f"../drawings/vmlDrawingHF{number}.vml"
            )
            parts[sheet] = _with_header_drawing(source.read(sheet), r_id)
        parts[CONTENT_TYPES] = _with_defaults(
            source.read(CONTENT_TYPES), {"vml": _VML_TYPE, suffix[1:]: _IMAGE_TYPES[suffix]}
        )
    return parts


def _sheet_number(name: str) -> int:
    return int(re.sub(r"\D", "", name))


def _vml(number: int, logo: Logo) -> bytes:
    """One sheet's drawing: the logo as the left header's picture, its aspect ratio kept."""
    # Shape ids are unique per drawing: Excel numbers them from 1024 times the drawing's.
    style = (
        "position:absolute;margin-left:0;margin-top:0;"
        f"width:{LOGO_HEIGHT_PT * logo.ratio:.2f}pt;height:{LOGO_HEIGHT_PT:.2f}pt;z-index:1"
    )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{number}"/></o:shapelayout>'
        f"{_SHAPETYPE}"
        f'<v:shape id="LH" o:spid="_x0000_s{1024 * number + 1}" type="#_x0000_t75" '
        f"style={quoteattr(style)}>"
        f'<v:imagedata o:relid="rId1" o:title={quoteattr(logo.alt)}/>'
        '<o:lock v:ext="edit" rotation="t"/></v:shape></xml>'
    ).encode()


def _relationships(existing: bytes, kind: str, target: str) -> tuple[bytes, str]:
    """A relationships part with one more relationship, and that relationship's id."""
    ids = set()
    if existing:
        root = ElementTree.fromstring(existing)
        ids = {element.get("Id", "") for element in root}
    number = 1
    while f"rId{number}" in ids:
        number += 1
    r_id = f"rId{number}"
    added = f'<Relationship Id="{r_id}" Type="{kind}" Target="{target}"/>'
    if not existing:
        text = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{added}</Relationships>'
        )
        return text.encode("utf-8"), r_id
    return existing.replace(b"</Relationships>", added.encode() + b"</Relationships>"), r_id


def _with_header_drawing(sheet: bytes, r_id: str) -> bytes:
    """The sheet with `<legacyDrawingHF>` where the schema wants it."""
    element = f'<legacyDrawingHF xmlns:r="{_RELATIONSHIPS}" r:id="{r_id}"/>'.encode()
    # Markup is escaped in text, so "<tableParts" can only be the element's start.
    positions = [sheet.find(f"<{name}".encode()) for name in _AFTER]
    found = [position for position in positions if position >= 0]
    if found:
        at = min(found)
    elif sheet.rstrip().endswith(_LAST):
        at = sheet.rindex(b"<extLst")
    else:
        at = sheet.rindex(b"</worksheet>")
    return sheet[:at] + element + sheet[at:]


def _with_defaults(types: bytes, defaults: dict[str, str]) -> bytes:
    """[Content_Types].xml with a default content type for each extension that lacks one."""
    root = ElementTree.fromstring(types)
    known = {element.get("Extension", "").lower() for element in root}
    added = "".join(
        f'<Default Extension="{extension}" ContentType="{content_type}"/>'
        for extension, content_type in defaults.items()
        if extension not in known
    )
    return types.replace(b"</Types>", added.encode() + b"</Types>")
