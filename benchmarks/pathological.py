"""`make bench`: time and peak memory of parsing and building pathological sources.

Each case runs in its own process (so peak RSS is its own) through the real build: parse,
then every format. The outcome is `built` (exit 0), `refused` (exit 1, with the located
message shown) or `CRASHED` (anything else, or a traceback), which fails the run. That
the text of a built case reaches every output is the test suite's job, not this one's.
The cmark cases are the inputs of cmark's test/pathological_tests.py, placed in a
paragraph before a small table and, where they fit on one line, inside a table cell.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TABLE = "| Dimension | Role A | Role B |\n|---|---|---|\n| Scope | a | b |\n"


def table_with_cell(cell: str) -> str:
    return f"| Dimension | Role A |\n|---|---|\n| Scope | {cell} |\n"


def prose_then_table(prose: str) -> str:
    return f"{prose}\n\n{TABLE}"


def many_rows(count: int) -> str:
    rows = "".join(f"| Dimension {i} | text a {i} | text b {i} |\n" for i in range(count))
    return "| Dimension | Role A | Role B |\n|---|---|---|\n" + rows


def many_prose_rows(count: int) -> str:
    """Rows whose cells hold a sentence of about twenty words, as real comparisons do."""
    prose = "owns the roadmap, reviews the budget and leads the hiring of the platform team"
    rows = "".join(
        f"| Dimension {i} | {prose} {i} | {prose} and more {i} |\n" for i in range(count)
    )
    return "| Dimension | Role A | Role B |\n|---|---|---|\n" + rows


def many_roles(count: int) -> str:
    header = "| Dimension | " + " | ".join(f"Role {i}" for i in range(count)) + " |\n"
    rule = "|" + "---|" * (count + 1) + "\n"
    rows = "".join(
        f"| Dimension {r} | " + " | ".join(f"cell {r}.{i}" for i in range(count)) + " |\n"
        for r in range(10)
    )
    return header + rule + rows


SENTENCE = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "


def paragraphs(count: int, sentences: int = 1) -> str:
    return "\n\n".join(f"{i} {SENTENCE * sentences}" for i in range(count)) + "\n\n" + TABLE


def one_letter_cells(rows: int) -> str:
    """Ten roles, `rows` dimensions, every cell one letter: many cells in few bytes."""
    header = "| Dimension | " + " | ".join(f"R{i}" for i in range(10)) + " |\n" + "|---" * 11
    return header + "|\n" + "".join(f"| D{r} |" + " x |" * 10 + "\n" for r in range(rows))


def big_cells(rows: int, words: int) -> str:
    cell = "word " * words
    header = "| Dimension | Role A | Role B | Role C |\n|---|---|---|---|\n"
    return header + "".join(f"| R{i} | {cell} | {cell} | {cell} |\n" for i in range(rows))


# The hardening issue's sources that took minutes: each must build in seconds or be refused.
STRESS: dict[str, Callable[[], str]] = {
    "5,000 short paragraphs": lambda: paragraphs(5_000),
    "20,000 short paragraphs": lambda: paragraphs(20_000),
    "40,000 short paragraphs": lambda: paragraphs(40_000),
    "2,000 lists eight levels deep": lambda: (
        "".join(
            "".join("  " * level + f"- item {n}.{level}\n" for level in range(8)) + "\n"
            for n in range(2_000)
        )
        + TABLE
    ),
    "2 MB of headings": lambda: (
        "".join(f"## Heading {i}\n\n" for i in range(2_000_000 // 16)) + TABLE
    ),
    "2,000 headings (the limit)": lambda: (
        "".join(f"## Heading {i}\n\n" for i in range(2_000)) + TABLE
    ),
    "100,000 a + no-break space": lambda: table_with_cell("a\u00a0" * 100_000),
    "2,400 cells of 700 characters": lambda: big_cells(600, 140),
    "900 cells of 700 characters": lambda: big_cells(300, 140),
    "1,250 one-row tables": lambda: "".join(
        f"## T{i}\n\n| D | A |\n|---|---|\n| x{i} | y |\n\n" for i in range(1_250)
    ),
    "2 MB of prose": lambda: paragraphs(2_000_000 // 340, 4),
    "1.9 MB of prose with a glyph no font has": lambda: (
        paragraphs(1_900_000 // 340, 4) + "\U000f9550\n"
    ),
    # Found by a red-team pass: each passed check, then took a minute in one format.
    "70,000 one-letter cells": lambda: one_letter_cells(7_000),
    "27,500 one-letter cells (under the limit)": lambda: one_letter_cells(2_500),
    "8 words of 19,000 letters in cells": lambda: (
        "| D | A | B |\n|---|---|---|\n"
        + "".join(f"| R{i} | {'w' * 19_000} | y |\n" for i in range(8))
    ),
    "Latin and Hebrew letters alternating": lambda: (
        TABLE + "\n" + ("a\u05d0" * 2_000 + "\n\n") * 32
    ),
}


CMARK: dict[str, str] = {
    "nested strong emph": "*a **a " * 65000 + "b" + " a** a*" * 65000,
    "many emph closers with no openers": "a_ " * 65000,
    "many emph openers with no closers": "_a " * 65000,
    "many link closers with no openers": "a]" * 65000,
    "many link openers with no closers": "[a" * 65000,
    "mismatched openers and closers": "*a_ " * 50000,
    "openers and closers multiple of 3": "a**b" + "c* " * 50000,
    "link openers and emph closers": "[ a_" * 50000,
    "hard link/emph case": "**x [a*b**c*](d)",
    "nested brackets": "[" * 50000 + "a" + "]" * 50000,
    "U+0000 in input": "abc\u0000de\u0000",
    "backticks": "".join("e" + "`" * n for n in range(1, 10000)),
    "unclosed links A": "[a](<b" * 50000,
    "unclosed links B": "[a](b" * 50000,
}
CMARK_MULTILINE: dict[str, str] = {
    "nested block quotes": "> " * 50000 + "a",
    "deeply nested lists": "".join("  " * n + "* a\n" for n in range(1000)),
    "many references": "".join(f"[{n}]: u\n" for n in range(1, 50000 * 16)) + "[0] " * 50000,
}

CASES: dict[str, Callable[[], str]] = {
    "10,000 rows": lambda: many_rows(10_000),
    "800 rows (2,403 cells, just under the limit)": lambda: many_rows(800),
    "800 rows of prose cells (2,403 cells)": lambda: many_prose_rows(800),
    "200,000-character cell": lambda: table_with_cell("word " * 40_000),
    "20,000-character word": lambda: table_with_cell("w" * 20_000),
    "5,000 nested emphasis markers": lambda: table_with_cell("*" * 5000 + "a" + "*" * 5000),
    "a line of 50,000 pipes": lambda: TABLE + "|" * 50_000 + "\n",
    "200 roles": lambda: many_roles(200),
}
CASES.update({f"stress: {name}": build for name, build in STRESS.items()})
for name, text in CMARK.items():
    CASES[f"cmark {name} (cell)"] = lambda text=text: table_with_cell(text)
    CASES[f"cmark {name} (prose)"] = lambda text=text: prose_then_table(text)
for name, text in CMARK_MULTILINE.items():
    CASES[f"cmark {name} (prose)"] = lambda text=text: prose_then_table(text)


def child(name: str, folder: str, formats: list[str]) -> None:
    """In a fresh process: write the case, build it, print outcome, time and peak RSS."""
    import click

    from exporter.cli import cli

    source = Path(folder) / "case.md"
    source.write_text(CASES[name](), encoding="utf-8")
    # One process does all the work, so its time and peak memory are the whole build's.
    args = ["build", str(source), "-o", folder, "--jobs", "1"]
    for fmt in formats:
        args += ["-f", fmt]
    started = time.perf_counter()
    try:
        cli.main(args, prog_name="jobarch", standalone_mode=False)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    except click.ClickException as error:
        error.show()
        code = error.exit_code
    except Exception as error:  # a crash is what the benchmark exists to catch
        print(json.dumps({"code": 99, "error": repr(error)[:200]}))
        return
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak_mb}))


def run_case(name: str, formats: list[str]) -> dict[str, object]:
    """Build one case in a child process; report time, peak RSS and the outcome."""
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, __file__, "--child", name, "--folder", folder]
        for fmt in formats:
            command += ["-f", fmt]
        process = subprocess.run(command, capture_output=True, text=True, check=False)
        lines = process.stdout.strip().splitlines()
        report = json.loads(lines[-1]) if lines else {"code": 99, "error": process.stderr[-200:]}
        outcome = {0: "built", 1: "refused"}.get(report["code"], "CRASHED")
        if "Traceback" in process.stderr:
            outcome = "CRASHED"
        message = (process.stderr.strip().splitlines() or [""])[0]
        return {
            "case": name,
            "outcome": outcome,
            "seconds": round(report.get("seconds", 0.0), 2),
            "peak_mb": round(report.get("peak_mb", 0.0)),
            "message": report.get("error", message)[:160],
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-f", "--format", action="append", default=[], dest="formats")
    parser.add_argument("-k", "--only", default="", help="run cases whose name holds this")
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.formats)
        return 0
    print(f"{'case':52} {'outcome':8} {'seconds':>8} {'peak MB':>8}  first message")
    failed = False
    for name in CASES:
        if (args.only and args.only not in name) or name.startswith("stress: "):
            continue
        result = run_case(name, args.formats)
        failed |= result["outcome"] == "CRASHED"
        if args.json:
            print(json.dumps(result), flush=True)
        else:
            print(
                f"{result['case'][:52]:52} {result['outcome']:8} {result['seconds']:8.2f} "
                f"{result['peak_mb']:8}  {result['message'][:90]}",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
