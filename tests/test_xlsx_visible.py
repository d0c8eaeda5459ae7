"""Every cell's whole text is visible when LibreOffice prints the workbook: none is cut off.

The workbooks of a few corpus files are converted to PDF by LibreOffice in one call, in
whatever font it takes for the theme's (Noto Sans where `make test` installs it). A cell
whose row is too short is not missing from that PDF: LibreOffice draws its lines anyway,
inside a clip rectangle that hides those past the cell's edge. So the PDF is read glyph
by glyph with pdfminer.six, whose interpreter is taught here to keep clip rectangles,
and a glyph counts only when it lies inside every clip in force. Glyphs are put back into
their cells by the cell borders LibreOffice draws, and each cell's text must be found
whole in a cell of the PDF.

pdfminer.six rather than pypdf: LibreOffice draws a glyph its first font lacks (an arrow,
an emoji) in a run of its own after the rest of the line, so only glyph positions, which
pypdf's text runs do not give, put the line back in order.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTLine
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import Matrix, Rect, apply_matrix_pt
from python_calamine import CalamineWorkbook

from exporter.parse import parse_file
from exporter.theme import Theme

from .conftest import CORPUS, SEED
from .office import convert
from .support import write_as

# Prose in paragraphs (an HTML table), Chinese with emoji, a 12-column table whose tallest
# cells need continuation rows, linked headers and repeated labels; and the seed. All but
# 06 and the seed had cells cut off before row heights allowed for fallback fonts.
SOURCES = [
    CORPUS / "06-opensource-guide-pr-roles-zh.md",
    CORPUS / "13-istio-community-roles.md",
    CORPUS / "15-teleport-sre-levels.md",
    CORPUS / "17-cms-ospo-community-roles.md",
    SEED,
]
# The part of a glyph's line that must show, in font sizes below and above the baseline,
# and how far (points) a clip may fall short of it through rounding.
DESCENT, ASCENT, SLACK = 0.22, 0.75, 0.05


@dataclass(frozen=True)
class Glyph:
    """One glyph as drawn: its text, baseline, horizontal extent, and whether it shows."""

    page: int
    text: str
    baseline: float
    left: float
    right: float
    visible: bool


class _Clips:
    """The clip rectangles in force, shared by the interpreter and the glyph recorder."""

    def __init__(self) -> None:
        self.current: list[Rect] = []
        self.saved: list[list[Rect]] = []


class _ClipTracking(PDFPageInterpreter):
    """pdfminer's interpreter, keeping the clip rectangles it otherwise ignores."""

    def __init__(self, manager: PDFResourceManager, device: PDFPageAggregator, clips: _Clips):
        super().__init__(manager, device)
        self.clips = clips

    def init_state(self, ctm: Matrix) -> None:
        super().init_state(ctm)
        self.clips.current, self.clips.saved = [], []

    def do_q(self) -> None:
        super().do_q()
        self.clips.saved.append(list(self.clips.current))

    def do_Q(self) -> None:
        super().do_Q()
        if self.clips.saved:
            self.clips.current = self.clips.saved.pop()

    def do_W(self) -> None:
        # LibreOffice clips to rectangles; their corners bound the path.
        points = [apply_matrix_pt(self.ctm, (s[1], s[2])) for s in self.curpath if len(s) == 3]
        if points:
            xs, ys = [x for x, _ in points], [y for _, y in points]
            self.clips.current.append((min(xs), min(ys), max(xs), max(ys)))

    do_W_a = do_W


class _GlyphRecorder(PDFPageAggregator):
    """Records every glyph drawn, with whether the clips in force let it show."""

    def __init__(self, manager: PDFResourceManager, clips: _Clips) -> None:
        super().__init__(manager)
        self.clips = clips
        self.glyphs: list[Glyph] = []

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        a, _, _, d, left, baseline = matrix
        size = fontsize * abs(d)
        right = left + advance * a
        middle = (left + right) / 2
        low, high = baseline - DESCENT * size, baseline + ASCENT * size
        visible = all(
            y0 - SLACK <= low and high <= y1 + SLACK and x0 - SLACK <= middle <= x1 + SLACK
            for x0, y0, x1, y1 in self.clips.current
        )
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = "\ufffd"
        self.glyphs.append(Glyph(self.pageno, text, baseline, left, right, visible))
        return advance


def _edges(values: list[float]) -> list[float]:
    """Distinct border positions: lines drawn twice, or thicker, a point apart are one."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 1.5:
            edges.append(value)
    return edges


def read_pdf(path: Path) -> tuple[list[str], list[Glyph]]:
    """The visible text of every cell box on every page, and the glyphs that do not show."""
    manager = PDFResourceManager()
    clips = _Clips()
    recorder = _GlyphRecorder(manager, clips)
    interpreter = _ClipTracking(manager, recorder, clips)
    boxes: list[str] = []
    hidden: list[Glyph] = []
    with path.open("rb") as stream:
        for page in PDFPage.get_pages(stream):
            recorder.glyphs = []
            interpreter.process_page(page)
            lines = [item for item in recorder.get_result() if isinstance(item, LTLine)]
            columns = _edges([line.x0 for line in lines if abs(line.x1 - line.x0) < 0.5])
            # A row border spans a whole column; underlines and strikes do not.
            rows = _edges(
                [
                    line.y0
                    for line in lines
                    if abs(line.y1 - line.y0) < 0.5
                    and any(
                        line.x0 <= left + 1 and right - 1 <= line.x1
                        for left, right in pairwise(columns)
                    )
                ]
            )
            cells: dict[tuple[int, int], list[Glyph]] = {}
            for glyph in recorder.glyphs:
                if not glyph.visible:
                    if glyph.text.strip():
                        hidden.append(glyph)
                    continue
                column = bisect_right(columns, (glyph.left + glyph.right) / 2)
                row = bisect_right(rows, glyph.baseline)
                if 0 < column < len(columns) and 0 < row < len(rows):
                    cells.setdefault((column, row), []).append(glyph)
            for glyphs in cells.values():
                ordered = sorted(glyphs, key=lambda glyph: (-glyph.baseline, glyph.left))
                boxes.append(normal("".join(glyph.text for glyph in ordered)))
    return boxes, hidden


def normal(text: str) -> str:
    """Text as compared: NFKC (ligatures split), without white space or invisible characters."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def cell_texts(path: Path) -> Iterator[str]:
    """Every non-empty cell of every sheet, as python-calamine reads the workbook."""
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).to_python():
            yield from (normal(str(value)) for value in row if normal(str(value)))


@pytest.fixture(scope="session")
def office_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile for this test session: each xdist worker has its own."""
    return tmp_path_factory.mktemp("libreoffice-profile")


@pytest.fixture(scope="module")
def printed(
    tmp_path_factory: pytest.TempPathFactory, theme: Theme, office_profile: Path
) -> dict[str, tuple[Path, Path]]:
    """Source name -> (its XLSX, LibreOffice's PDF of it)."""
    folder = tmp_path_factory.mktemp("printed")
    books = {
        source.name: write_as("xlsx", parse_file(source), theme, folder, f"{source.stem}.xlsx")
        for source in SOURCES
    }
    convert(list(books.values()), folder, office_profile)
    return {name: (book, book.with_suffix(".pdf")) for name, book in books.items()}


@pytest.mark.parametrize("source", [source.name for source in SOURCES])
def test_libreoffice_shows_every_cell_whole(
    printed: dict[str, tuple[Path, Path]], source: str
) -> None:
    book, pdf = printed[source]
    boxes, hidden = read_pdf(pdf)
    cut = sorted({(g.page, round(g.baseline)) for g in hidden})
    assert not hidden, f"{len(hidden)} glyphs cut off, on (page, baseline) {cut[:10]}"
    shown = Counter(boxes)
    wanted = Counter(cell_texts(book))
    assert wanted, "no cell text read"
    lost = [text for text, count in wanted.items() if shown[text] < count]
    assert not lost, f"{len(lost)} cell texts not shown whole, e.g. {[t[:60] for t in lost[:5]]}"
