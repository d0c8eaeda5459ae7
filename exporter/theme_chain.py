"""A theme's `theme.toml` and the ones it inherits, read and flattened key by key."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ThemeError
from .theme_lookup import has_separator, named_theme, unknown_theme

INHERIT = "inherit"
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


@dataclass(frozen=True)
class Layer:
    """One `theme.toml` of an inheritance chain, its keys flattened (`colours.primary`)."""

    folder: Path
    file: Path
    keys: dict[str, Any]
    tables: frozenset[str]  # every table it opens, nested ones dotted (`fonts.office`)
    text: str

    def line_of(self, dotted: str) -> int:
        """The line that sets `dotted`, for editors to jump to (1 if it cannot be told)."""
        table = ""
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _TABLE_HEADER.match(line)
            if header:
                table = _dotted(header.group(1))
                continue
            name, equals, _ = line.partition("=")
            if equals and not name.lstrip().startswith("#"):
                key = _dotted(name)
                if (f"{table}.{key}" if table else key) == dotted:
                    return number
        return 1


def _dotted(text: str) -> str:
    """A TOML key as written (`fonts . office`, `"logo"`), as a dotted name."""
    return ".".join(part.strip().strip("\"'") for part in text.split("."))


def _flatten(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _tables(table: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield f"{prefix}{key}"
            yield from _tables(value, f"{prefix}{key}.")


def _read(folder: Path, asked: str) -> Layer:
    file = folder / "theme.toml"
    try:
        text = file.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (FileNotFoundError, NotADirectoryError):
        raise ThemeError(str(file), f"no theme at {asked!r} (no theme.toml here)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ThemeError(str(file), f"not valid TOML: {exc}") from None
    except OSError as exc:  # unreadable, or a folder named theme.toml
        raise ThemeError(str(file), f"cannot read: {exc.strerror or exc}") from None
    return Layer(folder, file, dict(_flatten(raw)), frozenset(_tables(raw)), text)


def _parent(layer: Layer) -> Path | None:
    """The folder of the theme `layer` inherits, resolved as `--style` resolves a value.

    A path is taken relative to the folder of the theme that names it, so a theme folder
    can move with its parent beside it; a name is a theme in `styles/` or built in.
    """
    if INHERIT not in layer.keys:
        return None
    value = layer.keys[INHERIT]
    where = str(layer.file)
    if not isinstance(value, str) or not value.strip():
        raise ThemeError(where, f"inherit must be a theme name or a path, got {value!r}")
    value = value.strip()
    if has_separator(value) or value in (".", ".."):  # "." is this folder, not a name
        folder = (layer.folder / Path(value).expanduser()).resolve()
        if not (folder / "theme.toml").is_file():
            raise ThemeError(where, f"inherit: no theme at {value!r} (no theme.toml in {folder})")
        return folder
    found = named_theme(value, skip=layer.folder)
    if found is None:
        raise unknown_theme(where, f"inherit: no theme named {value!r}", value)
    return found.resolve()


def read_chain(root: Path, asked: str) -> tuple[Layer, ...]:
    """The theme in `root` and every theme it inherits, the child first.

    Raises ThemeError for a missing or malformed file, a parent found nowhere, and a chain
    that comes back to a theme already in it.
    """
    layers = [_read(root, asked)]
    while (parent := _parent(layers[-1])) is not None:
        folders = [layer.folder for layer in layers]
        if parent in folders:
            circle = [*folders[folders.index(parent) :], parent]
            cycle = " -> ".join(str(folder) for folder in circle)
            raise ThemeError(
                str(layers[-1].file),
                f"inherit: {layers[-1].keys[INHERIT]!r} leads back to a theme of this chain",
                f"themes cannot inherit in a circle: {cycle}",
            )
        layers.append(_read(parent, layers[-1].keys[INHERIT]))
    return tuple(layers)
