"""Front matter: a leading `---` YAML block (Jekyll, Docusaurus) or `+++` TOML block (Hugo).

Values are kept as the text the author wrote: YAML is only composed into nodes, never
converted, so `version: 1.10` stays "1.10", `slug: 0x1F` stays "0x1F" and a date that does
not exist stays text rather than failing. Keys jobarch does not know (a site generator's
`layout`, `permalink`, `weight`, ...) are left out of every output with a warning.
"""

from __future__ import annotations

import datetime
import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import Diagnostic
from .text import CONTROL

KEYS = (
    "title",
    "slug",
    "version",
    "owner",
    "effective",
    "confidentiality",
    "lang",
    "tables",
    "order",
    "profiles",
)
_ORDER = re.compile(r"^[+-]?[0-9]{1,9}$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_YAML_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")
# A top-level key's first line: `key =`, a dotted `key.sub =`, or a `[key]`/`[[key]]` header.
_TOML_KEY = re.compile(r"^\s*(?:\[\[?\s*)?([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*[=.\]]")


@dataclass
class FrontMatter:
    """What the front matter says: our keys' texts and lines, and the body after it."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0  # index of the first body line
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    key: str
    line: int  # 1-based line in the file
    value: str | None  # the text written, or None when the value is not a scalar
    kind: str  # what the value is, for messages: "text", "a list", "a mapping", ...


def read(path: str, lines: list[str]) -> FrontMatter:
    """Split front matter off the top of `lines` (the whole file) and check its keys."""
    result = FrontMatter()
    if not lines:
        return result
    if lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if _YAML_END.match(lines[i])), None)
        if end is None:
            return result  # no closing fence: a thematic break, not front matter
        entries = _yaml_entries(path, "\n".join(lines[1:end]), result)
    elif _TOML_FENCE.match(lines[0]):
        end = next((i for i in range(1, len(lines)) if _TOML_FENCE.match(lines[i])), None)
        if end is None:
            return result
        entries = _toml_entries(path, lines[1:end], result)
    else:
        return result
    result.body_start = end + 1
    _check(path, list(entries), result)
    return result


def _error(result: FrontMatter, path: str, line: int, message: str, hint: str = "") -> None:
    result.diagnostics.append(Diagnostic(path, line, 1, "error", message, hint))


def _yaml_entries(path: str, text: str, result: FrontMatter) -> Iterator[_Entry]:
    import yaml  # here: most sources have no YAML front matter, and PyYAML costs 20 ms

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        col = (mark.column + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        message = f"front matter is not valid YAML: {problem}"
        result.diagnostics.append(Diagnostic(path, line, col, "error", message))
        return
    except RecursionError:
        _error(result, path, 2, "front matter is nested too deeply to read")
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        _error(result, path, 2, "front matter must be a mapping of keys to values")
        return
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        if isinstance(value_node, yaml.ScalarNode):
            null = value_node.tag == "tag:yaml.org,2002:null" and not value_node.style
            yield _Entry(key, line, "" if null else str(value_node.value), "text")
        elif isinstance(value_node, yaml.SequenceNode):
            yield _Entry(key, line, None, "a list")
        else:
            yield _Entry(key, line, None, "a mapping")


def _toml_entries(path: str, lines: list[str], result: FrontMatter) -> Iterator[_Entry]:
    try:
        data: dict[str, Any] = tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) + 1 if found else 2
        _error(result, path, line, f"front matter is not valid TOML: {exc}")
        return
    key_lines: dict[str, int] = {}
    for number, raw in enumerate(lines, start=2):
        match = _TOML_KEY.match(raw)
        if match:
            key_lines.setdefault(match.group(1).strip("\"'"), number)
    for key, value in data.items():
        line = key_lines.get(key, 2)
        if isinstance(value, str):
            yield _Entry(key, line, value, "text")
        elif isinstance(value, bool):
            # A boolean loses nothing in being read: `profiles = false` is the text "false".
            yield _Entry(key, line, "true" if value else "false", "text")
        elif isinstance(value, datetime.date | datetime.datetime | datetime.time):
            yield _Entry(key, line, value.isoformat(), "text")
        elif isinstance(value, dict):
            yield _Entry(key, line, None, "a table")
        elif isinstance(value, list):
            yield _Entry(key, line, None, "an array")
        else:
            # A TOML number or boolean has already lost how it was written (1.10 is 1.1).
            yield _Entry(key, line, None, f"a {type(value).__name__} (write it in quotes)")


def _check(path: str, entries: list[_Entry], result: FrontMatter) -> None:
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.key in seen:
            _error(
                result,
                path,
                entry.line,
                f"front matter key {entry.key!r} appears twice (lines {seen[entry.key]} "
                f"and {entry.line})",
                "keep one of them",
            )
            continue
        seen[entry.key] = entry.line
        if entry.key not in KEYS:
            # Site generators put their own keys here: left out of every output, and named
            # so that a misspelt key of ours is seen.
            near = difflib.get_close_matches(entry.key, KEYS, n=1, cutoff=0.75)
            result.diagnostics.append(
                Diagnostic(
                    path,
                    entry.line,
                    1,
                    "warning",
                    f"front matter key {entry.key!r} is not one of jobarch's; it is left out",
                    f"did you mean {near[0]!r}?" if near else f"jobarch reads {', '.join(KEYS)}",
                )
            )
            continue
        if entry.value is None:
            _error(
                result,
                path,
                entry.line,
                f"front matter {entry.key!r} must be text, not {entry.kind}",
            )
            continue
        text = entry.value.strip()
        if CONTROL.search(text):
            # YAML escapes ("\x07", "\ud800") can spell characters documents cannot hold.
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)}))
            result.diagnostics.append(
                Diagnostic(
                    path,
                    entry.line,
                    1,
                    "warning",
                    f"front matter {entry.key!r}: removed control character(s) {codes}",
                )
            )
            text = CONTROL.sub("", text).strip()
        if entry.key == "order" and text and not _ORDER.match(text):
            _error(
                result,
                path,
                entry.line,
                f"order {text!r} must be a whole number",
                "a handbook puts its chapters in this order (else by file name)",
            )
            continue
        if entry.key == "slug" and text and not _SLUG.match(text):
            _error(
                result,
                path,
                entry.line,
                f"slug {text!r} must use only letters, digits, '.', '_' and '-'",
                "the slug names the output files",
            )
            continue
        result.values[entry.key] = text
        result.lines[entry.key] = entry.line
