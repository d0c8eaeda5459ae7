"""The `jobarch` command line: the only module that imports Click (console.py prints a build)."""

from __future__ import annotations

import json
import logging
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click

from . import __version__, report
from .build import Options, build, build_to_bytes
from .checking import check_handbook, check_sources
from .console import Console, summary_json, summary_line
from .errors import Diagnostic, JobarchError, SourceError, printable
from .parse import parse_source
from .reproducible import EpochError, source_date_epoch
from .serialize import document_data
from .source import DEFAULT_MAX_BYTES
from .theme import BUILTIN_THEMES, Theme, load_theme
from .theme_fonts import font_warnings
from .verify import verify
from .walk import BadPattern, Found, find_sources
from .writers import FORMATS, PDF_VARIANTS, WriteOptions

# Exit statuses, the same for every command (the README's table).
HANDBOOK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
EXIT_FAILED = 1  # a source, the theme or the output folder has a problem; verify: a mismatch
EXIT_USAGE = 2  # the command line or the environment is wrong: nothing was read or written
EXIT_INTERNAL = 3  # a bug in jobarch
EXIT_INTERRUPTED = 130  # what shells report for a command stopped by Ctrl-C (128 + SIGINT)
DEFAULT_SOURCE = Path("source")


class Reported(click.ClickException):
    """An error already worded for the user: printed as is, without Click's `Error:` prefix."""

    exit_code = EXIT_FAILED

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.message, err=True)


class UsageProblem(Reported):
    """A command line or environment that cannot work, worded for the user (exit 2)."""

    exit_code = EXIT_USAGE


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
        except EpochError as error:
            raise UsageProblem(str(error)) from None
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


# Not click.Path(readable=True): an unreadable file is that source's error, not a usage error
# that would stop the readable ones from being built.
SOURCE_ARGUMENT = click.argument(
    "sources", nargs=-1, type=click.Path(path_type=Path, readable=False)
)
EXCLUDE_OPTION = click.option(
    "--exclude",
    "excludes",
    multiple=True,
    metavar="GLOB",
    help="Leave out what this matches in folders walked (gitignore syntax); repeatable.",
)


def handbook_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--handbook NAME, as `build` writes it or `check` checks it."""
    return click.option("--handbook", metavar="NAME", default="", help=help_text)


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
    "out",
    # Kept as typed: Path("./-") is Path("-"), but only `-` itself means standard output.
    type=click.Path(),
    default="out",
    show_default=True,
    help="Folder for the outputs; `-` writes one file to standard output.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes writing sources and formats side by side. Default: one per CPU.",
)
@MAX_BYTES_OPTION
@EXCLUDE_OPTION
@click.option("--force", is_flag=True, help="Rebuild every source, even those up to date.")
@handbook_option("Also write OUT/NAME.<format>: one handbook gathering every source.")
@click.option("--handbook-title", metavar="TEXT", default="", help="The handbook's title.")
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default=None,
    help="Archival PDFs (PDF/A-3b, tagged) carrying their source and model as attached files.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on standard output.")
def build_command(
    sources: tuple[Path, ...],
    formats: tuple[str, ...],
    style: str,
    out: str,
    jobs: int | None,
    max_bytes: int,
    excludes: tuple[str, ...],
    force: bool,
    handbook: str,
    handbook_title: str,
    pdf_variant: str | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Build SOURCE files or folders (default: source/) into OUT/<folder>/<slug>.<format>.

    Sources whose inputs did not change since the last build (per OUT/manifest.json) are
    left as they are; OUT/manifest.json lists every artifact with its SHA-256.
    """
    to_stdout = out == "-"
    out_dir = Path(out)
    if not to_stdout:
        _check_out_dir(out)
    elif handbook or as_json:
        option = "--handbook" if handbook else "--json"
        raise UsageProblem(
            f"jobarch: error: -o - writes one file's bytes to standard output; {option} "
            "cannot go with it\n  hint: build into a folder: -o out"
        )
    _check_handbook_name(handbook)
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH stops the build before it starts
    theme = load_theme(style)
    # Built in the registry's order, whatever order the options came in.
    chosen = tuple(fmt for fmt in FORMATS if fmt in formats) if formats else tuple(FORMATS)
    found = _find(sources, excludes)
    console = Console(quiet=quiet or as_json, bar=not (quiet or as_json))
    for problem in found.problems:
        console.problem(problem)
    if to_stdout:
        writing = WriteOptions(pdf_variant=pdf_variant or "")
        _build_to_stdout(found, chosen, theme, max_bytes, console, writing)
        return
    started = time.perf_counter()
    outcome = build(
        found.sources,
        Options(
            formats=chosen,
            theme=theme,
            out_dir=out_dir,
            max_bytes=max_bytes,
            jobs=jobs or available_cpus(),
            force=force,
            debug=bool(click.get_current_context().find_root().obj.get("debug")),
            handbook=handbook,
            handbook_title=handbook_title,
            pdf_variant=pdf_variant or "",
        ),
        console.events(out_dir),
    )
    console.finish()
    seconds = time.perf_counter() - started
    walk_failed = any(problem.severity == "error" for problem in found.problems)
    if as_json:
        click.echo(summary_json(outcome, out_dir, console.problems, seconds))
    elif not quiet:
        click.echo(summary_line(outcome, seconds), err=True)
    if not outcome.sources and not outcome.failures and not outcome.crashes:
        _no_sources(sources)
    if not outcome.ok or walk_failed:
        failed = len(outcome.failures) + len(outcome.crashes)
        if failed:
            click.echo(f"jobarch: {failed} of {outcome.sources} source(s) failed", err=True)
        if outcome.handbook_failed:
            click.echo(f"jobarch: handbook {outcome.handbook_failed} not written", err=True)
        if outcome.crashes:
            click.echo("  hint: rerun with --debug to see the traceback, and report it", err=True)
        sys.exit(EXIT_INTERNAL if outcome.crashes else EXIT_FAILED)


def _check_handbook_name(name: str) -> None:
    """Refuse a handbook name that is not a plain file name."""
    if name and not HANDBOOK_NAME.match(name):
        raise UsageProblem(
            f"jobarch: error: --handbook {name!r}: a handbook's name is its file name: "
            "letters, digits, '.', '_' and '-'"
        )


def _check_out_dir(out: str) -> None:
    """Refuse an output folder that is empty, a file, or that looks like a file's name."""
    hint = (
        "outputs are named by their slug (-o dist writes dist/SLUG.pdf); "
        "`-o -` writes one source in one format to standard output"
    )
    if not out:
        raise UsageProblem(
            f"jobarch: error: -o/--out is empty; name the folder, -o . for this one\n  hint: {hint}"
        )
    out_dir = Path(out)
    where = printable(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageProblem(
            f"jobarch: error: -o/--out names the file '{where}'; it must be a folder\n"
            f"  hint: {hint}"
        )
    if not out_dir.is_dir() and out_dir.suffix.lower().lstrip(".") in FORMATS:
        raise UsageProblem(
            f"jobarch: error: -o/--out '{where}' looks like a file name; it is the folder "
            f"the outputs go in\n  hint: {hint}"
        )


def _find(sources: tuple[Path, ...], excludes: tuple[str, ...]) -> Found:
    """The sources the arguments name, or an error when a walk found none at all."""
    try:
        found = find_sources(sources or (DEFAULT_SOURCE,), excludes)
    except BadPattern as error:
        raise UsageProblem(f"jobarch: error: {error}") from None
    if not found.sources and not any(p.severity == "error" for p in found.problems):
        _no_sources(sources)
    return found


def _no_sources(sources: tuple[Path, ...]) -> None:
    where = ", ".join(printable(str(path)) for path in sources or (DEFAULT_SOURCE,))
    raise Reported(
        f"jobarch: error: no sources found in {where} (looked for *.md files with a table)"
    )


def _build_to_stdout(
    found: Found,
    formats: tuple[str, ...],
    theme: Theme,
    max_bytes: int,
    console: Console,
    options: WriteOptions,
) -> None:
    """`-o -`: one source in one format, its bytes on standard output, for a pipe."""
    if len(found.sources) != 1 or len(formats) != 1:
        raise UsageProblem(
            f"jobarch: error: -o - writes one file, but this would be {len(found.sources)} "
            f"source(s) in {len(formats)} format(s)\n"
            "  hint: name one source and one format: jobarch build doc.md -f pdf -o - > doc.pdf"
        )
    try:
        data = build_to_bytes(
            found.sources[0], formats[0], theme, max_bytes, console.events(None), options
        )
    except JobarchError as error:
        for problem in report.diagnostics_of(error):
            console.problem(problem)
        sys.exit(EXIT_FAILED)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@cli.command("check")
@SOURCE_ARGUMENT
@click.option(
    "-s",
    "--style",
    default="default",
    show_default=True,
    help="The theme to validate with the sources, as build would load it (name or folder).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also name what was left out (HTML comments, ...)."
)
@click.option(
    "-f",
    "--for-format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Check the limits of these formats only, as `build -f` would. Default: all.",
)
@MAX_BYTES_OPTION
@EXCLUDE_OPTION
@handbook_option("Also check what `build --handbook NAME` would refuse: its name, its limits.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:col lines; github: GitHub Actions annotations; json: one document.",
)
def check_command(
    sources: tuple[Path, ...],
    style: str,
    strict: bool,
    verbose: bool,
    formats: tuple[str, ...],
    max_bytes: int,
    excludes: tuple[str, ...],
    handbook: str,
    output_format: str,
) -> None:
    """Validate SOURCE files or folders (default: source/) without writing anything.

    Prints every problem as `path:line:col: error|warning: message`, and a note on how each
    table was read. Reports what `build` would refuse, output names included (with
    --handbook, the handbook's name and limits too). Exits 1 if
    any error (or, with --strict, any warning) was found.
    """
    _check_handbook_name(handbook)
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH is refused here as build refuses it
    chosen = formats or tuple(FORMATS)
    found: list[Diagnostic] = []
    try:
        # The theme build would use (./styles/default before the built-in one), and the
        # fonts it names that the formats checked could not find, as build warns of them.
        found += font_warnings(load_theme(style), chosen)
    except JobarchError as error:
        found += report.diagnostics_of(error)
    walked = _find(sources, excludes)
    found += walked.problems
    checked = check_sources(walked.sources, max_bytes, verbose, chosen)
    for result in checked:
        found += result.diagnostics
    if handbook:
        found += check_handbook(checked, handbook, chosen)
    counted = sum(not result.skipped for result in checked)
    if not counted and not any(d.severity == "error" for d in found):
        _no_sources(sources)
    errors = sum(d.severity == "error" for d in found)
    warnings = sum(d.severity == "warning" for d in found)
    if output_format == "json":
        summary = {
            "sources": counted,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [report.data(d) for d in found],
        }
        click.echo(json.dumps(summary, ensure_ascii=True, indent=2))
    else:
        render: Callable[[Diagnostic], str] = (
            report.github if output_format == "github" else report.text
        )
        for diagnostic in found:
            click.echo(render(diagnostic))
        click.echo(
            f"checked {counted} source(s): {errors} error(s), {warnings} warning(s)", err=True
        )
    if errors or (strict and warnings):
        sys.exit(EXIT_FAILED)


@cli.command("verify")
@click.argument("out_dir", type=click.Path(path_type=Path), default=Path("out"))
def verify_command(out_dir: Path) -> None:
    """Check OUT (default: out/) against its manifest.json: every artifact's SHA-256, and
    no file of a jobarch format that the manifest does not list. Exits 1 on any difference."""
    result = verify(out_dir)
    for problem in result.problems:
        click.echo(report.text(problem))
    errors = sum(problem.severity == "error" for problem in result.problems)
    click.echo(
        f"verified {printable(str(out_dir))}: {result.matched} artifact(s) match, "
        f"{errors} problem(s)",
        err=True,
    )
    if not result.ok:
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
