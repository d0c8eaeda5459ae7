"""A brand theme: `theme.toml`, and the themes it inherits, validated and frozen."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import placeholders
from .errors import ThemeError
from .page import DEFAULT_MARGINS_MM, ORIENTATIONS, PAGE_SIZES_MM
from .theme_assets import RASTER_FORMATS, check_word_template, image_size
from .theme_chain import INHERIT, Layer, read_chain
from .theme_lookup import BUILTIN_THEMES, PROJECT_THEMES, known_themes, resolve_style

__all__ = [
    "BUILTIN_THEMES",
    "PROJECT_THEMES",
    "Colours",
    "Fonts",
    "Logo",
    "PageSetup",
    "RunningTexts",
    "Theme",
    "known_themes",
    "load_theme",
    "resolve_style",
]

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_FAMILIES = ("body", "heading", "mono")
# The running header and footer a theme gets when no theme of its chain sets them.
DEFAULT_HEADER = ("{organisation}", "", "{title}")
DEFAULT_FOOTER = ("{section}", "{confidentiality}", "Page {page} of {pages}")
DEFAULT_ALT = "{organisation} logo"
# How far the Office twin's aspect ratio may stray from the logo's (rounding of pixels).
TWIN_RATIO_TOLERANCE = 0.03


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
class Logo:
    """The logo: the file the PDF draws, the twin Office files embed, its text for readers."""

    file: Path  # PNG, JPEG or SVG
    office: Path  # PNG or JPEG: python-docx embeds no SVG, and not every Word shows one
    alt: str
    width: float  # the file's own size (pixels, or SVG user units): its aspect ratio
    height: float

    @property
    def ratio(self) -> float:
        """Width over height."""
        return self.width / self.height


@dataclass(frozen=True)
class RunningTexts:
    """The left, centre and right text of a running header or footer, placeholders and all."""

    left: str
    center: str
    right: str


@dataclass(frozen=True)
class Theme:
    """A validated brand theme; `root` is its folder, `folders` every folder of its chain."""

    name: str
    root: Path
    organisation: str
    colours: Colours
    fonts: Fonts  # for print: the PDF, which embeds them
    office_fonts: Fonts  # named by DOCX and XLSX, drawn from the reader's machine
    logo: Logo
    stylesheets: tuple[Path, ...]  # the PDF's, the inherited theme's first
    page: PageSetup
    header: RunningTexts
    footer: RunningTexts
    confidentiality: str  # for documents whose front matter names none
    word_template: Path | None
    folders: tuple[Path, ...]  # this theme's folder, then each one it inherits
    origins: tuple[tuple[str, str, int], ...]  # (key, theme.toml, line) for each key set

    @property
    def page_size(self) -> str:
        """The paper's name (A4, Letter, Legal)."""
        return self.page.size

    def sets(self, key: str) -> bool:
        """Whether a theme.toml of the chain sets `key` (else it has its default)."""
        return any(dotted == key for dotted, _, _ in self.origins)

    def where(self, key: str) -> tuple[str, int]:
        """The theme.toml and line that set `key` (this theme's file when none did)."""
        for dotted, file, line in self.origins:
            if dotted == key:
                return file, line
        return str(self.root / "theme.toml"), 1


def load_theme(name_or_dir: str = "default") -> Theme:
    """Find, read, validate and convert a theme; raise ThemeError naming the file and key.

    A theme may inherit another (`inherit = "NAME or PATH"` at the top of theme.toml) and
    set only what differs: each key comes from the nearest theme of the chain that sets it,
    and each file a key names is found in the folder of the theme that names it.
    """
    root = resolve_style(name_or_dir).resolve()
    reader = _Reader(read_chain(root, name_or_dir))
    organisation = reader.text("organisation.name")
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
    office = {
        family: reader.text(f"fonts.office.{family}", default=getattr(fonts, family))
        for family in _FAMILIES
    }
    template = reader.optional_asset("assets.template", (".docx", ".dotx"))
    if template is not None:
        check_word_template(template, *reader.origin("assets.template"))
    theme = Theme(
        name=root.name,
        root=root,
        organisation=organisation,
        colours=colours,
        fonts=fonts,
        office_fonts=Fonts(**office, size=fonts.size),
        logo=reader.logo(organisation),
        stylesheets=reader.stylesheets("assets.css"),
        page=PageSetup(
            size=reader.choice("page.size", tuple(PAGE_SIZES_MM)),
            margins_mm=reader.margins("page.margins", DEFAULT_MARGINS_MM),
            orientation=reader.choice("page.orientation", ORIENTATIONS, default="auto"),
        ),
        header=reader.running("header", DEFAULT_HEADER),
        footer=reader.running("footer", DEFAULT_FOOTER),
        confidentiality=reader.text("document.confidentiality", default=""),
        word_template=template,
        folders=tuple(layer.folder for layer in reader.layers),
        origins=reader.origins(),
    )
    reader.reject_unknown()
    return theme


class _Reader:
    """Typed access to the dotted keys of a theme chain, remembering which were asked for.

    A key's value comes from the first layer (the child first) that sets it; an error about
    a value names the file that set it, an error about a missing key the child's file.
    """

    def __init__(self, layers: tuple[Layer, ...]) -> None:
        self.layers = layers
        self.seen: set[str] = {INHERIT}

    def _layer(self, dotted: str) -> Layer | None:
        self.seen.add(dotted)
        return next((layer for layer in self.layers if dotted in layer.keys), None)

    def origin(self, dotted: str) -> tuple[str, str]:
        """(file, key) naming where a key was set, for errors found after reading it."""
        layer = self._layer(dotted)
        return str((layer or self.layers[0]).file), dotted

    def _get(self, dotted: str) -> tuple[Any, str]:
        """The value of `dotted` and the file that set it."""
        layer = self._layer(dotted)
        if layer is None:
            prefix = f"{dotted}."
            nested = next(
                (each for each in self.layers if any(k.startswith(prefix) for k in each.keys)),
                None,
            )
            if nested is not None:
                raise ThemeError(str(nested.file), f"{dotted} must be a value, not a table")
            raise ThemeError(str(self.layers[0].file), f"missing key {dotted!r}")
        return layer.keys[dotted], str(layer.file)

    def has(self, dotted: str) -> bool:
        """Whether a theme of the chain sets `dotted` (optional keys fall back to a default)."""
        return self._layer(dotted) is not None

    def margins(
        self, dotted: str, default: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        """Four margins in mm (top, right, bottom, left), each between 5 and 60."""
        if not self.has(dotted):
            return default
        value, where = self._get(dotted)
        if (
            not isinstance(value, list)
            or len(value) != 4
            or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value)
            or not all(5 <= v <= 60 for v in value)
        ):
            raise ThemeError(
                where,
                f"{dotted} must be four numbers of millimetres (top, right, bottom, left) "
                f"between 5 and 60, got {value!r}",
            )
        return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))

    def text(self, dotted: str, default: str | None = None) -> str:
        """A non-empty string (trimmed); `default` when no theme sets it, if given."""
        if default is not None and not self.has(dotted):
            return default
        value, where = self._get(dotted)
        if not isinstance(value, str) or not value.strip():
            raise ThemeError(where, f"{dotted} must be a non-empty string, got {value!r}")
        return value.strip()

    def colour(self, dotted: str) -> str:
        """A `#RRGGBB` colour, upper case."""
        value = self.text(dotted)
        if not _HEX.match(value):
            raise ThemeError(
                self.origin(dotted)[0], f"{dotted} must be a colour like #1F3A5F, got {value!r}"
            )
        return value.upper()

    def number(self, dotted: str, low: float, high: float) -> float:
        """A number between `low` and `high`."""
        value, where = self._get(dotted)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ThemeError(where, f"{dotted} must be a number, got {value!r}")
        if not low <= value <= high:
            raise ThemeError(where, f"{dotted} must be between {low} and {high}, got {value}")
        return float(value)

    def choice(self, dotted: str, options: tuple[str, ...], default: str = "") -> str:
        """One of `options`; `default` when no theme sets it, if given."""
        if default and not self.has(dotted):
            return default
        value = self.text(dotted)
        if value not in options:
            raise ThemeError(
                self.origin(dotted)[0],
                f"{dotted} must be one of {', '.join(options)}, got {value!r}",
            )
        return value

    def pattern(
        self, dotted: str, default: str, allowed: tuple[str, ...] = placeholders.PLACEHOLDERS
    ) -> str:
        """A text with placeholders (empty allowed), checked to hold known ones only."""
        if not self.has(dotted):
            return default
        value, where = self._get(dotted)
        if not isinstance(value, str):
            raise ThemeError(where, f"{dotted} must be a string, got {value!r}")
        try:
            placeholders.parse(value, allowed)
        except ValueError as error:
            raise ThemeError(where, f"{dotted}: {error}") from None
        return value.strip()

    def running(self, table: str, defaults: tuple[str, str, str]) -> RunningTexts:
        """The left, center and right texts of the running header or footer."""
        left, center, right = (
            self.pattern(f"{table}.{slot}", default)
            for slot, default in zip(("left", "center", "right"), defaults, strict=True)
        )
        return RunningTexts(left, center, right)

    def _file(self, layer: Layer, dotted: str, suffixes: tuple[str, ...]) -> Path:
        """The file a key names, in the folder of the theme that names it."""
        relative, where = layer.keys[dotted], str(layer.file)
        if not isinstance(relative, str) or not relative.strip():
            raise ThemeError(where, f"{dotted} must name a file, got {relative!r}")
        path = (layer.folder / relative).resolve()
        # Assets stay inside their theme's folder: the PDF fetcher serves nothing else.
        if not path.is_relative_to(layer.folder):
            raise ThemeError(where, f"{dotted} must name a file inside the theme folder")
        if path.suffix.lower() not in suffixes:
            raise ThemeError(where, f"{dotted} must be one of {', '.join(suffixes)} files")
        if not path.is_file():
            raise ThemeError(where, f"{dotted}: no file {relative!r} in {layer.folder}")
        return path

    def asset(self, dotted: str, suffixes: tuple[str, ...]) -> Path:
        """A file the theme chain must name."""
        self._get(dotted)
        layer = self._layer(dotted)
        assert layer is not None
        return self._file(layer, dotted, suffixes)

    def optional_asset(self, dotted: str, suffixes: tuple[str, ...]) -> Path | None:
        """A file the theme chain may name."""
        return self.asset(dotted, suffixes) if self.has(dotted) else None

    def stylesheets(self, dotted: str) -> tuple[Path, ...]:
        """The stylesheet of every theme of the chain that has one, the inherited one first."""
        self._get(dotted)
        return tuple(
            self._file(layer, dotted, (".css",))
            for layer in reversed(self.layers)
            if dotted in layer.keys
        )

    def logo(self, organisation: str) -> Logo:
        """The logo, its Office twin and its alternative text."""
        file = self.asset("logo.file", (*RASTER_FORMATS, ".svg"))
        where, key = self.origin("logo.file")
        width, height = image_size(file, where, key)
        # The twin comes from the theme that names the logo: a child's new logo must not
        # keep its parent's twin.
        layer = self._layer("logo.file")
        self.seen.add("logo.office")
        if layer is not None and "logo.office" in layer.keys:
            office = self._file(layer, "logo.office", tuple(RASTER_FORMATS))
            twin_width, twin_height = image_size(office, str(layer.file), "logo.office")
            if abs(twin_width / twin_height - width / height) > TWIN_RATIO_TOLERANCE * (
                width / height
            ):
                raise ThemeError(
                    str(layer.file),
                    f"logo.office: {office.name} ({twin_width:g}x{twin_height:g}) is not "
                    f"shaped like {file.name} ({width:g}x{height:g}): it should be the same "
                    "picture, so every format shows the same logo",
                )
        elif file.suffix.lower() in RASTER_FORMATS:
            office = file
        else:
            raise ThemeError(
                where,
                f"logo.office: {file.name} is SVG, which DOCX cannot embed: name a PNG or JPEG "
                "twin of it as logo.office beside logo.file",
            )
        alt = self.pattern("logo.alt", DEFAULT_ALT, allowed=("organisation",))
        return Logo(file, office, alt.replace("{organisation}", organisation), width, height)

    def origins(self) -> tuple[tuple[str, str, int], ...]:
        """Where each key the chain sets was set: (key, file, line)."""
        found: dict[str, tuple[str, str, int]] = {}
        for layer in self.layers:
            for key in layer.keys:
                found.setdefault(key, (key, str(layer.file), layer.line_of(key)))
        return tuple(found.values())

    def reject_unknown(self) -> None:
        """Raise ThemeError for the first section or key no reader asked for, in any file."""
        sections = {key.rpartition(".")[0] for key in self.seen}
        for layer in self.layers:
            for table in sorted(layer.tables):
                if table not in sections and not any(s.startswith(f"{table}.") for s in sections):
                    hint = _nearest(table, sections)
                    raise ThemeError(str(layer.file), f"unknown section [{table}]", hint)
            for key in layer.keys:
                if key not in self.seen:
                    hint = _nearest(key, self.seen)
                    raise ThemeError(str(layer.file), f"unknown key {key!r}", hint)


def _nearest(name: str, known: set[str]) -> str:
    """A hint naming the nearest known name, if one is near."""
    nearest = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean {nearest[0]!r}?" if nearest else ""
