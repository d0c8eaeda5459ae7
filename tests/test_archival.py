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
from exporter.writers import ARCHIVAL, WriteOptions
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
    write(document, theme, path, WriteOptions(ARCHIVAL))
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
    write(document, theme, again, WriteOptions(ARCHIVAL))
    assert again.read_bytes() == path.read_bytes()


def test_qpdf_finds_every_pdf_we_write_sound(theme: Theme, tmp_path: Path) -> None:
    documents = [
        parse_file(SEED),
        parse_file(CORPUS / "10-indrive-crafters-model-principles.md"),
        parse_file(CORPUS / "06-opensource-guide-pr-roles-zh.md"),
    ]
    documents.append(combine(documents, "Handbook", "handbook", build_timestamp()))
    for number, document in enumerate(documents):
        for options in (WriteOptions(), WriteOptions(ARCHIVAL)):
            path = tmp_path / f"{number}-{options.pdf_variant.replace('/', '') or 'ua'}.pdf"
            write(document, theme, path, options)
            checked = qpdf_check(path)
            assert checked.returncode == 0, (path.name, checked.stdout, checked.stderr)
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
