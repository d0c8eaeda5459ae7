"""Paper sizes the themes may name, in millimetres."""

from __future__ import annotations

# Short side, long side: the portrait width and height.
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "Letter": (215.9, 279.4),
}
