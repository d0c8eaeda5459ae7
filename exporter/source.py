"""Read a source file into clean text: size limit, UTF-8, XML-safe characters, front matter."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, SourceError

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# markdown-it takes seconds per hundred thousand delimiters on one line (cmark's nested
# emphasis case: 910,000 characters, 15 s); a table row or paragraph line is far shorter.
MAX_LINE = 250_000
FRONT_MATTER_KEYS = ("title", "slug", "version", "owner", "effective", "confidentiality", "lang")

# Control characters and noncharacters: XML 1.0 cannot carry the C0 ones (tab, LF and CR
# are fine), so DOCX and XLSX would fail; no font draws the C1 ones or the noncharacters,
# and a glyph missing from every font breaks the PDF's text layer in common readers.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass
class SourceText:
    """A decoded source: the Markdown body, its front matter and where the body starts."""

    path: str
    body: str
    front_matter: dict[str, str] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    body_offset: int = 0  # lines before the body (front matter), to map body lines to the file
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read and decode a source file; raise SourceError if it cannot be a source at all."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError.at(
                name,
                1,
                1,
                f"source is {size:,} bytes, above the limit of {max_bytes:,}",
                "raise the limit with --max-bytes if this file is meant to be this large",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError.at(name, 1, 1, f"cannot read source: {exc.strerror or exc}") from None
    return decode_source(data, name)


def decode_source(data: bytes, name: str) -> SourceText:
    """Decode bytes as UTF-8, normalise line ends, drop XML-forbidden characters."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # Columns count characters, as editors do, not bytes.
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise SourceError.at(
            name,
            line,
            col,
            f"byte 0x{bad} is not valid UTF-8",
            "save the file as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError.at(name, 1, 1, "source is empty", "a source needs a comparison table")
    _refuse_long_lines(text, name)
    warnings = _forbidden_character_warnings(text, name)
    if warnings:
        text = CONTROL.sub("", text)
    source = SourceText(path=name, body=text, warnings=warnings)
    _split_front_matter(source)
    return source


def _refuse_long_lines(text: str, name: str) -> None:
    """Refuse lines markdown-it needs many seconds for, before it starts on them."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise SourceError.at(
                name,
                number,
                MAX_LINE + 1,
                f"line is {len(line):,} characters long; the limit is {MAX_LINE:,}",
                "break the paragraph into shorter lines",
            )


def _forbidden_character_warnings(text: str, name: str) -> list[Diagnostic]:
    warnings = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = list(CONTROL.finditer(line))
        if found:
            codes = ", ".join(sorted({f"U+{ord(m.group()):04X}" for m in found}))
            warnings.append(
                Diagnostic(
                    name,
                    number,
                    found[0].start() + 1,
                    "warning",
                    f"removed {len(found)} control character(s) ({codes}) "
                    "that documents cannot show",
                )
            )
    return warnings


def _split_front_matter(source: SourceText) -> None:
    """Move a leading `---` YAML block out of the body into `front_matter`."""
    lines = source.body.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return  # no closing fence: a thematic break, not front matter
    yaml_text = "\n".join(lines[1:end])
    try:
        # Compose first so each key keeps its line for diagnostics.
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        col = (mark.column + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError.at(
            source.path, line, col, f"front matter is not valid YAML: {problem}"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError.at(source.path, 2, 1, "front matter must be a mapping of keys to values")
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    errors = []
    for key, value in data.items():
        line = key_lines.get(str(key), 2)
        if key not in FRONT_MATTER_KEYS:
            errors.append(
                Diagnostic(
                    source.path,
                    line,
                    1,
                    "error",
                    f"unknown front matter key {key!r}",
                    f"known keys: {', '.join(FRONT_MATTER_KEYS)}",
                )
            )
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()  # YAML reads `effective: 2026-01-01` as a date
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (str, int, float))
        ):
            errors.append(
                Diagnostic(
                    source.path,
                    line,
                    1,
                    "error",
                    f"front matter {key!r} must be text, not {type(value).__name__}",
                )
            )
            continue
        text = "" if value is None else str(value).strip()
        if key == "slug" and text and not _SLUG.match(text):
            errors.append(
                Diagnostic(
                    source.path,
                    line,
                    1,
                    "error",
                    f"slug {text!r} must use only letters, digits, '.', '_' and '-'",
                    "the slug names the output files",
                )
            )
            continue
        source.front_matter[str(key)] = text
        source.front_matter_lines[str(key)] = line
    # Keep parsing the body after front matter errors, so every problem is reported at once.
    source.errors.extend(errors)
    source.body = "\n".join(lines[end + 1 :])
    source.body_offset = end + 1
