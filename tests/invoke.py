"""Run the `jobarch` command line in the test's own process, as a user would type it."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from exporter.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    """`jobarch ARGS`: its exit status, standard output and standard error."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def break_writer(monkeypatch: pytest.MonkeyPatch, writer: ModuleType, marker: str) -> None:
    """Make `writer` fail, as a bug would, on a document whose path holds `marker`."""
    real = writer.write

    def flaky(document: object, theme: object, path: Path, options: object = None) -> object:
        if marker in str(getattr(document, "path", "")):
            raise RuntimeError("writer bug")
        return real(document, theme, path, options)

    monkeypatch.setattr(writer, "write", flaky)
