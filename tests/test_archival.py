"""Archival PDFs (PDF/A-3b) carry their source and model; qpdf finds every PDF sound."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from exporter.cli import cli
from exporter.handbook import combine
from exporter.parse import parse_file
from exporter.reproducible import build_timestamp
from exporter.theme import Theme
from exporter.writers import ARCHIVAL, SourceFile, WriteOptions
from exporter.writers.pdf import write

from .conftest import CORPUS, SEED

EPOCH = "1700000000"


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_an_archival_pdf_carries_its_source_and_model(theme: Theme, tmp_path: Path) -> None:
    document = parse_file(SEED)
    path = tmp_path / "seed.pdf"
    options = WriteOptions(ARCHIVAL, (SourceFile("cto-director-mlops.md", SEED.read_bytes()),))
    write(document, theme, path, options)
    reader = PdfReader(path)
    attachments = reader.attachments
    assert attachments["cto-director-mlops.md"] == [SEED.read_bytes()]
    model = json.loads(attachments["cto-director-mlops.model.json"][0])
    assert model["title"] == document.title
    assert len(model["comparisons"][0]["dimensions"]) == 10
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    again = tmp_path / "again.pdf"
    write(document, theme, again, options)
    assert again.read_bytes() == path.read_bytes()


QPDF_SOURCES = {
    "seed": SEED,
    "crafters": CORPUS / "10-indrive-crafters-model-principles.md",
    "zh": CORPUS / "06-opensource-guide-pr-roles-zh.md",
}


@pytest.mark.parametrize("variant", ["", ARCHIVAL])
@pytest.mark.parametrize("name", [*QPDF_SOURCES, "handbook"])
def test_qpdf_finds_every_pdf_we_write_sound(
    name: str, variant: str, theme: Theme, tmp_path: Path
) -> None:
    if name == "handbook":
        chapters = [parse_file(path) for path in QPDF_SOURCES.values()]
        document = combine(chapters, "Handbook", "handbook", build_timestamp())
    else:
        document = parse_file(QPDF_SOURCES[name])
    path = tmp_path / f"{name}.pdf"
    write(document, theme, path, WriteOptions(variant))
    checked = qpdf_check(path)
    assert checked.returncode == 0, (checked.stdout, checked.stderr)
    assert "No syntax or stream encoding errors found" in checked.stdout


def test_the_build_option_writes_archival_pdfs_and_keys_them_apart(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(SEED), "-f", "pdf", "-o", str(out)])
    assert first.exit_code == 0
    assert not PdfReader(out / "cto-director-mlops.pdf").attachments
    second = runner.invoke(
        cli, ["build", str(SEED), "-f", "pdf", "-o", str(out), "--pdf-variant", "pdf/a-3b"]
    )
    assert second.exit_code == 0, second.output
    assert second.stdout.strip() == f"wrote {out / 'cto-director-mlops.pdf'}"
    assert "cto-director-mlops.md" in PdfReader(out / "cto-director-mlops.pdf").attachments
    assert runner.invoke(cli, ["verify", str(out)]).exit_code == 0


def archival_build(tree: Path, *extra: str) -> None:
    """Build tree/src into tree/out as archival PDFs."""
    runner = CliRunner()
    args = ["build", str(tree / "src"), "-f", "pdf", "-o", str(tree / "out"), "-j", "1"]
    result = runner.invoke(cli, [*args, "--pdf-variant", ARCHIVAL, *extra])
    assert result.exit_code == 0, result.output


SMALL = "# {title}\n\n| Dimension | Tech Lead | Manager |\n|---|---|---|\n| Focus | {a} | {b} |\n"


def make_tree(root: Path) -> Path:
    """Two small sources, one in a subfolder, under root/src."""
    (root / "src" / "eng").mkdir(parents=True)
    top = SMALL.format(title="Leads", a="Systems", b="People")
    (root / "src" / "cto.md").write_text(top, encoding="utf-8")
    nested = SMALL.format(title="Crafters", a="Code", b="Teams")
    (root / "src" / "eng" / "crafters.md").write_text(nested, encoding="utf-8")
    return root


def test_archival_pdfs_carry_sources_by_relative_name_and_match_across_folders(
    tmp_path: Path,
) -> None:
    """The attachment and the model name a source relative to the sources' root, so the
    same tree built in two places gives the same bytes, and no build path leaks out."""
    first, second = make_tree(tmp_path / "a"), make_tree(tmp_path / "elsewhere" / "b")
    archival_build(first)
    archival_build(second)
    pdfs = sorted(p.relative_to(first / "out") for p in (first / "out").rglob("*.pdf"))
    assert len(pdfs) == 2
    for relative in pdfs:
        data = (first / "out" / relative).read_bytes()
        assert data == (second / "out" / relative).read_bytes(), relative
        assert str(tmp_path).encode() not in data
    nested = PdfReader(first / "out" / "eng" / next(p.name for p in pdfs if p.parent.name))
    attachments = nested.attachments
    source = [name for name in attachments if name.endswith(".md")]
    assert source == ["eng/crafters.md"]
    assert attachments["eng/crafters.md"] == [(first / "src/eng/crafters.md").read_bytes()]
    model_name = next(name for name in attachments if name.endswith(".model.json"))
    assert json.loads(attachments[model_name][0])["source"] == "eng/crafters.md"


def test_an_archival_handbook_carries_every_chapter_source(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    archival_build(tree, "--handbook", "book")
    attachments = PdfReader(tree / "out" / "book.pdf").attachments
    assert attachments["cto.md"] == [(tree / "src/cto.md").read_bytes()]
    assert attachments["eng/crafters.md"] == [(tree / "src/eng/crafters.md").read_bytes()]
    model = json.loads(attachments["book.model.json"][0])
    assert not Path(model["source"]).is_absolute()
    # Up to date chapters still reach a rebuilt handbook: it is parsed from the bytes read.
    (tree / "out" / "book.pdf").unlink()
    archival_build(tree, "--handbook", "book")
    again = PdfReader(tree / "out" / "book.pdf").attachments
    assert again["eng/crafters.md"] == attachments["eng/crafters.md"]


def test_an_archival_handbook_of_two_files_named_alike_carries_both(tmp_path: Path) -> None:
    """Named on the command line from two folders, both are `x.md`: the second is numbered,
    and a one-chapter handbook's model still names the handbook."""
    files = []
    for folder, slug in (("d1", "one"), ("d2", "two")):
        (tmp_path / folder).mkdir()
        text = f"---\nslug: {slug}\n---\n" + SMALL.format(title=slug, a="a", b="b")
        (tmp_path / folder / "x.md").write_text(text, encoding="utf-8")
        files.append(str(tmp_path / folder / "x.md"))
    out = tmp_path / "out"
    args = ["-f", "pdf", "-o", str(out), "-j", "1", "--pdf-variant", ARCHIVAL]
    result = CliRunner().invoke(cli, ["build", *files, *args, "--handbook", "book"])
    assert result.exit_code == 0, result.output
    attachments = PdfReader(out / "book.pdf").attachments
    assert attachments["x.md"] == [(tmp_path / "d1" / "x.md").read_bytes()]
    assert attachments["x (2).md"] == [(tmp_path / "d2" / "x.md").read_bytes()]
    result = CliRunner().invoke(cli, ["build", files[0], *args, "--handbook", "solo"])
    assert result.exit_code == 0, result.output
    model = PdfReader(out / "solo.pdf").attachments["solo.model.json"][0]
    assert json.loads(model)["source"] == "solo"


def test_an_archival_pdf_on_stdout_carries_its_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(SEED), "-f", "pdf", "-o", "-", "--pdf-variant", ARCHIVAL]
    )
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "stdout.pdf"
    path.write_bytes(result.stdout_bytes)
    assert PdfReader(path).attachments[SEED.name] == [SEED.read_bytes()]
