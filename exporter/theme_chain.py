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
_TOML_PLACE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


@dataclass(frozen=True)
class Layer:
    """One `theme.toml` of an inheritance chain, its keys flattened (`colours.primary`)."""

    folder: Path
    file: Path
    keys: dict[str, Any]
    tables: frozenset[str]  # every table it opens, nested ones dotted (`fonts.office`)
    text: str

    def locate(self, dotted: str, *, table: bool = False) -> tuple[int, int]:
        """(line, column) of the key `dotted` in this file, or of its `[dotted]` header."""
        return locate(self.text, dotted, table=table)

    def error(
        self, dotted: str, message: str, hint: str = "", *, table: bool = False
    ) -> ThemeError:
        """A ThemeError about a key (or a table) of this file, placed at its line."""
        line, col = self.locate(dotted, table=table)
        return ThemeError(str(self.file), message, hint, line=line, col=col)


def locate(text: str, dotted: str, *, table: bool = False) -> tuple[int, int]:
    """(line, column) of the key `dotted` in a theme.toml's text, or of its `[dotted]`
    header with `table`; (0, 0) when it cannot be told (a key of an inline table, say).

    Lines that look like the key are candidates only: tomllib must agree that the TOML up
    to the candidate lacks the key and the statement starting there sets it, so a line
    inside a multi-line string or a quoted key holding `=` is never named.
    """
    lines = text.splitlines(keepends=True)
    current = ""
    for index, line in enumerate(lines):
        column = len(line) - len(line.lstrip()) + 1
        header = _TABLE_HEADER.match(line)
        if header:
            current = _dotted(header.group(1))
            if table and current == dotted and _sets(lines, index, dotted):
                return index + 1, column
            continue
        name, equals, _ = line.partition("=")
        if not table and equals and not name.lstrip().startswith("#"):
            key = _dotted(name)
            if (f"{current}.{key}" if current else key) == dotted and _sets(lines, index, dotted):
                return index + 1, column
    return 0, 0


# How many lines a value starting on a candidate line may span (a multi-line string or
# array) before the candidate is given up: keeps locating linear in a large theme.toml.
_VALUE_LINES = 200


def _sets(lines: list[str], index: int, dotted: str) -> bool:
    """Whether the statement starting on line `index` is the one that sets `dotted`."""
    before = _parsed(lines[:index])
    if before is None or _holds(before, dotted):
        return False
    for end in range(index + 1, min(len(lines), index + _VALUE_LINES) + 1):
        after = _parsed(lines[:end])
        if after is not None:
            return _holds(after, dotted)
    return False


def _parsed(lines: list[str]) -> dict[str, Any] | None:
    try:
        return tomllib.loads("".join(lines))
    except tomllib.TOMLDecodeError:
        return None


def _holds(table: dict[str, Any], dotted: str) -> bool:
    node: Any = table
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


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
    data = b""
    try:
        data = file.read_bytes()
        text = data.decode("utf-8")
        raw = tomllib.loads(text)
    except (FileNotFoundError, NotADirectoryError):
        raise ThemeError(str(file), f"no theme at {asked!r} (no theme.toml here)") from None
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(file, str(exc), text) from None
    except UnicodeDecodeError as exc:
        # Placed by the bad byte: its line, and its column counted in bytes.
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise ThemeError(
            str(file),
            f"not valid TOML: not UTF-8 text (byte 0x{data[exc.start]:02X})",
            line=data.count(b"\n", 0, exc.start) + 1,
            col=exc.start - line_start + 1,
        ) from None
    except OSError as exc:  # unreadable, or a folder named theme.toml
        raise ThemeError(str(file), f"cannot read: {exc.strerror or exc}") from None
    return Layer(folder, file, dict(_flatten(raw)), frozenset(_tables(raw)), text)


def _syntax_error(file: Path, message: str, text: str) -> ThemeError:
    """tomllib's message, placed where it says (it ends "(at line L, column C)")."""
    found = _TOML_PLACE.search(message)
    if found is None:
        return ThemeError(str(file), f"not valid TOML: {message}")
    message = message[: found.start()].rstrip()
    if found.group(1):
        line, col = int(found.group(1)), int(found.group(2))
    else:  # "(at end of document)"
        lines = text.splitlines() or [""]
        line, col = len(lines), len(lines[-1]) + 1
    return ThemeError(str(file), f"not valid TOML: {message}", line=line, col=col)


def _parent(layer: Layer) -> Path | None:
    """The folder of the theme `layer` inherits, resolved as `--style` resolves a value.

    A path is taken relative to the folder of the theme that names it, so a theme folder
    can move with its parent beside it; a name is a theme in `styles/` or built in.
    """
    if INHERIT not in layer.keys:
        return None
    value = layer.keys[INHERIT]
    if not isinstance(value, str) or not value.strip():
        raise layer.error(INHERIT, f"inherit must be a theme name or a path, got {value!r}")
    value = value.strip()
    if has_separator(value) or value in (".", ".."):  # "." is this folder, not a name
        folder = (layer.folder / Path(value).expanduser()).resolve()
        if not (folder / "theme.toml").is_file():
            raise layer.error(
                INHERIT, f"inherit: no theme at {value!r} (no theme.toml in {folder})"
            )
        return folder
    found = named_theme(value, skip=layer.folder)
    if found is None:
        line, col = layer.locate(INHERIT)
        message = f"inherit: no theme named {value!r}"
        raise unknown_theme(str(layer.file), message, value, line, col)
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
            raise layers[-1].error(
                INHERIT,
                f"inherit: {layers[-1].keys[INHERIT]!r} leads back to a theme of this chain",
                f"themes cannot inherit in a circle: {cycle}",
            )
        layers.append(_read(parent, layers[-1].keys[INHERIT]))
    return tuple(layers)
