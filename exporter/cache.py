"""Which artifacts are up to date: the previous manifest against the sources and theme now.

An artifact is up to date when the manifest lists it under the key this build would give
it (see `manifest.cache_key`) in the source's output folder, and the file still holds the
bytes the manifest lists; a source is up to date when every format asked for is.
"""

from __future__ import annotations

import stat
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from . import manifest
from .manifest import Artifact, Manifest


def read_bytes(path: Path, max_bytes: int) -> bytes | None:
    """A regular file's bytes if within the limit; None when the parser should say why not."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return data if len(data) <= max_bytes else None


def intact(path: Path, artifact: Artifact) -> bool:
    """Whether the file holds the bytes the manifest lists for it."""
    try:
        if path.stat().st_size != artifact.size:
            return False
        return manifest.file_sha256(path) == artifact.sha256
    except OSError:
        return False


class Cache:
    """The previous build's artifacts, looked up by source and format."""

    def __init__(self, previous: Manifest | None, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._index: dict[tuple[str, str], list[Artifact]] = defaultdict(list)
        for artifact in previous.artifacts if previous else ():
            self._index[artifact.source, artifact.format].append(artifact)

    def up_to_date(
        self, source: str, folder: PurePosixPath, keys: dict[str, str], formats: Sequence[str]
    ) -> list[Artifact]:
        """The source's artifacts in `formats` order if all are up to date, else none.

        `source` is its path relative to OUT, `folder` where its outputs go, `keys` the
        key of each format.
        """
        found = []
        for fmt in formats:
            matches = [
                artifact
                for artifact in self._index.get((source, fmt), ())
                if artifact.key == keys[fmt] and artifact.path.parent == folder
            ]
            if len(matches) != 1:
                return []
            found.append(matches[0])
        if len({artifact.path.with_suffix("") for artifact in found}) != 1:
            return []
        if not all(intact(self.out_dir / artifact.path, artifact) for artifact in found):
            return []
        return found
