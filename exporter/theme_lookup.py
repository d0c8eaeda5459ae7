"""Where a theme is: `--style` and `inherit` values resolved to theme folders."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .errors import ThemeError

# The themes shipped inside the package, so an installed jobarch builds from any folder.
BUILTIN_THEMES = Path(__file__).resolve().parent / "themes"
# A project's own themes, looked up relative to the folder jobarch runs in.
PROJECT_THEMES = Path("styles")


def has_separator(value: str) -> bool:
    """Whether a value is written as a path (it holds a path separator)."""
    return any(sep in value for sep in (os.sep, "/", os.altsep) if sep)


def _is_path(name_or_dir: str) -> bool:
    return has_separator(name_or_dir) or Path(name_or_dir).is_dir()


def known_themes() -> list[str]:
    """Names `--style` accepts: the project's `styles/` themes, then the built-in ones."""
    names = [
        folder.name
        for themes in (PROJECT_THEMES, BUILTIN_THEMES)
        if themes.is_dir()
        for folder in sorted(themes.iterdir())
        if (folder / "theme.toml").is_file()
    ]
    return list(dict.fromkeys(names))


def named_theme(name: str, skip: Path | None = None) -> Path | None:
    """`styles/NAME`, else the built-in NAME, passing over the folder `skip`; None if neither.

    A theme that inherits its own name (`styles/default` with `inherit = "default"`) skips
    itself, so it extends the built-in theme it replaces instead of inheriting itself.
    """
    for themes in (PROJECT_THEMES, BUILTIN_THEMES):
        folder = themes / name
        if folder.is_dir() and (skip is None or folder.resolve() != skip):
            return folder
    return None


def unknown_theme(where: str, message: str, name: str, line: int = 0, col: int = 0) -> ThemeError:
    """The error for a name found nowhere: the known themes, the nearest as a hint."""
    known = known_themes()
    nearest = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {nearest[0]!r}? " if nearest else ""
    return ThemeError(
        where,
        message,
        f"{hint}known themes: {', '.join(known) or 'none'} "
        f"(from {PROJECT_THEMES}/ here and {BUILTIN_THEMES})",
        line=line,
        col=col,
    )


def resolve_style(name_or_dir: str) -> Path:
    """The theme folder `--style` means: a path as given, else `styles/NAME`, else built in.

    A value holding a path separator, or naming an existing folder, is a path. A name is
    looked up in `styles/` under the current folder, then among the package's themes; an
    unknown name raises ThemeError listing the known ones and suggesting the nearest.
    """
    if _is_path(name_or_dir):
        return Path(name_or_dir)
    folder = named_theme(name_or_dir)
    if folder is None:
        raise unknown_theme("jobarch", f"no theme named {name_or_dir!r}", name_or_dir)
    return folder
