"""Page geometry in millimetres: the paper, its margins and the room between them."""

from __future__ import annotations

from dataclasses import dataclass

from ..theme import Theme


@dataclass(frozen=True)
class Page:
    """One orientation of the theme's paper."""

    size: str  # the paper's name: A4, Letter, Legal
    landscape: bool
    width_mm: float
    height_mm: float
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left

    @property
    def text_width_mm(self) -> float:
        """The width between the side margins."""
        return self.width_mm - self.margins_mm[1] - self.margins_mm[3]

    @property
    def text_height_mm(self) -> float:
        """The height between the top and bottom margins."""
        return self.height_mm - self.margins_mm[0] - self.margins_mm[2]


def pages(theme: Theme) -> tuple[Page, Page]:
    """The theme's portrait and landscape pages (the same margins, turned with the paper)."""
    short, long = theme.page.short_long_mm
    margins = theme.page.margins_mm
    return (
        Page(theme.page.size, False, short, long, margins),
        Page(theme.page.size, True, long, short, margins),
    )
