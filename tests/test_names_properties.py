"""Any file name the file system allows, walked or named, is a source or a located error:
`check` and `build` exit 0 or 1, never 3 (an internal error)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.cli import cli

TABLE = b"| Dimension | Role A | Role B |\n|---|---|---|\n| Scope | a | b |\n"
NAME_MAX = 255

# Names as the file system holds them, bytes: any character but '/' and NUL, in UTF-8
# (every plane, unassigned code points, controls, bidirectional marks), or bytes that are
# not UTF-8 at all.
_UTF8_STEMS = st.text(
    alphabet=st.characters(exclude_characters="/\x00", exclude_categories=["Cs"]),
    min_size=1,
    max_size=90,
).map(lambda text: text.encode("utf-8"))
_RAW_STEMS = st.binary(min_size=1, max_size=90).map(
    lambda data: data.replace(b"/", b"_").replace(b"\x00", b"_")
)
STEMS = st.one_of(_UTF8_STEMS, _RAW_STEMS).filter(
    lambda stem: len(stem) + 3 <= NAME_MAX and stem not in (b".", b"..")
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(stem=STEMS, front_matter=st.booleans())
def test_any_file_name_checks_and_builds_or_is_refused_cleanly(
    stem: bytes, front_matter: bool
) -> None:
    with tempfile.TemporaryDirectory(prefix="jobarch-names-") as folder:
        docs = Path(folder) / "docs"
        docs.mkdir()
        path = os.path.join(os.fsencode(docs), stem + b".md")
        body = (b"---\nowner: People\n---\n" if front_matter else b"") + TABLE
        with open(path, "wb") as handle:
            handle.write(body)
        source = os.fsdecode(path)
        out_dir = str(Path(folder) / "out")
        for target in (source, str(docs)):
            for command in (["check"], ["build", "-f", "xlsx", "-f", "docx", "-o", out_dir]):
                code, output = run(*command, target)
                assert code in (0, 1), output
                assert "Traceback" not in output
                assert "internal error" not in output
                # Whatever the name holds, nothing reaches the terminal raw.
                assert "\x1b" not in output
        verified, output = run("verify", out_dir)
        assert verified == (0 if os.path.exists(os.path.join(out_dir, "manifest.json")) else 1)
