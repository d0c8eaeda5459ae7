"""Removing the artifacts that no source makes any more, and only files jobarch made."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .cache import intact
from .errors import Diagnostic
from .manifest import HANDBOOK_SOURCE, Artifact, Manifest
from .report import place


@dataclass
class Tidied:
    """The previous artifacts still to list, and those removed."""

    kept: list[Artifact] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)


@dataclass(frozen=True)
class ThisBuild:
    """What the build now ending did, as the previous manifest's entries are judged by it.

    `made`: the artifacts it wrote or found up to date; `built`: the sources (paths
    relative to OUT) that have them; `present`: every source it was given; `formats`: the
    formats it was asked for.
    """

    made: Collection[PurePosixPath]
    built: Collection[str]
    present: Collection[str]
    formats: Collection[str]


def tidy(
    previous: Manifest | None,
    now: ThisBuild,
    out_dir: Path,
    on_removed: Callable[[Path], None],
    on_problem: Callable[[Diagnostic], None],
) -> Tidied:
    """Remove the previous artifacts no source makes any more; keep listing the others.

    Kept: artifacts of sources that failed, or that were not part of this build but still
    exist, and of formats this build did not ask for. Removed: those of sources that no
    longer exist, and those a source built now no longer makes (its slug changed); each
    only if its bytes are still the ones jobarch wrote, and it lies inside OUT.
    """
    result = Tidied()
    if previous is None:
        return result
    inside = out_dir.resolve()
    for artifact in previous.artifacts:
        path = out_dir / artifact.path
        if artifact.path in now.made:
            continue
        # A handbook gathers all the sources: it goes only when a build rewrites it.
        handbook = artifact.source.startswith(HANDBOOK_SOURCE)
        gone = (
            not handbook
            and artifact.source not in now.present
            and not (out_dir / artifact.source).exists()
        )
        replaced = artifact.source in now.built and artifact.format in now.formats
        if not (gone or replaced):
            if path.exists():
                result.kept.append(artifact)
            continue
        # A folder of OUT that is a symlink must not lead a removal elsewhere.
        if not path.resolve().is_relative_to(inside) or not intact(path, artifact):
            if path.exists():
                on_problem(
                    place(
                        str(path),
                        "note",
                        "left in place: no source makes it any more, but it is not the file "
                        "jobarch wrote there, so it is not jobarch's to remove",
                    )
                )
            continue
        try:
            path.unlink()
        except OSError as error:
            on_problem(place(str(path), "warning", f"cannot remove: {error.strerror or error}"))
            result.kept.append(artifact)
            continue
        _remove_empty_folders(path.parent, out_dir)
        result.removed.append(artifact.path)
        on_removed(path)
    return result


def _remove_empty_folders(folder: Path, out_dir: Path) -> None:
    """Remove `folder` and the folders above it, up to `out_dir`, while they are empty."""
    while folder != out_dir and folder.is_relative_to(out_dir):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
