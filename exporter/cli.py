"""The `jobarch` command line (Click); the only module that prints or imports Click."""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
from pathlib import Path
from typing import IO, Any

import click

from . import __version__
from .build import build, collect_sources
from .errors import JobarchError, SourceError, ThemeError
from .parse import parse_source, reading_notes
from .serialize import document_data
from .source import DEFAULT_MAX_BYTES
from .theme import BUILTIN_THEMES, load_theme
from .writers import FORMATS

EXIT_FAILED = 1
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # what shells report for a command stopped by Ctrl-C (128 + SIGINT)


class Reported(click.ClickException):
    """An error already worded for the user: printed as is, without Click's `Error:` prefix."""

    exit_code = EXIT_FAILED

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, err=True)


class _Guarded(click.Group):
    """Turns library errors into clean messages, and unexpected ones into one line + a hint."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("jobarch: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except JobarchError as error:
            raise Reported(str(error)) from None
        except Exception as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"jobarch: internal error: {type(error).__name__}: {error}\n"
                "  hint: rerun with --debug to see the traceback, and report it",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


class _EchoHandler(logging.Handler):
    """Prints library log records, already worded as diagnostics, on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


SOURCE_ARGUMENT = click.argument("sources", nargs=-1, type=click.Path(path_type=Path, exists=False))
MAX_BYTES_OPTION = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse sources larger than this many bytes.",
)


# The libraries whose versions a bug report needs, as their distributions are named.
REPORTED_LIBRARIES = ("WeasyPrint", "python-docx", "openpyxl", "markdown-it-py")


def version_text() -> str:
    """jobarch's version, the libraries' (read from metadata, none imported), the themes."""
    from importlib import metadata  # a seventh of start-up time; only --version needs it

    lines = [f"jobarch, version {__version__}", f"Python {platform.python_version()}"]
    for name in REPORTED_LIBRARIES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} not installed")
    lines.append(f"built-in themes: {BUILTIN_THEMES}")
    return "\n".join(lines)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(version_text())
        ctx.exit()


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the versions of jobarch and its libraries, and where its themes are.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Export job-architecture comparisons from Markdown to branded DOCX, XLSX and PDF."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    # Writers report what they had to change (e.g. a glyph no font has) on this logger.
    logger = logging.getLogger("jobarch")
    logger.handlers = [_EchoHandler()]
    logger.propagate = False


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@cli.command("build")
@SOURCE_ARGUMENT
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Output format; repeat for several. Default: all.",
)
@click.option(
    "-s",
    "--style",
    default="default",
    show_default=True,
    help="Theme: a path to a theme folder, else a name in ./styles/ or built in.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the outputs.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes writing sources and formats side by side. Default: one per CPU.",
)
@MAX_BYTES_OPTION
def build_command(
    sources: tuple[Path, ...],
    formats: tuple[str, ...],
    style: str,
    out_dir: Path,
    jobs: int | None,
    max_bytes: int,
) -> None:
    """Build SOURCE files or folders (default: source/) into OUT/<slug>.<format>."""
    theme = load_theme(style)
    paths = collect_sources(sources or (Path("source"),))
    if not paths:
        raise Reported("jobarch: error: no sources found (looked for *.md)")
    # Built in the registry's order, whatever order the options came in.
    chosen = [fmt for fmt in FORMATS if fmt in formats] if formats else list(FORMATS)
    report = build(
        paths,
        chosen,
        theme,
        out_dir,
        max_bytes=max_bytes,
        on_written=lambda path: click.echo(f"wrote {path}"),
        on_problem=lambda message: click.echo(message, err=True),
        debug=bool(click.get_current_context().find_root().obj.get("debug")),
        jobs=jobs or available_cpus(),
    )
    if not report.ok:
        failed = len(report.failures) + len(report.crashes)
        click.echo(f"jobarch: {failed} of {len(paths)} source(s) failed", err=True)
        if report.crashes:
            click.echo("  hint: rerun with --debug to see the traceback, and report it", err=True)
        sys.exit(EXIT_INTERNAL if report.crashes else EXIT_FAILED)


@cli.command("check")
@SOURCE_ARGUMENT
@click.option("-s", "--style", default=None, help="Also validate this theme (name or folder).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also name what was left out (HTML comments, ...)."
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Check the limits of these formats only, as `build -f` would. Default: all.",
)
@MAX_BYTES_OPTION
def check_command(
    sources: tuple[Path, ...],
    style: str | None,
    strict: bool,
    verbose: bool,
    formats: tuple[str, ...],
    max_bytes: int,
) -> None:
    """Validate SOURCE files or folders (default: source/) without writing anything.

    Prints every problem as `path:line:col: error|warning: message`, and a note on how each
    table was read. Exits 1 if any error (or, with --strict, any warning) was found.
    """
    errors = warnings = 0
    if style is not None:
        try:
            load_theme(style)
        except ThemeError as error:
            click.echo(str(error))
            errors += 1
    paths = collect_sources(sources or (Path("source"),))
    for path in paths:
        try:
            parsed = parse_source(path, max_bytes, formats or tuple(FORMATS))
        except SourceError as error:
            diagnostics = list(error.diagnostics)
        else:
            diagnostics = [*parsed.warnings, *reading_notes(parsed.document)]
            if verbose:
                diagnostics += parsed.notes
            diagnostics.sort(key=lambda d: (d.line, d.col))
        for diagnostic in diagnostics:
            click.echo(str(diagnostic))
            if diagnostic.severity == "error":
                errors += 1
            elif diagnostic.severity == "warning":
                warnings += 1
    click.echo(
        f"checked {len(paths)} source(s): {errors} error(s), {warnings} warning(s)", err=True
    )
    if errors or (strict and warnings):
        sys.exit(EXIT_FAILED)


@cli.command("model")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@MAX_BYTES_OPTION
def model_command(source: Path, max_bytes: int) -> None:
    """Print the intermediate model of SOURCE as JSON."""
    try:
        parsed = parse_source(source, max_bytes)
    except SourceError as error:
        raise Reported("\n".join(str(d) for d in error.diagnostics)) from None
    for warning in parsed.warnings:
        click.echo(str(warning), err=True)
    click.echo(json.dumps(document_data(parsed.document), ensure_ascii=False, indent=2))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="jobarch")
