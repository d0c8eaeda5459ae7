"""SOURCE arguments -> the Markdown files to read, each with the output folder it maps to.

A file named on the command line is taken as it is (a symlink is followed). A folder is
walked recursively in name order: hidden files and folders are skipped, and so is what the
repository's `.gitignore` files ignore (when the folder is inside a Git repository) and
what an `--exclude` pattern matches (gitignore syntax, relative to the folder walked). A
symlink is followed only when it points inside the folder walked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import Diagnostic
from .report import place

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

SUFFIX = ".md"
_HERE = PurePosixPath(".")


@dataclass(frozen=True)
class Source:
    """A Markdown file to read; `folder` is where its outputs go, relative to OUT."""

    path: Path
    folder: PurePosixPath = _HERE
    named: bool = True  # named on the command line, rather than found by walking a folder


@dataclass
class Found:
    """What a walk found: the sources in order, and notes and errors about what it skipped."""

    sources: list[Source] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class _Rules:
    """The .gitignore rules of one folder, matched against paths relative to that folder."""

    folder: Path
    spec: GitIgnoreSpec


class BadPattern(ValueError):
    """An --exclude pattern that gitignore syntax cannot read."""


def find_sources(paths: Iterable[Path], excludes: Sequence[str] = ()) -> Found:
    """The sources that `paths` name, without repeats (the first mention wins); raises
    BadPattern for an --exclude pattern that cannot be read, before any folder is walked."""
    found = Found()
    ignores = _GitIgnores(found)  # each .gitignore read once, however many walks meet it
    exclude: GitIgnoreSpec | None = None
    for path in paths:
        if path.is_dir():
            if exclude is None:  # compiled only to walk: named files start without pathspec
                exclude, bad = _spec(excludes)
                if bad:
                    _, pattern, reason = bad[0]
                    raise BadPattern(f"--exclude {pattern!r}: not a gitignore pattern: {reason}")
            _Walk(path, exclude, found, ignores).run()
        else:
            # Kept even when it does not exist: reading it reports it like any bad source.
            found.sources.append(Source(path))
    seen: set[str] = set()
    unique = []
    for source in found.sources:
        key = os.path.abspath(source.path)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    found.sources = unique
    return found


class _Walk:
    """One folder walked: the rules in force on the way down, and what was found."""

    def __init__(
        self, root: Path, exclude: GitIgnoreSpec, found: Found, ignores: _GitIgnores
    ) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.exclude = exclude
        self.found = found
        self.ignores = ignores
        self.visited: set[Path] = set()
        self.in_repository, self.inherited = ignores.inherited(self.real_root)

    def run(self) -> None:
        self._folder(self.root, _HERE, self.inherited)

    def _folder(self, folder: Path, relative: PurePosixPath, rules: list[_Rules]) -> None:
        real = folder.resolve()
        if real in self.visited:  # a symlink loop inside the tree
            return
        self.visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            self.found.problems.append(
                place(str(folder), "error", f"cannot read folder: {error.strerror or error}")
            )
            return
        if self.in_repository:
            rules = [*rules, *self.ignores.rules_in(real)]
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            child = relative / entry.name
            is_folder = _is_folder(entry)
            if not is_folder and not entry.name.endswith(SUFFIX):
                continue
            if self._ignored(real / entry.name, child, is_folder, rules):
                continue
            if entry.is_symlink() and not self._inside(path):
                self.found.problems.append(
                    place(
                        str(path),
                        "note",
                        "not followed: the link points outside the folder being walked",
                        "name it on the command line to read it",
                    )
                )
                continue
            if is_folder:
                self._folder(path, child, rules)
            else:
                self.found.sources.append(Source(path, relative, named=False))

    def _inside(self, link: Path) -> bool:
        try:
            return link.resolve().is_relative_to(self.real_root)
        except (OSError, RuntimeError):  # a loop of links resolves to nothing
            return False

    def _ignored(
        self, real: Path, relative: PurePosixPath, is_folder: bool, rules: list[_Rules]
    ) -> bool:
        """Whether --exclude or a .gitignore rule leaves this entry out (`real`: its path
        with the folders above it resolved, as the rules' folders are)."""
        slash = "/" if is_folder else ""
        if self.exclude.match_file(f"{relative}{slash}"):
            return True
        # The deepest .gitignore that has a say decides, as in Git.
        for rule in reversed(rules):
            if not real.is_relative_to(rule.folder):
                continue
            result = rule.spec.check_file(f"{real.relative_to(rule.folder).as_posix()}{slash}")
            if result.include is not None:
                return bool(result.include)
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


class _GitIgnores:
    """The .gitignore files of the folders walked and of those above them, each read once;
    a line that is no pattern is skipped with a warning, as Git skips it (silently)."""

    def __init__(self, found: Found) -> None:
        self.found = found
        self.read: dict[Path, list[_Rules]] = {}

    def inherited(self, real_root: Path) -> tuple[bool, list[_Rules]]:
        """Whether `real_root` is in a Git repository, and the rules of the folders above
        it up to the repository's top. Outside a repository Git ignores nothing, and
        neither do we."""
        if (real_root / ".git").exists():
            return True, []
        above = []
        for folder in real_root.parents:
            above.append(folder)
            if (folder / ".git").exists():
                return True, [rule for parent in reversed(above) for rule in self.rules_in(parent)]
        return False, []

    def rules_in(self, folder: Path) -> list[_Rules]:
        """The rules of `folder`'s own .gitignore (none if it has none)."""
        if folder not in self.read:
            self.read[folder] = self._load(folder)
        return self.read[folder]

    def _load(self, folder: Path) -> list[_Rules]:
        path = folder / ".gitignore"
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        spec, bad = _spec(text.splitlines())
        for line, pattern, reason in bad:
            message = f"ignored line {pattern!r}: not a gitignore pattern: {reason}"
            self.found.problems.append(Diagnostic(str(path), line, 1, "warning", message))
        return [_Rules(folder, spec)]


def _spec(lines: Sequence[str]) -> tuple[GitIgnoreSpec, list[tuple[int, str, str]]]:
    """The rules of `lines`, and the lines (number from 1, text, why) that are none."""
    # Imported only to walk a folder: a build of named files starts without it.
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines), []
    except (ValueError, re.error):
        pass  # find the bad lines one by one: only when there are some
    good: list[str] = []
    bad: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines, start=1):
        try:
            GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error) as error:
            # re.error's own text gives a position in the regular expression, not the line.
            bad.append((number, line, error.msg if isinstance(error, re.error) else str(error)))
            good.append("")  # keeps the other lines' numbers; an empty line is no rule
        else:
            good.append(line)
    return GitIgnoreSpec.from_lines(good), bad
