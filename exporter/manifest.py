"""OUT/manifest.json: every artifact a build made, its digest and what it was made from.

The manifest is what `jobarch verify` checks the folder against, what tells a later build
which artifacts are still up to date (each carries the key it was built under) and which
files jobarch made (the only ones it ever removes). It holds no absolute path and no
time but SOURCE_DATE_EPOCH, so the same inputs give the same bytes anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .tempfiles import temporary_beside

NAME = "manifest.json"
# The "source" a handbook's artifacts list: all the sources of the build together.
HANDBOOK_SOURCE = "handbook:"
SCHEMA = 1
_HEX = frozenset("0123456789abcdef")
_CHUNK = 1 << 20


class ManifestError(ValueError):
    """A manifest that is not one jobarch wrote (malformed, or a path outside OUT)."""


@dataclass(frozen=True)
class Artifact:
    """One file a build wrote: where (relative to OUT), its digest, and its source's.

    `source` is the source's path relative to OUT, so that the manifest is the same
    wherever the tree of sources and outputs stands. `key` is the cache key the file was
    built under (see `cache_key`). `made_with` is the jobarch version, theme name and
    theme digest that made it: an artifact kept from an earlier build (its source failed
    this time) keeps its own, which the manifest's top-level ones need not be.
    """

    path: PurePosixPath
    format: str
    size: int
    sha256: str
    source: str
    source_sha256: str
    key: str
    made_with: MadeWith | None = None  # None in a manifest from before it was recorded


@dataclass(frozen=True)
class MadeWith:
    """The jobarch version and the theme an artifact was made with."""

    jobarch: str
    theme: str
    theme_sha256: str


@dataclass(frozen=True)
class Manifest:
    """What one build left in OUT: jobarch's version, the theme, and the artifacts."""

    version: str
    theme_name: str
    theme_sha256: str
    source_date_epoch: int | None
    artifacts: tuple[Artifact, ...]


def build_sha256(version: str, theme_sha256: str, epoch: int | None) -> str:
    """What every artifact of a build depends on, hashed: jobarch's version and code (so a
    changed writer rebuilds even where the version stayed), the theme, SOURCE_DATE_EPOCH."""
    parts = [version, code_sha256(), theme_sha256, "" if epoch is None else str(epoch)]
    return hashlib.sha256(json.dumps(parts).encode("ascii")).hexdigest()


def cache_key(build: str, fmt: str, source: str, source_sha256: str) -> str:
    """What an artifact's bytes depend on, hashed: equal keys, equal outputs.

    `build` is `build_sha256(...)`; the source's path counts because its file name can be
    the title and slug.
    """
    parts = [build, fmt, source, source_sha256]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=True).encode("ascii")).hexdigest()


def code_sha256() -> str:
    """A digest of jobarch's own files: its modules and data files (the themes apart)."""
    return folder_sha256(Path(__file__).parent, skip=frozenset({"themes", "__pycache__"}))


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def bytes_sha256(data: bytes) -> str:
    """The SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def theme_sha256(root: Path, *inherited: Path) -> str:
    """A digest of a theme folder (every file's path relative to it, and bytes) and of the
    folders of the themes it inherits: editing a parent theme changes a child's outputs."""
    if not inherited:
        return folder_sha256(root)
    digests = [folder_sha256(folder) for folder in (root, *inherited)]
    return hashlib.sha256(":".join(digests).encode("ascii")).hexdigest()


def folder_sha256(root: Path, skip: frozenset[str] = frozenset()) -> str:
    """A digest of every file below `root` (folders named in `skip` left out): each one's
    path relative to `root` and its bytes, in path order."""
    digest = hashlib.sha256()
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in skip]
        files += [Path(folder, name) for name in names]
    for path in sorted(files, key=lambda path: path.relative_to(root).as_posix()):
        name = path.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
        data = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()


def dumps(manifest: Manifest) -> bytes:
    """The manifest as JSON bytes: keys and artifacts in a fixed order, ASCII only."""
    document: dict[str, Any] = {
        "manifest": SCHEMA,
        "jobarch": manifest.version,
        "theme": {"name": manifest.theme_name, "sha256": manifest.theme_sha256},
    }
    if manifest.source_date_epoch is not None:
        document["source_date_epoch"] = manifest.source_date_epoch
    document["artifacts"] = [
        _artifact_data(artifact)
        for artifact in sorted(manifest.artifacts, key=lambda artifact: artifact.path)
    ]
    return (json.dumps(document, ensure_ascii=True, indent=2) + "\n").encode("ascii")


def _artifact_data(artifact: Artifact) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": artifact.path.as_posix(),
        "format": artifact.format,
        "size": artifact.size,
        "sha256": artifact.sha256,
        "source": artifact.source,
        "source_sha256": artifact.source_sha256,
        "key": artifact.key,
    }
    made = artifact.made_with
    if made is not None:
        data["made_with"] = {
            "jobarch": made.jobarch,
            "theme": {"name": made.theme, "sha256": made.theme_sha256},
        }
    return data


def load(out_dir: Path) -> Manifest | None:
    """The manifest in `out_dir`, or None if there is none; ManifestError if malformed."""
    try:
        data = (out_dir / NAME).read_bytes()
    except FileNotFoundError:
        return None
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ManifestError(f"not JSON: {error}") from None
    return _read(document)


def write(out_dir: Path, manifest: Manifest, token: Callable[[], str]) -> bool:
    """Write the manifest atomically, unless the folder already holds these very bytes.

    `token` names the temporary file (see tempfiles.py). Returns whether it wrote.
    """
    data = dumps(manifest)
    target = out_dir / NAME
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    temporary = temporary_beside(target, token())
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return True


def _read(document: Any) -> Manifest:
    if not isinstance(document, dict) or document.get("manifest") != SCHEMA:
        raise ManifestError(f"not a jobarch manifest of version {SCHEMA}")
    theme = document.get("theme")
    epoch = document.get("source_date_epoch")
    artifacts = document.get("artifacts")
    if not isinstance(theme, dict) or not isinstance(artifacts, list):
        raise ManifestError("missing 'theme' or 'artifacts'")
    if epoch is not None and (isinstance(epoch, bool) or not isinstance(epoch, int)):
        raise ManifestError("'source_date_epoch' must be a whole number")
    return Manifest(
        version=_text(document, "jobarch"),
        theme_name=_text(theme, "name"),
        theme_sha256=_digest(theme, "sha256"),
        source_date_epoch=epoch,
        artifacts=tuple(_artifact(entry) for entry in artifacts),
    )


def _artifact(entry: Any) -> Artifact:
    if not isinstance(entry, dict):
        raise ManifestError("an artifact is not an object")
    path = PurePosixPath(_text(entry, "path"))
    fmt = _text(entry, "format")
    # The manifest is data in a folder anyone can write: a path in it must not lead a
    # build (which removes files it lists) or verify outside OUT, nor to a hidden file.
    if path.is_absolute() or any(part in ("", "..") or part.startswith(".") for part in path.parts):
        raise ManifestError(f"artifact path {str(path)!r} is not inside the folder")
    if path.suffix != f".{fmt}":
        raise ManifestError(f"artifact path {str(path)!r} does not end in .{fmt}")
    size = entry.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ManifestError(f"artifact {str(path)!r}: 'size' must be a whole number")
    return Artifact(
        path=path,
        format=fmt,
        size=size,
        sha256=_digest(entry, "sha256"),
        source=_text(entry, "source"),
        source_sha256=_digest(entry, "source_sha256"),
        key=_digest(entry, "key"),
        made_with=_made_with(entry.get("made_with"), path),
    )


def _made_with(value: Any, path: PurePosixPath) -> MadeWith | None:
    """An artifact's `made_with`, if the manifest records it (older ones do not)."""
    if value is None:
        return None
    theme = value.get("theme") if isinstance(value, dict) else None
    if not isinstance(value, dict) or not isinstance(theme, dict):
        raise ManifestError(f"artifact {str(path)!r}: 'made_with' must name jobarch and theme")
    return MadeWith(_text(value, "jobarch"), _text(theme, "name"), _digest(theme, "sha256"))


def _text(table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value:
        raise ManifestError(f"{key!r} must be a non-empty string")
    return value


def _digest(table: dict[str, Any], key: str) -> str:
    value = _text(table, key)
    if len(value) != 64 or not _HEX.issuperset(value):
        raise ManifestError(f"{key!r} must be a SHA-256 in hexadecimal")
    return value
