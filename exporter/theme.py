"""A brand theme: `theme.toml`, and the themes it inherits, validated and frozen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .page import DEFAULT_MARGINS_MM, ORIENTATIONS, PAGE_SIZES_MM
from .theme_assets import RASTER_FORMATS, AssetError, check_word_template, image_size
from .theme_chain import locate, read_chain
from .theme_lookup import BUILTIN_THEMES, PROJECT_THEMES, known_themes, resolve_style
from .theme_reader import ThemeReader

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
    origins: tuple[tuple[str, str], ...]  # (key, theme.toml that set it) for each key set
    texts: tuple[tuple[str, str], ...]  # (theme.toml, its text): a key's line, when asked

    @property
    def page_size(self) -> str:
        """The paper's name (A4, Letter, Legal)."""
        return self.page.size

    def sets(self, key: str) -> bool:
        """Whether a theme.toml of the chain sets `key` (else it has its default)."""
        return any(dotted == key for dotted, _ in self.origins)

    def where(self, key: str) -> tuple[str, int]:
        """The theme.toml and line that set `key` (this theme's file when none did)."""
        for dotted, file in self.origins:
            if dotted == key:
                # Found on demand: only a warning asks, and most builds have none.
                return file, locate(dict(self.texts)[file], key)[0] or 1
        return str(self.root / "theme.toml"), 1


def load_theme(name_or_dir: str = "default") -> Theme:
    """Find, read, validate and convert a theme; raise ThemeError naming the file and key.

    A theme may inherit another (`inherit = "NAME or PATH"` at the top of theme.toml) and
    set only what differs: each key comes from the nearest theme of the chain that sets it,
    and each file a key names is found in the folder of the theme that names it.
    """
    root = resolve_style(name_or_dir).resolve()
    reader = ThemeReader(read_chain(root, name_or_dir))
    organisation = reader.text("organisation.name")
    colours = Colours(
        **{
            key: reader.colour(f"colours.{key}")
            for key in ("primary", "accent", "text", "muted", "on_primary", "band", "border")
        }
    )
    fonts = Fonts(
        body=reader.font("fonts.body"),
        heading=reader.font("fonts.heading"),
        mono=reader.font("fonts.mono"),
        size=reader.number("fonts.size", low=6, high=24),
    )
    office = {
        family: reader.font(f"fonts.office.{family}", default=getattr(fonts, family))
        for family in _FAMILIES
    }
    template = reader.optional_asset("assets.template", (".docx", ".dotx"))
    if template is not None:
        with _placed(reader, "assets.template"):
            check_word_template(template, "assets.template")
    theme = Theme(
        name=root.name,
        root=root,
        organisation=organisation,
        colours=colours,
        fonts=fonts,
        office_fonts=Fonts(**office, size=fonts.size),
        logo=_logo(reader, organisation),
        stylesheets=reader.stylesheets("assets.css"),
        page=PageSetup(
            size=reader.choice("page.size", tuple(PAGE_SIZES_MM)),
            margins_mm=reader.margins("page.margins", DEFAULT_MARGINS_MM),
            orientation=reader.choice("page.orientation", ORIENTATIONS, default="auto"),
        ),
        header=_running(reader, "header", DEFAULT_HEADER),
        footer=_running(reader, "footer", DEFAULT_FOOTER),
        confidentiality=reader.text("document.confidentiality", default=""),
        word_template=template,
        folders=tuple(layer.folder for layer in reader.layers),
        origins=reader.origins(),
        texts=tuple((str(layer.file), layer.text) for layer in reader.layers),
    )
    reader.reject_unknown()
    return theme


def _logo(reader: ThemeReader, organisation: str) -> Logo:
    """The logo, its Office twin and its alternative text."""
    file = reader.asset("logo.file", (*RASTER_FORMATS, ".svg"))
    with _placed(reader, "logo.file"):
        width, height = image_size(file, "logo.file")
    # The twin comes from the theme that names the logo: a child's new logo must not
    # keep its parent's twin.
    layer = reader.layer_of("logo.file")
    reader.seen.add("logo.office")
    if layer is not None and "logo.office" in layer.keys:
        office = reader.file_in(layer, "logo.office", tuple(RASTER_FORMATS))
        with _placed(reader, "logo.office"):
            twin_width, twin_height = image_size(office, "logo.office")
        if abs(twin_width / twin_height - width / height) > TWIN_RATIO_TOLERANCE * width / height:
            raise layer.error(
                "logo.office",
                f"logo.office: {office.name} ({twin_width:g}x{twin_height:g}) is not "
                f"shaped like {file.name} ({width:g}x{height:g}): it should be the same "
                "picture, so every format shows the same logo",
            )
    elif file.suffix.lower() in RASTER_FORMATS:
        office = file
    else:
        raise reader.error(
            "logo.file",
            f"logo.office: {file.name} is SVG, which DOCX cannot embed: name a PNG or JPEG "
            "twin of it as logo.office beside logo.file",
        )
    alt = reader.pattern("logo.alt", DEFAULT_ALT, allowed=("organisation",))
    return Logo(file, office, alt.replace("{organisation}", organisation), width, height)


@contextmanager
def _placed(reader: ThemeReader, dotted: str) -> Iterator[None]:
    """A problem with the file a key names, reported at that key's line."""
    try:
        yield
    except AssetError as error:
        raise reader.error(dotted, str(error)) from None


def _running(reader: ThemeReader, table: str, defaults: tuple[str, str, str]) -> RunningTexts:
    """The left, center and right texts of the running header or footer."""
    left, center, right = (
        reader.pattern(f"{table}.{slot}", default)
        for slot, default in zip(("left", "center", "right"), defaults, strict=True)
    )
    return RunningTexts(left, center, right)
