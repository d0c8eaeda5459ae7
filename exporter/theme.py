"""Find a brand theme by name or path, read its `theme.toml`, validate it, freeze it."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ThemeError
from .page import DEFAULT_MARGINS_MM, ORIENTATIONS, PAGE_SIZES_MM

# The themes shipped inside the package, so an installed jobarch builds from any folder.
BUILTIN_THEMES = Path(__file__).resolve().parent / "themes"
# A project's own themes, looked up relative to the folder jobarch runs in.
PROJECT_THEMES = Path("styles")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Colours:
    """Brand colours as `#RRGGBB` strings."""

    primary: str  # header fills, headings, the logo's colour
    accent: str  # the focus role and small highlights
    text: str  # body text
    muted: str  # captions, running header and footer
    on_primary: str  # text set on a primary fill
    band: str  # alternate row shading
    border: str  # table rules

    @staticmethod
    def hex(colour: str) -> str:
        """`#1F3A5F` -> `1F3A5F`, the form Office formats want."""
        return colour.lstrip("#").upper()


@dataclass(frozen=True)
class Fonts:
    """Font families (the first one available wins in the PDF) and the body size."""

    body: str
    heading: str
    mono: str
    size: float  # points


@dataclass(frozen=True)
class PageSetup:
    """The paper, its margins and which way tables may turn it."""

    size: str  # a key of PAGE_SIZES_MM
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    orientation: str  # auto (landscape for tables too wide), portrait or landscape

    @property
    def short_long_mm(self) -> tuple[float, float]:
        """The paper's short and long side."""
        return PAGE_SIZES_MM[self.size]


@dataclass(frozen=True)
class Theme:
    """A validated brand theme; `root` is the folder its assets live in."""

    name: str
    root: Path
    organisation: str
    colours: Colours
    fonts: Fonts
    logo: Path
    css: Path
    page: PageSetup

    @property
    def page_size(self) -> str:
        """The paper's name (A4, Letter, Legal)."""
        return self.page.size


def _is_path(name_or_dir: str) -> bool:
    separators = [sep for sep in (os.sep, "/", os.altsep) if sep]
    return any(sep in name_or_dir for sep in separators) or Path(name_or_dir).is_dir()


def known_themes() -> list[str]:
    """Names `--style` accepts: the project's `styles/` themes, then the built-in ones."""
    names = [
        folder.name
        for themes in (PROJECT_THEMES, BUILTIN_THEMES)
        if themes.is_dir()
        for folder in sorted(themes.iterdir())
        if (folder / "theme.toml").is_file()
    ]
    return list(dict.fromkeys(names))


def resolve_style(name_or_dir: str) -> Path:
    """The theme folder `--style` means: a path as given, else `styles/NAME`, else built in.

    A value holding a path separator, or naming an existing folder, is a path. A name is
    looked up in `styles/` under the current folder, then among the package's themes; an
    unknown name raises ThemeError listing the known ones and suggesting the nearest.
    """
    if _is_path(name_or_dir):
        return Path(name_or_dir)
    for themes in (PROJECT_THEMES, BUILTIN_THEMES):
        if (themes / name_or_dir).is_dir():
            return themes / name_or_dir
    known = known_themes()
    nearest = difflib.get_close_matches(name_or_dir, known, n=1)
    hint = f"did you mean {nearest[0]!r}? " if nearest else ""
    raise ThemeError(
        "jobarch",
        f"no theme named {name_or_dir!r}",
        f"{hint}known themes: {', '.join(known) or 'none'} "
        f"(from {PROJECT_THEMES}/ here and {BUILTIN_THEMES})",
    )


def load_theme(name_or_dir: str = "default") -> Theme:
    """Find, read, validate and convert a theme; raise ThemeError naming the key at fault."""
    root = resolve_style(name_or_dir).resolve()
    toml_path = root / "theme.toml"
    where = str(toml_path)
    try:
        raw = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        raise ThemeError(where, f"no theme at {name_or_dir!r} (no theme.toml here)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ThemeError(where, f"not valid TOML: {exc}") from None

    reader = _Reader(where, raw)
    colours = Colours(
        **{
            key: reader.colour(f"colours.{key}")
            for key in ("primary", "accent", "text", "muted", "on_primary", "band", "border")
        }
    )
    fonts = Fonts(
        body=reader.text("fonts.body"),
        heading=reader.text("fonts.heading"),
        mono=reader.text("fonts.mono"),
        size=reader.number("fonts.size", low=6, high=24),
    )
    theme = Theme(
        name=root.name,
        root=root,
        organisation=reader.text("organisation.name"),
        colours=colours,
        fonts=fonts,
        logo=reader.asset(root, "assets.logo", suffixes=(".png", ".jpg", ".jpeg")),
        css=reader.asset(root, "assets.css", suffixes=(".css",)),
        page=PageSetup(
            size=reader.choice("page.size", tuple(PAGE_SIZES_MM)),
            margins_mm=reader.margins("page.margins", DEFAULT_MARGINS_MM),
            orientation=reader.choice("page.orientation", ORIENTATIONS, default="auto"),
        ),
    )
    reader.reject_unknown()
    return theme


class _Reader:
    """Typed access to dotted keys of a TOML table, remembering which were read."""

    def __init__(self, where: str, raw: dict[str, Any]) -> None:
        self.where = where
        self.raw = raw
        self.seen: set[str] = set()

    def _get(self, dotted: str) -> Any:
        self.seen.add(dotted)
        node: Any = self.raw
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ThemeError(self.where, f"missing key {dotted!r}")
            node = node[part]
        return node

    def has(self, dotted: str) -> bool:
        """Whether the theme sets `dotted` (optional keys fall back to a default)."""
        node: Any = self.raw
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    def margins(
        self, dotted: str, default: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        """Four margins in mm (top, right, bottom, left), each between 5 and 60."""
        if not self.has(dotted):
            return default
        value = self._get(dotted)
        if (
            not isinstance(value, list)
            or len(value) != 4
            or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value)
            or not all(5 <= v <= 60 for v in value)
        ):
            raise ThemeError(
                self.where,
                f"{dotted} must be four numbers of millimetres (top, right, bottom, left) "
                f"between 5 and 60, got {value!r}",
            )
        return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))

    def text(self, dotted: str) -> str:
        value = self._get(dotted)
        if not isinstance(value, str) or not value.strip():
            raise ThemeError(self.where, f"{dotted} must be a non-empty string, got {value!r}")
        return value.strip()

    def colour(self, dotted: str) -> str:
        value = self.text(dotted)
        if not _HEX.match(value):
            raise ThemeError(self.where, f"{dotted} must be a colour like #1F3A5F, got {value!r}")
        return value.upper()

    def number(self, dotted: str, low: float, high: float) -> float:
        value = self._get(dotted)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ThemeError(self.where, f"{dotted} must be a number, got {value!r}")
        if not low <= value <= high:
            raise ThemeError(self.where, f"{dotted} must be between {low} and {high}, got {value}")
        return float(value)

    def choice(self, dotted: str, options: tuple[str, ...], default: str = "") -> str:
        if default and not self.has(dotted):
            return default
        value = self.text(dotted)
        if value not in options:
            raise ThemeError(
                self.where, f"{dotted} must be one of {', '.join(options)}, got {value!r}"
            )
        return value

    def asset(self, root: Path, dotted: str, suffixes: tuple[str, ...]) -> Path:
        relative = self.text(dotted)
        path = (root / relative).resolve()
        # Assets must stay inside the theme folder: the PDF fetcher serves nothing else.
        if not path.is_relative_to(root):
            raise ThemeError(self.where, f"{dotted} must name a file inside the theme folder")
        if path.suffix.lower() not in suffixes:
            raise ThemeError(self.where, f"{dotted} must be one of {', '.join(suffixes)} files")
        if not path.is_file():
            raise ThemeError(self.where, f"{dotted}: no file {relative!r} in {root}")
        return path

    def reject_unknown(self) -> None:
        known_tables = {key.split(".")[0] for key in self.seen}
        for table, body in self.raw.items():
            if table not in known_tables:
                raise ThemeError(self.where, f"unknown key {table!r}")
            if isinstance(body, dict):
                for key in body:
                    if f"{table}.{key}" not in self.seen:
                        raise ThemeError(self.where, f"unknown key '{table}.{key}'")
