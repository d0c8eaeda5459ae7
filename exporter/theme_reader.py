"""Typed, checked access to the keys of a theme chain: which theme set a key, and where."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from . import placeholders
from .errors import ThemeError
from .text import CONTROL
from .theme_chain import INHERIT, Layer

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# A list of families or a quote would break Excel's &"Font,Bold" code and Word's font names.
_NOT_IN_FONT_NAMES = re.compile(r"[\"',;&{}\\\x00-\x1f\x7f]")


class ThemeReader:
    """Typed access to the dotted keys of a theme chain, remembering which were asked for.

    A key's value comes from the first layer (the child first) that sets it; an error about
    a value names the file that set it, an error about a missing key the child's file.
    """

    def __init__(self, layers: tuple[Layer, ...]) -> None:
        self.layers = layers
        self.seen: set[str] = {INHERIT}

    def layer_of(self, dotted: str) -> Layer | None:
        """The first theme of the chain that sets `dotted` (marked as a known key)."""
        self.seen.add(dotted)
        return next((layer for layer in self.layers if dotted in layer.keys), None)

    def error(self, dotted: str, message: str, hint: str = "") -> ThemeError:
        """A ThemeError about a key, placed at the line of the theme that set it."""
        layer = self.layer_of(dotted) or self.layers[0]
        return layer.error(dotted, message, hint)

    def _get(self, dotted: str) -> tuple[Any, Layer]:
        """The value of `dotted` and the theme that set it."""
        layer = self.layer_of(dotted)
        if layer is None:
            prefix = f"{dotted}."
            nested = next(
                (each for each in self.layers if any(k.startswith(prefix) for k in each.keys)),
                None,
            )
            if nested is not None:
                raise nested.error(dotted, f"{dotted} must be a value, not a table", table=True)
            raise ThemeError(str(self.layers[0].file), f"missing key {dotted!r}")
        return layer.keys[dotted], layer

    def has(self, dotted: str) -> bool:
        """Whether a theme of the chain sets `dotted` (optional keys fall back to a default)."""
        return self.layer_of(dotted) is not None

    def margins(
        self, dotted: str, default: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        """Four margins in mm (top, right, bottom, left), each between 5 and 60."""
        if not self.has(dotted):
            return default
        value, layer = self._get(dotted)
        if (
            not isinstance(value, list)
            or len(value) != 4
            or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value)
            or not all(5 <= v <= 60 for v in value)
        ):
            raise layer.error(
                dotted,
                f"{dotted} must be four numbers of millimetres (top, right, bottom, left) "
                f"between 5 and 60, got {value!r}",
            )
        return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))

    def text(self, dotted: str, default: str | None = None) -> str:
        """A non-empty string (trimmed); `default` when no theme sets it, if given."""
        if default is not None and not self.has(dotted):
            return default
        value, layer = self._get(dotted)
        if not isinstance(value, str) or not value.strip():
            raise layer.error(dotted, f"{dotted} must be a non-empty string, got {value!r}")
        _printable(value, dotted, layer)
        return value.strip()

    def font(self, dotted: str, default: str | None = None) -> str:
        """One font family name: CSS, Word and Excel's header codes each quote it."""
        value = self.text(dotted, default)
        if _NOT_IN_FONT_NAMES.search(value):
            raise self.error(
                dotted,
                f"{dotted} must be one font family name, without quotes, commas or "
                f"semicolons, got {value!r}",
            )
        return value

    def colour(self, dotted: str) -> str:
        """A `#RRGGBB` colour, upper case."""
        value = self.text(dotted)
        if not _HEX.match(value):
            raise self.error(dotted, f"{dotted} must be a colour like #1F3A5F, got {value!r}")
        return value.upper()

    def number(self, dotted: str, low: float, high: float) -> float:
        """A number between `low` and `high`."""
        value, layer = self._get(dotted)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise layer.error(dotted, f"{dotted} must be a number, got {value!r}")
        if not low <= value <= high:
            raise layer.error(dotted, f"{dotted} must be between {low} and {high}, got {value}")
        return float(value)

    def choice(self, dotted: str, options: tuple[str, ...], default: str = "") -> str:
        """One of `options`; `default` when no theme sets it, if given."""
        if default and not self.has(dotted):
            return default
        value = self.text(dotted)
        if value not in options:
            raise self.error(dotted, f"{dotted} must be one of {', '.join(options)}, got {value!r}")
        return value

    def pattern(
        self, dotted: str, default: str, allowed: tuple[str, ...] = placeholders.PLACEHOLDERS
    ) -> str:
        """A text with placeholders (empty allowed), checked to hold known ones only."""
        if not self.has(dotted):
            return default
        value, layer = self._get(dotted)
        if not isinstance(value, str):
            raise layer.error(dotted, f"{dotted} must be a string, got {value!r}")
        _printable(value, dotted, layer)
        try:
            placeholders.parse(value, allowed)
        except ValueError as error:
            raise layer.error(dotted, f"{dotted}: {error}") from None
        return value.strip()

    def file_in(self, layer: Layer, dotted: str, suffixes: tuple[str, ...]) -> Path:
        """The file a key of `layer` names, in the folder of that theme."""
        relative = layer.keys[dotted]
        if not isinstance(relative, str) or not relative.strip():
            raise layer.error(dotted, f"{dotted} must name a file, got {relative!r}")
        path = (layer.folder / relative).resolve()
        # Assets stay inside their theme's folder: the PDF fetcher serves nothing else.
        if not path.is_relative_to(layer.folder):
            raise layer.error(dotted, f"{dotted} must name a file inside the theme folder")
        if path.suffix.lower() not in suffixes:
            raise layer.error(dotted, f"{dotted} must be one of {', '.join(suffixes)} files")
        if not path.is_file():
            raise layer.error(dotted, f"{dotted}: no file {relative!r} in {layer.folder}")
        return path

    def asset(self, dotted: str, suffixes: tuple[str, ...]) -> Path:
        """A file the theme chain must name."""
        self._get(dotted)
        layer = self.layer_of(dotted)
        assert layer is not None
        return self.file_in(layer, dotted, suffixes)

    def optional_asset(self, dotted: str, suffixes: tuple[str, ...]) -> Path | None:
        """A file the theme chain may name."""
        return self.asset(dotted, suffixes) if self.has(dotted) else None

    def stylesheets(self, dotted: str) -> tuple[Path, ...]:
        """The stylesheet of every theme of the chain that has one, the inherited one first."""
        self._get(dotted)
        return tuple(
            self.file_in(layer, dotted, (".css",))
            for layer in reversed(self.layers)
            if dotted in layer.keys
        )

    def origins(self) -> tuple[tuple[str, str], ...]:
        """Which file set each key the chain sets: (key, file)."""
        found: dict[str, tuple[str, str]] = {}
        for layer in self.layers:
            for key in layer.keys:
                found.setdefault(key, (key, str(layer.file)))
        return tuple(found.values())

    def reject_unknown(self) -> None:
        """Raise ThemeError for the first section or key no reader asked for, in any file."""
        sections = {key.rpartition(".")[0] for key in self.seen}
        for layer in self.layers:
            for table in sorted(layer.tables):
                if table not in sections and not any(s.startswith(f"{table}.") for s in sections):
                    hint = _nearest(table, sections)
                    raise layer.error(table, f"unknown section [{table}]", hint, table=True)
            for key in layer.keys:
                if key not in self.seen:
                    hint = _nearest(key, self.seen)
                    raise layer.error(key, f"unknown key {key!r}", hint)


def _nearest(name: str, known: set[str]) -> str:
    """A hint naming the nearest known name, if one is near."""
    nearest = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean {nearest[0]!r}?" if nearest else ""


def _printable(value: str, dotted: str, layer: Layer) -> None:
    """Refuse a text no document can carry: XML holds no C0 control, no font draws a C1."""
    found = CONTROL.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise layer.error(dotted, f"{dotted} holds the control character {code}; remove it")
