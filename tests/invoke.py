"""Run the `jobarch` command line in the test's own process, as a user would type it."""

from __future__ import annotations

from click.testing import CliRunner

from exporter.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    """`jobarch ARGS`: its exit status, standard output and standard error."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr
