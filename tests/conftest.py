"""Shared fixtures: the seed, the real-world corpus, the default theme."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from exporter.model import Document
from exporter.parse import parse_file
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
# Corpus files jobarch refuses, each with a located error that test_corpus.py checks.
CORPUS_REFUSED = frozenset({"16-infracloud-associate-engineer.md"})
CORPUS_BUILT = [path for path in CORPUS_FILES if path.name not in CORPUS_REFUSED]


@pytest.fixture(scope="session")
def seed_document() -> Document:
    """The seed source, parsed."""
    return parse_file(SEED)


@pytest.fixture(scope="session")
def theme() -> Theme:
    """The default theme."""
    return load_theme("default")


def parse_corpus(path: Path) -> Document:
    """A corpus file parsed as jobarch reads it."""
    return parse_file(path)


@pytest.fixture(scope="session", params=[path.name for path in CORPUS_BUILT])
def corpus_document(request: pytest.FixtureRequest) -> Document:
    """Each real-world corpus file that jobarch builds, parsed."""
    return parse_corpus(CORPUS / str(request.param))
