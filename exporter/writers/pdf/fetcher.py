"""The WeasyPrint URL fetcher: serves the theme's own files and refuses every other URL.

A theme that inherits another reads files of each theme of its chain, so the fetcher
serves the files of every folder in that chain, and nothing else.

It serves the URLs `theme_url` gives WeasyPrint, and `file:` URLs of the same files, and
answers each under its `theme_url`.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .theme_urls import CHAIN, theme_url
from .weasy import URLFetcher, URLFetcherResponse


class RefusedURL(PermissionError):
    """A URL the fetcher will not serve: not a file, or a file outside the theme folders."""


class ThemeFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Serve `file:` URLs of regular files inside the `roots`; refuse everything else.

    Every URL asked for is recorded in `requested` and every one turned down in `refused`
    (in order), so callers and tests can see what a rendering tried to read.
    """

    def __init__(self, *roots: Path) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(root.resolve(strict=True) for root in roots)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Answer one URL with the theme file it names, or raise RefusedURL."""
        self.requested.append(url)
        try:
            path = self.resolve(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        media_type, _ = mimetypes.guess_type(path.name)
        # Answered under its chain URL, so what a stylesheet names relative to itself (an
        # image, a font) is asked for, and named in the PDF, without the install path too.
        return URLFetcherResponse(
            theme_url(self.roots, path),
            body=path.read_bytes(),
            headers={"Content-Type": media_type or "application/octet-stream"},
        )

    def resolve(self, url: str) -> Path:
        """The real path of a file inside a theme folder that `url` names, else RefusedURL."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise RefusedURL(f"refused {url!r}: only files of the theme are served")
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused {url!r}: not a local file")
        # url2pathname also undoes %-escapes. resolve() follows symbolic links, so a link
        # pointing out of the theme is caught by the containment check below just like a
        # path climbing out with "..".
        try:
            path = self._in_chain(parts.path).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            raise RefusedURL(f"refused {url!r}: no such file") from None
        if not any(path.is_relative_to(root) for root in self.roots):
            folders = ", ".join(str(root) for root in self.roots)
            raise RefusedURL(f"refused {url!r}: outside the theme folders {folders}")
        if not path.is_file():
            raise RefusedURL(f"refused {url!r}: not a regular file")
        return path

    def _in_chain(self, url_path: str) -> Path:
        """The real path a `theme_url` stands for; any other URL's path as it names it."""
        path = PurePosixPath(unquote(url_path))
        if not path.is_relative_to(CHAIN) or path == CHAIN:
            return Path(url2pathname(url_path))
        index, *inside = path.relative_to(CHAIN).parts
        if not index.isdigit() or int(index) >= len(self.roots):
            return Path(url2pathname(url_path))  # no such folder: refused, no such file
        return self.roots[int(index)].joinpath(*inside)
