"""A theme's files checked when it loads: logo images and the Word template."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image, UnidentifiedImageError

# What Pillow calls each format a raster logo may be in, by file suffix.
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
# CSS pixels per unit of an SVG length; a bare number is in pixels.
_SVG_UNITS = {
    "": 1.0,
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "in": 96.0,
}
_SVG_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$")

WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


class AssetError(ValueError):
    """A file a theme names that is not what its key asks for; the theme places it."""


CONTENT_TYPES = "[Content_Types].xml"


def image_size(path: Path, key: str) -> tuple[float, float]:
    """The width and height of a PNG, JPEG or SVG logo; AssetError if it is not one.

    Raster images are read to their end by Pillow, so a truncated or corrupt file fails
    here rather than halfway through a build. An SVG must be an `<svg>` document with a
    viewBox, or a width and height, that give its aspect ratio.
    """
    if path.suffix.lower() == ".svg":
        return _svg_size(path, key)
    expected = RASTER_FORMATS[path.suffix.lower()]
    try:
        with Image.open(path) as image:
            found, size = image.format, image.size
            image.verify()
    except UnidentifiedImageError:
        message = f"{key}: {path.name} is not a {expected} image (Pillow cannot read it)"
        raise AssetError(message) from None
    except Image.DecompressionBombError as error:
        raise AssetError(f"{key}: {path.name} is too large: {error}") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise AssetError(f"{key}: {path.name} is a damaged image: {error}") from None
    if found != expected:
        raise AssetError(
            f"{key}: {path.name} holds a {found} image, not {expected} as its name says"
        )
    return float(size[0]), float(size[1])


def _svg_size(path: Path, key: str) -> tuple[float, float]:
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, UnicodeDecodeError) as error:
        raise AssetError(f"{key}: {path.name} is not an SVG image: {error}") from None
    if root.tag != _SVG_ROOT:
        raise AssetError(f"{key}: {path.name} is not an SVG image (no <svg> root)")
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    if width and height:
        return width, height
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        box_width, box_height = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        box_width = box_height = 0.0
    if box_width > 0 and box_height > 0:
        return box_width, box_height
    raise AssetError(
        f"{key}: {path.name} gives no size: its <svg> needs a viewBox, or a width and height, "
        "for the logo to keep its aspect ratio",
    )


def _svg_length(value: str | None) -> float:
    """An SVG length in pixels; 0 for none, a percentage or an unknown unit."""
    match = _SVG_LENGTH.match(value or "")
    if not match or match.group(2) not in _SVG_UNITS:
        return 0.0
    return float(match.group(1)) * _SVG_UNITS[match.group(2)]


def check_word_template(path: Path, key: str) -> None:
    """Raise AssetError unless `path` is a Word document or template python-docx can open."""
    try:
        with zipfile.ZipFile(path) as package:
            types = ElementTree.fromstring(package.read(CONTENT_TYPES))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as error:
        raise AssetError(f"{key}: {path.name} is not a Word file: {error}") from None
    found = {element.get("ContentType") for element in types}
    if not found & {WORD_DOCUMENT, WORD_TEMPLATE}:
        raise AssetError(
            f"{key}: {path.name} is not a Word document or template (.docx or .dotx); "
            "macro-enabled files are not accepted",
        )
