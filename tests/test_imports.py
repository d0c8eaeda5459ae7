"""Each command imports only what its formats need: start-up time is most of a small build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED

WRITERS = {"exporter.writers.docx", "exporter.writers.xlsx", "exporter.writers.pdf"}
LIBRARIES = {"docx": "docx", "xlsx": "openpyxl", "pdf": "weasyprint"}

# Runs the command in a fresh interpreter, then prints its exit status and the modules it
# imported.
PROBE = """
import json, sys
from exporter.cli import cli
status = 0
try:
    cli.main(sys.argv[1:], prog_name="jobarch")
except SystemExit as end:
    status = end.code or 0
print(json.dumps([status, sorted(sys.modules)]))
"""


def imported(*args: str) -> set[str]:
    """The modules a `jobarch` command has imported when it ends, having succeeded."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    status, modules = json.loads(result.stdout.splitlines()[-1])
    # A command that failed early would import little, and prove nothing.
    assert status == 0, (args, result.stderr)
    return set(modules)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_a_build_imports_only_the_writer_of_its_format(tmp_path: Path, fmt: str) -> None:
    modules = imported("build", str(SEED), "-f", fmt, "-o", str(tmp_path))
    assert WRITERS & modules == {f"exporter.writers.{fmt}"}
    assert "pathspec" not in modules  # only a walk of a folder needs it
    for other, library in LIBRARIES.items():
        assert (library in modules) == (other == fmt), library


def test_check_model_and_version_import_no_writer() -> None:
    for args in (["check", str(SEED)], ["model", str(SEED)], ["--version"]):
        modules = imported(*args)
        assert not WRITERS & modules, args
        assert not set(LIBRARIES.values()) & modules, args


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_ordinary_source_loads_no_optional_library(tmp_path: Path, command: str) -> None:
    # The seed's names are ASCII and it has no YAML front matter: the lookalike tables
    # (15 MB in every process of a build) and PyYAML stay unloaded.
    args = [command, str(SEED)]
    if command == "build":
        args += ["-f", "xlsx", "-o", str(tmp_path)]
    assert not {"confusable_homoglyphs", "yaml"} & imported(*args)


def test_a_name_with_lookalike_letters_still_gets_its_warning(tmp_path: Path) -> None:
    source = tmp_path / "roles.md"
    source.write_text("| Dimension | P\u0430yroll | Lead |\n|---|---|---|\n| Scope | a | b |\n")
    result = subprocess.run(
        [sys.executable, "-m", "exporter", "check", str(source)], capture_output=True, text=True
    )
    assert "\u0430 (U+0430, Cyrillic) looks like a" in result.stdout, result.stdout
