"""Read a source file into clean text: size limit, UTF-8, XML-safe characters, front matter."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import front_matter
from .errors import Diagnostic, SourceError
from .text import CONTROL

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# markdown-it takes seconds per hundred thousand delimiters on one line (cmark's nested
# emphasis case: 910,000 characters, 15 s); a table row or paragraph line is far shorter.
MAX_LINE = 250_000


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
    """Read and decode a source file; raise SourceError if it cannot be a source at all.

    Only a regular file is read, and never more than `max_bytes` of it: a device, a FIFO
    or a file that grows while it is read cannot hang the build or exhaust its memory.
    """
    name = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SourceError.at(
                name,
                1,
                1,
                f"not a regular file ({_kind(info.st_mode)}); a source is a Markdown file",
            )
        if info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError.at(name, 1, 1, f"cannot read source: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    return decode_source(data, name)


def _too_large(name: str, size: int, max_bytes: int) -> SourceError:
    return SourceError.at(
        name,
        1,
        1,
        f"source is {size:,} bytes, above the limit of {max_bytes:,}",
        "raise the limit with --max-bytes if this file is meant to be this large",
    )


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((word for test, word in kinds if test(mode)), "not a file")


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
    """Move leading front matter out of the body into `front_matter`."""
    lines = source.body.split("\n")
    found = front_matter.read(source.path, lines)
    for diagnostic in found.diagnostics:
        (source.errors if diagnostic.severity == "error" else source.warnings).append(diagnostic)
    source.front_matter.update(found.values)
    source.front_matter_lines.update(found.lines)
    if found.body_start:
        # Keep parsing the body after front matter errors: every problem is reported at once.
        source.body = "\n".join(lines[found.body_start :])
        source.body_offset = found.body_start
