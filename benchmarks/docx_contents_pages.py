"""How well the DOCX contents' page numbers match a real layout: LibreOffice's.

jobarch writes the result of the DOCX's contents field itself, with page numbers it
estimates (exporter/writers/docx/pages.py). This builds the seed and the corpus as DOCX,
has LibreOffice (soffice, with Writer) lay each one out as PDF, and compares every contents
entry's page number with the page of its heading in LibreOffice's bookmarks. It fails when
an entry is more than one page off. Run from the repository root:
`.venv/bin/python benchmarks/docx_contents_pages.py`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pypdf import PdfReader

from exporter.parse import parse_file
from exporter.theme import load_theme
from exporter.writers import get_writer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "source" / "cto-director-mlops.md",
    *(
        path
        for path in sorted((ROOT / "tests" / "fixtures" / "corpus").glob("[0-9]*.md"))
        if not path.name.startswith("16-")  # refused by jobarch on purpose
    ),
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def written_entries(path: Path) -> list[tuple[str, int]]:
    """(text, page number) of each entry of the contents field's written result."""
    with zipfile.ZipFile(path) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    entries = []
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        link = paragraph.find(f"{W}hyperlink")
        if style is None or style.get(f"{W}val") not in ("TOC1", "TOC2") or link is None:
            continue
        texts = [node.text or "" for node in link.iter(f"{W}t")]
        entries.append(("".join(texts[:-1]), int(texts[-1])))
    return entries


def laid_out(pdf: Path) -> list[tuple[str, int]]:
    """(title, page from 1) of each bookmark LibreOffice wrote, depth-first."""
    reader = PdfReader(pdf)
    found: list[tuple[str, int]] = []

    def visit(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                visit(item)
            else:
                found.append((str(item.title), (reader.get_destination_page_number(item) or 0) + 1))

    visit(reader.outline)
    return found


def main() -> int:
    theme = load_theme("default")
    total = off = worst = 0
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        paths = []
        for source in SOURCES:
            path = out / f"{source.stem}.docx"
            get_writer("docx").write(parse_file(source), theme, path)
            paths.append(path)
        profile = f"-env:UserInstallation={(out / 'lo-profile').as_uri()}"
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", folder, *paths],
            check=True,
            capture_output=True,
        )
        for path in paths:
            marks = laid_out(path.with_suffix(".pdf"))
            wrong = []
            for text, page in written_entries(path):
                at = next(n for n, (title, _) in enumerate(marks) if title.split() == text.split())
                actual = marks.pop(at)[1]
                total += 1
                if actual != page:
                    wrong.append(f"{text[:30]!r} {page} (LibreOffice {actual})")
                    worst = max(worst, abs(actual - page))
            off += len(wrong)
            print(f"{path.stem[:40]:40} {len(wrong):3} off: {'; '.join(wrong)[:200]}")
    print(f"{total - off} of {total} entries on LibreOffice's page; at most {worst} page(s) off")
    return 1 if worst > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
