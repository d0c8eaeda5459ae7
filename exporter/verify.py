"""`jobarch verify`: re-hash what OUT/manifest.json lists, and name every difference.

A difference is a listed artifact that is missing or whose bytes changed, or an extra
file: one below OUT whose extension is a format's (`.docx`, `.xlsx`, `.pdf`), that is not
hidden, and that the manifest does not list. Other files (a README, an index page) are
not jobarch's business. When only some artifacts of one source differ, a build was
stopped between moving them into place; that is named too.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import manifest
from .errors import Diagnostic
from .report import place
from .tempfiles import no_build_running
from .writers import FORMATS

_SUFFIXES = frozenset(f".{fmt}" for fmt in FORMATS)


@dataclass
class Verification:
    """How many artifacts matched, and every problem found."""

    matched: int = 0
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the folder is exactly what its manifest says."""
        return not any(problem.severity == "error" for problem in self.problems)


def verify(out_dir: Path) -> Verification:
    """Check every artifact of `out_dir`'s manifest, and look for files it does not list."""
    result = Verification()
    where = str(out_dir / manifest.NAME)
    with no_build_running(out_dir):
        try:
            found = manifest.load(out_dir)
        except (manifest.ManifestError, OSError) as error:
            result.problems.append(place(where, "error", f"cannot read the manifest: {error}"))
            return result
        if found is None:
            result.problems.append(
                place(
                    where,
                    "error",
                    "no manifest here",
                    "build into this folder first: jobarch build SOURCE -o FOLDER",
                )
            )
            return result
        _check_artifacts(out_dir, found, result)
        _check_extras(out_dir, found, result)
    return result


def _check_artifacts(out_dir: Path, found: manifest.Manifest, result: Verification) -> None:
    changed_by_source: dict[str, list[PurePosixPath]] = defaultdict(list)
    intact_by_source: dict[str, list[PurePosixPath]] = defaultdict(list)
    for artifact in found.artifacts:
        path = out_dir / artifact.path
        problem = _difference(path, artifact)
        if problem:
            result.problems.append(place(str(path), "error", problem))
            changed_by_source[artifact.source].append(artifact.path)
        else:
            result.matched += 1
            intact_by_source[artifact.source].append(artifact.path)
    for source, changed in changed_by_source.items():
        intact = intact_by_source.get(source)
        if intact:
            result.problems.append(
                place(
                    os.path.normpath(out_dir / source),
                    "note",
                    f"only some of its artifacts differ ({', '.join(map(str, changed))}; "
                    f"not {', '.join(map(str, intact))}): a build was probably stopped "
                    "while moving them into place",
                    "build again to bring them back together",
                )
            )


def _difference(path: Path, artifact: manifest.Artifact) -> str:
    """What is wrong with one listed artifact, or an empty string."""
    try:
        size = path.stat().st_size
        if size != artifact.size:
            listed = artifact.size
            return f"changed since jobarch wrote it ({size} bytes; the manifest says {listed})"
        if manifest.file_sha256(path) != artifact.sha256:
            return "changed since jobarch wrote it (its SHA-256 is not the manifest's)"
    except FileNotFoundError:
        return "missing: the manifest lists it"
    except OSError as error:
        return f"cannot read it: {error.strerror or error}"
    return ""


def _check_extras(out_dir: Path, found: manifest.Manifest, result: Verification) -> None:
    listed = {artifact.path for artifact in found.artifacts}
    for folder, subfolders, files in os.walk(out_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        relative = PurePosixPath(Path(folder).relative_to(out_dir).as_posix())
        for name in sorted(files):
            path = relative / name
            if name.startswith(".") or path.suffix not in _SUFFIXES or path in listed:
                continue
            result.problems.append(
                place(
                    str(out_dir / path),
                    "error",
                    "not in the manifest: a file jobarch's formats would write, that it did not",
                    "remove it, or build again if a build was stopped before it finished",
                )
            )
