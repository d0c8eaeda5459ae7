"""Paper sizes the themes may name, in millimetres."""

from __future__ import annotations

# Short side, long side: the portrait width and height.
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}
ORIENTATIONS = ("auto", "portrait", "landscape")
# Top, right, bottom, left: room for the running header and footer.
DEFAULT_MARGINS_MM = (20.0, 18.0, 18.0, 18.0)
