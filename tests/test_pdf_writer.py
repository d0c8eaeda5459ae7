"""The PDF writer, read back with two independent Python readers: pypdf and pdfminer.six."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from pdfminer.high_level import extract_text as pdfminer_extract_text
from pypdf import PageObject, PdfReader
from pypdf.generic import DictionaryObject

from exporter.model import (
    Comparison,
    Dimension,
    Document,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    RichText,
    Role,
    Span,
    TableRef,
)
from exporter.parse import parse_text
from exporter.theme import Theme, load_theme
from exporter.writers.pdf.fetcher import RefusedURL, ThemeFetcher
from exporter.writers.pdf.render import render_pdf
from exporter.writers.pdf.theme_urls import theme_url

from .conftest import CORPUS, parse_corpus
from .support import document_texts, squash, write_as

EPOCH = 1_000_000_000  # 2001-09-09 01:46:40 UTC
LINK = "https://example.com/roles?team=a&level=2"
MM = 72 / 25.4  # points
HEADER_ABOVE_MM = 19.5
FOOTER_BELOW_MM = 16.0
LIST_MARKER = re.compile(r"\d+\.|[\u2022\u25e6\u25aa]")  # 1. and the disc, circle, square


# ---------------------------------------------------------------- building


plain = RichText.plain


write = partial(write_as, "pdf")


def long_table_document(rows: int = 45) -> Document:
    """One two-role table, long enough to run over several pages, with multi-line cells;
    no role profiles (they would name each row again)."""
    prose = "a sentence of prose that wraps over several lines in its narrow column " * 3
    table = Comparison(
        title="Long table",
        corner=plain("Axislabel"),
        roles=(Role(plain("Alpharole")), Role(plain("Betarole"))),
        dimensions=tuple(
            Dimension(
                plain(f"Row{j:03d}"), (plain(f"Cell{j:03d}a {prose}"), plain(f"Cell{j:03d}b"))
            )
            for j in range(rows)
        ),
    )
    return Document(
        path="long.md",
        title="Long handbook",
        lede=plain("A table over many pages."),
        comparisons=(table,),
        blocks=(Heading(2, plain("The table")), TableRef(0)),
        meta=Metadata(profiles=False),
    )


def wide_document(roles: int = 9, profiles: bool = False) -> Document:
    """A comparison with more prose roles than a landscape page holds, between prose."""
    table = Comparison(
        title="Every role",
        corner=plain("Dimension"),
        roles=tuple(
            Role(plain(f"Role{i}"), plain(f"Summary{i} of the role")) for i in range(roles)
        ),
        dimensions=tuple(
            Dimension(
                plain(f"Dimension{j}"),
                tuple(plain(f"Cell{j}x{i} describes the work of the role") for i in range(roles)),
            )
            for j in range(5)
        ),
    )
    return Document(
        path="wide.md",
        title="Wide handbook",
        lede=plain("Nine roles side by side."),
        comparisons=(table,),
        blocks=(Paragraph(plain("Before the table.")), TableRef(0), Paragraph(plain("After."))),
        meta=Metadata(profiles=profiles),
        focus_role="Role4",
    )


def linked_document() -> Document:
    """Prose with links, one of them unsafe (never rendered as a link)."""
    content = RichText(
        (
            Span("See "),
            Span("the levels", href=LINK),
            Span(", write to "),
            Span("HR", href="mailto:hr@example.com"),
            Span(" or ignore "),
            Span("this", href="javascript:alert(1)"),
            Span("."),
        )
    )
    return Document(
        path="links.md",
        title="Links",
        lede=plain("Where to read more."),
        comparisons=(),
        blocks=(Paragraph(content),),
        meta=Metadata(lang="en-GB"),
    )


# ---------------------------------------------------------------- reading back


def reader_of(path: Path) -> PdfReader:
    """pypdf's reading of a PDF file."""
    return PdfReader(io.BytesIO(path.read_bytes()))


def page_texts(path: Path) -> list[str]:
    """pypdf's text of each page."""
    return [page.extract_text() for page in reader_of(path).pages]


def body_text(page: PageObject) -> str:
    """pypdf's text of a page without its running header, footer and list markers.

    The default theme's header sits above 19.5 mm from the top edge and its footer below
    16 mm from the bottom edge; the body lies between (page margins 20 mm and 18 mm).
    WeasyPrint draws list markers after the rest of the page, so they would come between
    the two halves of a text that runs on to the next page.
    """
    height = float(page.mediabox.height)
    parts: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        # The baseline's height above the bottom edge, in points.
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        in_body = FOOTER_BELOW_MM * MM < y < height - HEADER_ABOVE_MM * MM
        if in_body and not LIST_MARKER.fullmatch(text.strip()):
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts)


def body_texts(path: Path) -> list[str]:
    """The body text of each page: text running on to the next page stays contiguous."""
    return [body_text(page) for page in reader_of(path).pages]


def pdfminer_text(path: Path) -> str:
    """pdfminer.six's text of the whole file: a second reader, with its own font decoding."""
    text: str = pdfminer_extract_text(str(path))
    return text


def compact(text: str) -> str:
    """Text with all white space removed: PDF line breaks fall anywhere, even inside words.

    Invisible format characters (zero-width spaces, joiners: category Cf) draw no glyph,
    so a PDF's text layer cannot carry them; they are left out on both sides.
    """
    visible = "".join(c for c in squash(text) if unicodedata.category(c) != "Cf")
    return "".join(visible.split())


def missing_texts(document: Document, text: str) -> list[str]:
    """The document's texts that the extracted text does not hold."""
    found = compact(text)
    return [t for t in document_texts(document) if compact(t) not in found]


def outline_titles(outline: list[Any]) -> Iterator[tuple[int, str]]:
    """(depth, title) of every bookmark, depth-first."""

    def walk(items: list[Any], depth: int) -> Iterator[tuple[int, str]]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, str(item.title)

    return walk(outline, 0)


def dictionary(value: Any) -> DictionaryObject:
    """A PDF dictionary, through any indirect reference."""
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def catalog(reader: PdfReader) -> DictionaryObject:
    """The document catalog (/Root)."""
    return dictionary(reader.trailer["/Root"])


def fonts_of(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every font dictionary the pages use (descendant fonts of Type0 fonts included)."""
    for page in reader.pages:
        fonts = dictionary(page["/Resources"]).get("/Font")
        for font in dictionary(fonts).values() if fonts is not None else []:
            font = dictionary(font)
            yield font
            for descendant in font.get("/DescendantFonts", []):
                yield dictionary(descendant)


# ---------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_pdf(
    seed_document: Document, theme: Theme, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The seed as PDF, built once under a fixed SOURCE_DATE_EPOCH."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        return write(seed_document, theme, tmp_path_factory.mktemp("seed"))


def test_seed_text_is_all_there(seed_document: Document, seed_pdf: Path) -> None:
    """Title, lede, role summaries, every cell: in pypdf's and in pdfminer.six's reading."""
    assert missing_texts(seed_document, "".join(body_texts(seed_pdf))) == []
    assert missing_texts(seed_document, pdfminer_text(seed_pdf)) == []


def test_seed_metadata(seed_document: Document, seed_pdf: Path, theme: Theme) -> None:
    """Title, author (the organisation), subject (the lede), language and dates."""
    reader = reader_of(seed_pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == seed_document.title
    assert info.author == theme.organisation
    assert info.subject == seed_document.lede.text
    assert str(info["/CreationDate"]) == str(info["/ModDate"]) == "D:20010909014640Z"
    assert str(catalog(reader)["/Lang"]) == seed_document.meta.lang


def test_seed_fonts_are_embedded(seed_pdf: Path) -> None:
    """Every font carries its font file; the theme's Source Sans 3 is among them."""
    reader = reader_of(seed_pdf)
    names = set()
    for font in fonts_of(reader):
        names.add(str(font.get("/BaseFont")))
        if "/FontDescriptor" in font:
            descriptor = dictionary(font["/FontDescriptor"])
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font
    assert any("Source-Sans-3" in name for name in names), names


def test_seed_pages_are_portrait_with_running_furniture(seed_pdf: Path, theme: Theme) -> None:
    """Portrait A4 pages; page X of Y on each; organisation and title atop later pages."""
    reader = reader_of(seed_pdf)
    texts = page_texts(seed_pdf)
    total = len(texts)
    for number, (page, text) in enumerate(zip(reader.pages, texts, strict=True), start=1):
        assert float(page.mediabox.width) < float(page.mediabox.height)
        assert f"Page {number} of {total}" in text
        if number > 1:
            assert theme.organisation.upper() in text
            assert "3-way comparison" in text


def test_running_header_and_footer_use_the_theme_font(seed_pdf: Path, theme: Theme) -> None:
    """Page margin boxes resolve the theme's var(--font-*) (WeasyPrint supports var() there)."""
    fonts: dict[str, str] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip() and font is not None:
            fonts[text.strip()] = str(font.get("/BaseFont"))

    reader = reader_of(seed_pdf)
    reader.pages[1].extract_text(visitor_text=visit)
    for furniture in (theme.organisation.upper(), f"Page 2 of {len(reader.pages)}"):
        assert "Source-Sans-3" in fonts[furniture]


def test_seed_bookmarks(seed_document: Document, seed_pdf: Path) -> None:
    """The title is the first bookmark."""
    titles = list(outline_titles(reader_of(seed_pdf).outline))
    assert titles[0] == (0, seed_document.title)


def test_seed_reads_only_theme_files(seed_document: Document, theme: Theme) -> None:
    """Rendering asks for the stylesheet, the logo and fonts, all inside the theme folder."""
    fetcher = ThemeFetcher(theme.root)
    render_pdf(seed_document, theme, fetcher)
    assert fetcher.refused == []
    paths = [fetcher.resolve(url) for url in fetcher.requested]
    assert all(path.is_relative_to(theme.root) for path in paths)
    assert set(theme.stylesheets) <= set(paths)
    assert theme.logo.file in paths
    assert any(path.suffix == ".ttf" for path in paths)


def test_identical_input_gives_identical_bytes(
    seed_document: Document, theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under SOURCE_DATE_EPOCH two renderings match byte for byte (no /ID, fixed dates)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first, _ = render_pdf(seed_document, theme)
    second, _ = render_pdf(seed_document, theme)
    assert first == second
    assert b"/ID" not in first


def test_the_same_bytes_wherever_the_theme_is_installed(
    seed_document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of the theme in different folders give the same PDF: no path in it, not
    even of an image the stylesheet names relative to itself."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    pdfs = []
    for folder in (tmp_path / "a", tmp_path / "somewhere" / "else" / "entirely"):
        shutil.copytree(load_theme("default").root, folder)
        with (folder / "handbook.css").open("a", encoding="utf-8") as css:
            css.write("\n.lede { background: url(logo.png) no-repeat; }\n")
        pdf, _ = render_pdf(seed_document, load_theme(str(folder)))
        pdfs.append(pdf)
    assert pdfs[0] == pdfs[1]
    assert str(tmp_path).encode() not in pdfs[0]


# ---------------------------------------------------------------- tables


def test_header_repeats_and_rows_never_split(theme: Theme, tmp_path: Path) -> None:
    """A table over several pages shows its header on each; a row stays on one page."""
    document = long_table_document()
    texts = body_texts(write(document, theme, tmp_path))
    assert len(texts) >= 3
    table_pages = [text for text in texts if "Row0" in text]
    assert len(table_pages) >= 3
    for text in table_pages:
        assert "Axislabel" in text
        assert "Alpharole" in text
        assert "Betarole" in text
    for j in range(45):
        pages = [n for n, text in enumerate(texts) if f"Row{j:03d}" in text]
        assert len(pages) == 1
        page = texts[pages[0]]
        assert f"Cell{j:03d}a" in page
        assert f"Cell{j:03d}b" in page
        assert "sentence of prose that wraps" in page.split(f"Cell{j:03d}a", 1)[1]
    assert missing_texts(document, "".join(texts)) == []


def test_wide_comparison_becomes_landscape_column_groups(theme: Theme, tmp_path: Path) -> None:
    """Nine roles: landscape pages, three tables each repeating the dimension column."""
    document = wide_document()
    path = write(document, theme, tmp_path)
    reader = reader_of(path)
    texts = body_texts(path)
    text = "".join(texts)
    assert missing_texts(document, text) == []
    for caption in ("Roles 1\u20133 of 9", "Roles 4\u20136 of 9", "Roles 7\u20139 of 9"):
        assert caption.casefold() in text.casefold()  # the stylesheet sets captions in capitals
    for j in range(5):
        assert text.count(f"Dimension{j}") == 3
    for page, page_text in zip(reader.pages, texts, strict=True):
        landscape = float(page.mediabox.width) > float(page.mediabox.height)
        assert landscape == ("Cell" in page_text or "Summary" in page_text)


def test_a_line_broken_at_a_soft_hyphen_keeps_every_font_readable(theme: Theme) -> None:
    """WeasyPrint ends such a line in U+2010, which the theme's fonts lack: a missing glyph
    garbles all the text its font sets, so the line must end in a hyphen the font has."""
    # Long enough for the title, set in the bold heading face, to break at a soft hyphen.
    word = "\u00ad".join(["Platform", "engineering", "leadership"] * 4)
    source = f"# {word}\n\n| Dimension | Role A | Role B |\n|---|---|---|\n| Scope | x | y |\n"
    pdf, warnings = render_pdf(parse_text(source).document, theme)
    assert not [w for w in warnings if "U+2010" in w.message]
    text = squash(pdfminer_extract_text(io.BytesIO(pdf)))
    for expected in ("Contents", "Dimension", "Role A", "Role B", "Scope", "Platform"):
        assert expected in text


def test_a_huge_word_is_printed_whole_under_a_repeated_header(theme: Theme, tmp_path: Path) -> None:
    """A cell holding one 6,000-character word wraps over pages; nothing is clipped."""
    word = "ab" * 3000
    table = Comparison(
        title="Huge",
        corner=plain("Axis"),  # no "ab" in any label: the test counts them
        roles=(Role(plain("Alpharole")), Role(plain("Betarole"))),
        dimensions=(Dimension(plain("Row"), (plain(word), plain("short"))),),
    )
    tables_only = Metadata(profiles=False)  # a profile would print the word again
    document = Document("w.md", "Word", plain(""), (table,), (TableRef(0),), tables_only)
    texts = body_texts(write(document, theme, tmp_path))
    assert compact("".join(texts)).count("ab") == 3000
    assert all("Alpharole" in text for text in texts if "abab" in text)


def test_prose_running_over_pages_is_whole(theme: Theme, tmp_path: Path) -> None:
    """A paragraph longer than a page, after a list, reads back whole across pages."""
    words = " ".join(f"word{n}" for n in range(1500))
    steps = tuple((Paragraph(plain(f"Step {n}")),) for n in range(3))
    document = Document(
        path="prose.md",
        title="Prose",
        lede=plain("Long prose."),
        comparisons=(),
        blocks=(ListBlock(True, 1, steps), Paragraph(plain(words))),
    )
    texts = body_texts(write(document, theme, tmp_path))
    assert len(texts) >= 2
    assert missing_texts(document, "".join(texts)) == []


def test_links_are_clickable_only_for_safe_targets(theme: Theme, tmp_path: Path) -> None:
    """http(s) and mailto spans become link annotations; a javascript: href does not."""
    reader = reader_of(write(linked_document(), theme, tmp_path))
    actions = [
        dictionary(dictionary(annotation)["/A"])
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in dictionary(annotation)
    ]
    uris = [str(action["/URI"]) for action in actions]
    assert sorted(uris) == sorted([LINK, "mailto:hr@example.com"])
    assert str(catalog(reader)["/Lang"]) == "en-GB"


# ---------------------------------------------------------------- the corpus


def test_corpus_texts_reach_the_pdf(
    corpus_document: Document, theme: Theme, tmp_path: Path
) -> None:
    """Each real-world document: every text in the PDF, its headings as bookmarks."""
    document = corpus_document
    out = write(document, theme, tmp_path)
    assert missing_texts(document, "".join(body_texts(out))) == []
    titles = [title for _, title in outline_titles(reader_of(out).outline)]
    assert titles[0] == document.title
    headings = [squash(b.content.text) for b in document.blocks if isinstance(b, Heading)]
    assert [h for h in headings if h not in {squash(t) for t in titles}] == []


def test_corpus_bookmarks_nest_under_the_title(theme: Theme, tmp_path: Path) -> None:
    """The career guide: its level-2 headings are children of the title bookmark."""
    path = CORPUS / "02-career-leveling-guide.md"
    document = parse_corpus(path)
    assert isinstance(document, Document)
    titles = list(outline_titles(reader_of(write(document, theme, tmp_path)).outline))
    assert titles[0] == (0, document.title)
    assert (1, "Principal Engineer") in titles
    assert (2, "Readiness check") in titles


# ---------------------------------------------------------------- the fetcher


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A theme folder with one file inside, a secret outside, and links pointing out."""
    theme_dir = tmp_path / "theme"
    (theme_dir / "fonts").mkdir(parents=True)
    (theme_dir / "fonts" / "inside.css").write_text("p { color: red }")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("secret")
    (theme_dir / "link.css").symlink_to(tmp_path / "secret.txt")
    (theme_dir / "linked-dir").symlink_to(tmp_path / "outside")
    (theme_dir / "inner-link.css").symlink_to(theme_dir / "fonts" / "inside.css")
    return theme_dir


def test_fetcher_serves_files_inside_the_theme(sandbox: Path) -> None:
    """A file in the theme (also through a link that stays inside) is served."""
    fetcher = ThemeFetcher(sandbox)
    for name in ("fonts/inside.css", "inner-link.css"):
        for url in ((sandbox / name).as_uri(), theme_url([sandbox], sandbox / name)):
            response = fetcher.fetch(url)
            assert response.read() == b"p { color: red }"
            response.close()
    assert theme_url([sandbox], sandbox / "fonts/inside.css").startswith("file:///jobarch-theme/0/")
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/font.woff2",
        "data:text/css,p%7Bcolor:red%7D",
        "ftp://example.com/x",
        "file://otherhost/etc/passwd",
        "{theme}/../secret.txt",
        "{theme}/fonts/../../secret.txt",
        "{theme}/%2E%2E/secret.txt",
        "{theme}/link.css",
        "{theme}/linked-dir/secret.txt",
        "{theme}/fonts",
        "{theme}/no-such-file.css",
        "{chain}/../../secret.txt",
        "{chain}/%2E%2E/%2E%2E/secret.txt",
        "{chain}/link.css",
        "{chain}/fonts",
        "file:///jobarch-theme/1/fonts/inside.css",
        "file:///jobarch-theme/x/fonts/inside.css",
        "file:///jobarch-theme",
    ],
)
def test_fetcher_refuses_everything_else(sandbox: Path, url: str) -> None:
    """Other schemes, other hosts, .. and symlink escapes, folders, missing files, folders
    the chain does not have: refused, by real path and by chain URL alike."""
    fetcher = ThemeFetcher(sandbox)
    url = url.format(theme=sandbox.as_uri(), chain=theme_url([sandbox], sandbox))
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_a_theme_cannot_make_weasyprint_read_elsewhere(
    seed_document: Document, tmp_path: Path
) -> None:
    """A stylesheet naming outside files and web URLs renders, and none of them is read."""
    theme_dir = tmp_path / "theme"
    shutil.copytree(load_theme("default").root, theme_dir)
    (tmp_path / "outside.png").write_bytes((theme_dir / "logo.png").read_bytes())
    with (theme_dir / "handbook.css").open("a", encoding="utf-8") as css:
        css.write(
            "\nbody { background: url(../outside.png) }"
            "\nh1 { background: url(file:///etc/passwd) }"
            "\n.lede { background: url(http://example.com/x.png) }\n"
        )
    theme = load_theme(str(theme_dir))
    fetcher = ThemeFetcher(theme.root)
    pdf, _ = render_pdf(seed_document, theme, fetcher)
    assert pdf.startswith(b"%PDF-")
    # The stylesheet is read under its chain URL, so `..` climbs out of the chain.
    assert sorted(fetcher.refused) == sorted(
        ["file:///jobarch-theme/outside.png", "file:///etc/passwd", "http://example.com/x.png"]
    )


def test_a_character_no_font_has_prints_its_code_point_and_keeps_the_text_layer(
    theme: Theme,
) -> None:
    # U+F9550 (private use) is in no font; WeasyPrint would emit .notdef and encode the
    # font so that pypdf misreads every other character set in it.
    text = "| D | Role one |\n|---|---|\n| Scope | before \U000f9550 after |\n"
    document = parse_text(text, "glyph.md").document
    pdf, warnings = render_pdf(document, theme)
    extracted = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "before [U+F9550] after" in squash(extracted)
    assert "Role one" in extracted
    assert [str(warning) for warning in warnings] == [
        "glyph.md:3:1: warning: no installed font can show U+F9550; the PDF prints its code point"
    ]


# ---------------------------------------------------------------- page breaks


def rows_by_page(path: Path, labels: list[str]) -> list[list[str]]:
    """The table's row labels found on each page that holds any."""
    pages = [page.extract_text() for page in reader_of(path).pages]
    found = [[label for label in labels if label in text] for text in pages]
    return [labels_on_page for labels_on_page in found if labels_on_page]


# (rows, paragraphs before the table): without the break rules, these lengths of prose left
# one row of the table alone: at the foot of a page (4, 18), on its first page (29, 7), on
# its last page (29, 8).
@pytest.mark.parametrize(("rows", "paragraphs"), [(4, 18), (29, 7), (29, 8)])
def test_no_table_row_is_left_alone_at_a_page_foot_or_head(
    rows: int, paragraphs: int, theme: Theme, tmp_path: Path
) -> None:
    """A short table moves whole (its heading with it); a long one keeps at least two rows
    on its first page and on its last."""
    labels = [f"Row{index:02d}" for index in range(rows)]
    body = "".join(f"| {label} | {'text ' * 30} | {'more ' * 20} |\n" for label in labels)
    prose = "\n\n".join(f"Paragraph {i} " + "lorem ipsum dolor " * 20 for i in range(paragraphs))
    table = f"## The table\n\n| Dimension | A | B |\n|---|---|---|\n{body}"
    # No profiles: they would name the rows again, and their contents move the table.
    source = f"---\nprofiles: false\n---\n# T\n\n{prose}\n\n{table}"
    document = parse_text(source, "breaks.md").document
    path = write(document, theme, tmp_path)
    pages = rows_by_page(path, labels)
    assert [label for page in pages for label in page] == labels
    if rows <= 5:
        assert len(pages) == 1, pages
    else:
        assert len(pages[0]) >= 2, pages
        assert len(pages[-1]) >= 2, pages
    texts = page_texts(path)
    heading = next(n for n, text in enumerate(texts) if "The table" in text.split("\n"))
    assert labels[0] in texts[heading]


def test_a_character_no_font_has_costs_no_second_layout(
    theme: Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fontconfig is asked before laying out, so a large document is laid out once."""
    from exporter.writers.pdf import render

    layouts: list[object] = []
    real = render._render

    def counted(*args: Any) -> Any:
        layouts.append(args)
        return real(*args)

    monkeypatch.setattr(render, "_render", counted)
    text = "| D | A |\n|---|---|\n| Scope | \U000f9550 and \u4e2d\u6587 |\n"
    _, warnings = render_pdf(parse_text(text, "once.md").document, theme)
    assert len(layouts) == 1
    assert [warning.message for warning in warnings] == [
        "no installed font can show U+F9550; the PDF prints its code point"
    ]
