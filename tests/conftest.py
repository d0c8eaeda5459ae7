"""Shared fixtures: the seed, the real-world corpus, the default theme."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

from exporter.model import Document
from exporter.parse import parse_file, parse_text
from exporter.source import FRONT_MATTER_KEYS
from exporter.theme import Theme, load_theme

# No deadlines: on a loaded machine (or a cold first call) a deadline fails a test for
# its speed, and speed belongs to `make bench`. CI explores the same examples on every
# run, so a red build is reproducible there; locally each run explores new ones.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "cto-director-mlops.md"
# Real documents written by others (see SOURCES.md there for origin and licence).
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("[0-9]*.md"))
_FOREIGN_KEY = re.compile(r"^([A-Za-z_][\w-]*):.*$")


def corpus_text_without_foreign_keys(path: Path) -> str:
    """A corpus file with front matter keys jobarch does not know removed.

    jobarch refuses unknown front matter keys (a typo must not pass silently); the corpus
    uses site-generator keys such as `id` and `permalink`, so writer tests drop just those
    lines to exercise the rest of the document.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0].strip() != "---":
        return "\n".join(lines)
    end = lines.index("---", 1)
    # Blank the foreign lines rather than delete them, so line numbers still match the file.
    kept = [
        ""
        if (match := _FOREIGN_KEY.match(line)) and match.group(1) not in FRONT_MATTER_KEYS
        else line
        for line in lines[1:end]
    ]
    return "\n".join([lines[0], *kept, *lines[end:]])


@pytest.fixture(scope="session")
def seed_document() -> Document:
    """The seed source, parsed."""
    return parse_file(SEED)


@pytest.fixture(scope="session")
def theme() -> Theme:
    """The default theme."""
    return load_theme("default")


def parse_corpus(path: Path) -> Document:
    """A corpus file parsed, its foreign front matter keys blanked."""
    return parse_text(corpus_text_without_foreign_keys(path), str(path)).document


@pytest.fixture(scope="session", params=[path.name for path in CORPUS_FILES])
def corpus_document(request: pytest.FixtureRequest) -> Document:
    """Each real-world corpus file, parsed (foreign front matter keys removed)."""
    return parse_corpus(CORPUS / str(request.param))
