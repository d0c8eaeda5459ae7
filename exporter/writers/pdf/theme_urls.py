"""Location-independent URLs for the files of a theme chain, as WeasyPrint is given them.

WeasyPrint names each image in the PDF after its URL: an absolute path made a PDF's bytes
depend on the folder jobarch was installed or cloned in. `file:///jobarch-theme/N/...`
names a file of the chain's Nth folder; the theme fetcher serves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

CHAIN = PurePosixPath("/jobarch-theme")


def theme_url(folders: Sequence[Path], path: Path) -> str:
    """The URL of a file or folder of the theme chain `folders`, the same wherever the
    theme is installed; a path outside the chain keeps its own URL (and is refused)."""
    real = path.resolve()
    for index, folder in enumerate(folders):
        root = folder.resolve()
        if real.is_relative_to(root):
            inside = real.relative_to(root).as_posix()
            tail = "" if inside == "." else "/" + quote(inside)
            return f"file://{CHAIN}/{index}{tail}"
    return real.as_uri()
