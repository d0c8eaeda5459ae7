"""WeasyPrint's API, imported without the slow search for its libraries where it can be."""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _no_library_search() -> Iterator[None]:
    """Let cffi load libraries only by the names WeasyPrint lists, not by searching.

    WeasyPrint tries several names per library (`gobject-2.0-0`, ..., `libgobject-2.0.so.0`)
    and cffi asks `ctypes.util.find_library` about each one it cannot load directly; on
    Linux that runs `ldconfig`, `gcc` and `ld` in subprocesses, a quarter of a second in
    all, about as long as the rest of the import. Each list holds the library's soname,
    which the dynamic loader finds by itself in the same places.
    """
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def _import_weasyprint() -> None:
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return
    try:
        with _no_library_search():
            import weasyprint.text.ffi  # noqa: F401  # loads the libraries, once per process
    except OSError:
        # A system where a library is known only by another name: search as usual.
        for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
            del sys.modules[name]


_import_weasyprint()

from weasyprint import CSS, HTML, Attachment  # noqa: E402  # after the libraries are loaded
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

__all__ = ["CSS", "HTML", "Attachment", "FontConfiguration", "URLFetcher", "URLFetcherResponse"]
