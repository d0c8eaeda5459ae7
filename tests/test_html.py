"""The handbook HTML, read back with the standard library's HTML parser."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.model import (
    CodeBlock,
    Comparison,
    Dimension,
    Document,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Quote,
    RichText,
    Role,
    Rule,
    Span,
    TableRef,
)
from exporter.presentation import TablePlan, present
from exporter.presentation.page import pages
from exporter.presentation.tables import plan_table as plan_for_pages
from exporter.theme import Theme
from exporter.writers.pdf.brand import theme_stylesheet
from exporter.writers.pdf.html import render_html as render_presentation
from exporter.writers.pdf.inline_html import (
    RUNNING_CHARS,
    WBR_EVERY,
    inline_pieces,
    running_text,
)
from exporter.writers.pdf.theme_urls import theme_url

from .conftest import CORPUS, parse_corpus

SAFE_LINK = "https://example.com/roles?team=a&level=2"
QUOTE_LINK = 'https://example.com/x"onmouseover="alert(1)'
SCRIPT = "<script>alert('x')</script>"
# Every element the body may hold: the page furniture plus what spans turn into.
ALLOWED_BODY_TAGS = {
    "header", "nav", "main", "section", "article", "div", "img", "p", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
    "strong", "em", "code", "s", "a", "span", "br", "wbr",
}  # fmt: skip


# ---------------------------------------------------------------- reading back


def render_html(document: Document, theme: Theme) -> str:
    """The handbook HTML, through the presentation every writer uses."""
    return render_presentation(present(document, theme))


def plan_table(comparison: Comparison, theme: Theme) -> TablePlan:
    """How a comparison is printed on the theme's pages."""
    return plan_for_pages(comparison, theme, *pages(theme))


@dataclasses.dataclass
class Element:
    """One start tag as the parser saw it."""

    tag: str
    attrs: dict[str, str | None]


class Reader(HTMLParser):
    """Collects elements and the text inside <main>, with <br> read as a newline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.main_text: list[str] = []
        self.head_text: dict[str, str] = {}
        self._in_main = False
        self._current = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))
        self._current = tag
        if tag == "main":
            self._in_main = True
        elif tag == "br" and self._in_main:
            self.main_text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._current = ""
        if tag == "main":
            self._in_main = False

    def handle_data(self, data: str) -> None:
        if self._in_main:
            self.main_text.append(data)
        elif self._current in ("title", "style"):
            self.head_text[self._current] = self.head_text.get(self._current, "") + data

    def tags(self, name: str) -> list[Element]:
        """Every element with this tag name."""
        return [element for element in self.elements if element.tag == name]


def read(html: str) -> Reader:
    """Parse rendered HTML."""
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader


def body_tags(reader: Reader) -> set[str]:
    """The tag names after <body>."""
    names = [element.tag for element in reader.elements]
    return set(names[names.index("body") + 1 :])


# ---------------------------------------------------------------- building


def plain(text: str) -> RichText:
    """Unstyled rich text."""
    return RichText.plain(text)


def comparison(roles: int, words: int = 12, title: str = "Matrix") -> Comparison:
    """A comparison with `roles` roles whose cells hold `words` words of prose each."""
    return Comparison(
        title=title,
        corner=plain("Dimension"),
        roles=tuple(Role(plain(f"Role {i}"), plain(f"Summary {i}")) for i in range(roles)),
        dimensions=tuple(
            Dimension(
                plain(f"Dimension {j}"),
                tuple(plain(" ".join(["responsibility"] * words)) for _ in range(roles)),
            )
            for j in range(4)
        ),
    )


def document_with(
    blocks: tuple[object, ...] = (),
    comparisons: tuple[Comparison, ...] = (),
    **changes: object,
) -> Document:
    """A small document; keyword arguments replace its fields."""
    document = Document(
        path="t.md",
        title="Handbook",
        lede=plain("The lede sentence."),
        comparisons=comparisons,
        blocks=blocks,  # type: ignore[arg-type]
        meta=Metadata(lang="en-GB"),
    )
    return dataclasses.replace(document, **changes)  # type: ignore[arg-type]


def hostile_document() -> Document:
    """Source text that looks like markup, and spans with and without links."""
    cells = (
        RichText((Span(SCRIPT),)),
        RichText(
            (
                Span("see "),
                Span("the page", href=SAFE_LINK),
                Span(" or "),
                Span("https://not-a-link.example"),
                Span(" or "),
                Span("bad", href="javascript:alert(1)"),
                Span(" or "),
                Span("quoted", href=QUOTE_LINK),
            )
        ),
    )
    table = Comparison(
        title="Safety",
        corner=plain("<b>Label</b>"),
        roles=(Role(plain("<img src=x onerror=alert(1)>")), Role(plain("Plain"))),
        dimensions=(Dimension(plain("<iframe>"), cells),),
    )
    return document_with(
        blocks=(
            Heading(2, plain("<h1>not a heading</h1>")),
            Paragraph(RichText((Span("<a href='http://evil.example'>x</a>"),))),
            CodeBlock("</pre><script>bad()</script>"),
            TableRef(0),
        ),
        comparisons=(table,),
        title="<title>Injected</title>",
        lede=plain('"><script>x()</script>'),
    )


# ---------------------------------------------------------------- safety


def test_source_markup_stays_text(theme: Theme) -> None:
    """Markup in any source text is escaped: no <script>, <img>, <iframe> or <b> appears."""
    html = render_html(hostile_document(), theme)
    reader = read(html)
    assert reader.tags("script") == []
    assert reader.tags("iframe") == []
    assert reader.tags("b") == []
    assert [element.attrs.get("src") for element in reader.tags("img")] == [
        theme_url(theme.folders, theme.logo.file)
    ]
    text = "".join(reader.main_text)
    for shown in (SCRIPT, "<iframe>", "<b>Label</b>", "<img src=x onerror=alert(1)>"):
        assert shown in text
    assert "&lt;script&gt;" in html
    assert reader.head_text["title"] == "<title>Injected</title>"
    assert body_tags(reader) <= ALLOWED_BODY_TAGS


def test_links_come_only_from_safe_span_hrefs(theme: Theme) -> None:
    """Links out are exactly the spans with an http(s)/mailto href, hrefs intact (in the
    table, then in the role's profile); every other link is the contents' to an id here."""
    reader = read(render_html(hostile_document(), theme))
    hrefs = [element.attrs.get("href") or "" for element in reader.tags("a")]
    assert [href for href in hrefs if not href.startswith("#")] == [SAFE_LINK, QUOTE_LINK] * 2
    ids = {element.attrs.get("id") for element in reader.elements}
    assert all(href[1:] in ids for href in hrefs if href.startswith("#"))
    assert all("onmouseover" not in element.attrs for element in reader.tags("a"))


def test_theme_text_stays_text_in_the_html_and_the_generated_stylesheet(theme: Theme) -> None:
    """Font names from the theme are CSS-escaped strings in the generated stylesheet (which
    WeasyPrint gets on its own, not inside the HTML); the organisation is escaped HTML."""
    evil = "Evil</style><script>alert(1)</script>"
    fonts = dataclasses.replace(theme.fonts, body=evil)
    organisation = "<script>org()</script>"
    hostile = dataclasses.replace(theme, fonts=fonts, organisation=organisation)
    reader = read(render_html(document_with(), hostile))
    assert reader.tags("script") == []
    assert reader.tags("style") == []
    css = theme_stylesheet(present(document_with(), hostile))
    assert "</style>" not in css
    assert '"Evil\\3C /style\\3E \\3C script\\3E alert(1)\\3C /script\\3E "' in css
    authors = [e.attrs["content"] for e in reader.tags("meta") if e.attrs.get("name") == "author"]
    assert authors == [organisation]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
        | st.sampled_from("\n\t<>&\"'"),
        min_size=1,
        max_size=120,
    )
)
def test_any_text_round_trips_through_the_html(theme: Theme, text: str) -> None:
    """Whatever a paragraph says, the parsed HTML says exactly that (<br> for newlines)."""
    reader = read(render_html(document_with(blocks=(Paragraph(plain(text)),)), theme))
    assert "".join(reader.main_text).strip("\n") == text.strip("\n")
    assert body_tags(reader) <= ALLOWED_BODY_TAGS


# ---------------------------------------------------------------- content


def test_spans_become_semantic_inline_elements(theme: Theme) -> None:
    """bold/italic/code/strike/link become strong/em/code/s/a; a newline becomes <br>."""
    content = RichText(
        (
            Span("B", bold=True),
            Span("I", italic=True),
            Span("C", code=True),
            Span("S", strike=True),
            Span("L", href="mailto:hr@example.com"),
            Span("first\nsecond"),
        )
    )
    html = render_html(document_with(blocks=(Paragraph(content),)), theme)
    assert "<p><strong>B</strong><em>I</em><code>C</code><s>S</s>" in html
    assert '<a href="mailto:hr@example.com">L</a>first<br>second</p>' in html


def test_every_block_kind_renders(theme: Theme) -> None:
    """Headings sit below the single <h1>; lists keep their start; code stays verbatim."""
    blocks = (
        Heading(1, plain("Section")),
        Heading(3, plain("Deep")),
        ListBlock(True, 3, ((Paragraph(plain("three")),), (Paragraph(plain("four")),))),
        ListBlock(False, 1, ((Paragraph(plain("a")), Quote((Paragraph(plain("q")),))),)),
        CodeBlock("  indented\n<tag>"),
        Rule(),
    )
    html = render_html(document_with(blocks=blocks), theme)
    reader = read(html)
    assert [e.tag for e in reader.elements if e.tag in ("h1", "h2", "h4")] == ["h1", "h2", "h4"]
    assert [e.attrs.get("start") for e in reader.tags("ol")] == ["3"]
    assert "<pre>  indented\n&lt;tag&gt;</pre>" in html
    assert len(reader.tags("blockquote")) == len(reader.tags("hr")) == 1


def test_metadata_in_the_head(theme: Theme) -> None:
    """Title, author (the organisation), description (the lede) and language."""
    reader = read(render_html(document_with(), theme))
    metas = {e.attrs.get("name"): e.attrs.get("content") for e in reader.tags("meta")}
    assert reader.head_text["title"] == "Handbook"
    assert metas["author"] == theme.organisation
    assert metas["description"] == "The lede sentence."
    assert reader.tags("html")[0].attrs["lang"] == "en-GB"


def test_build_timestamp_dates_the_html(theme: Theme, monkeypatch: pytest.MonkeyPatch) -> None:
    """Creation and modification dates come from SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    reader = read(render_html(document_with(), theme))
    metas = {e.attrs.get("name"): e.attrs.get("content") for e in reader.tags("meta")}
    assert metas["dcterms.created"] == metas["dcterms.modified"] == "2001-09-09T01:46:40Z"


def test_focus_role_column_and_cards(seed_document: Document, theme: Theme) -> None:
    """The focus role's header, cells, card and profile carry the accent class; cards show
    summaries."""
    reader = read(render_html(seed_document, theme))
    focus = [e for e in reader.elements if "focus" in (e.attrs.get("class") or "").split()]
    rows = len(seed_document.comparisons[0].dimensions)
    assert [e.tag for e in focus] == ["div", "th"] + ["td"] * rows + ["article"]
    cards = [e for e in reader.tags("div") if "role-card" in (e.attrs.get("class") or "")]
    assert len(cards) == len(seed_document.comparisons[0].roles)


def test_no_cards_without_summaries(theme: Theme) -> None:
    """Roles with no summary get no cards: their titles already head the table."""
    bare = dataclasses.replace(comparison(2), roles=(Role(plain("Role 0")), Role(plain("Role 1"))))
    html = render_html(document_with(blocks=(TableRef(0),), comparisons=(bare,)), theme)
    assert "role-card" not in html


def test_unplaced_comparisons_are_still_printed(theme: Theme) -> None:
    """A comparison no TableRef places is printed after the prose, not dropped."""
    html = render_html(document_with(comparisons=(comparison(2, title="Orphan"),)), theme)
    assert "Orphan" in html
    assert len(read(html).tags("table")) == 1


# ---------------------------------------------------------------- layout


def test_seed_table_is_portrait_with_a_narrower_dimension_column(
    seed_document: Document, theme: Theme
) -> None:
    """Three prose roles fit a portrait page; widths are proportional and sum to 100%."""
    plan = plan_table(seed_document.comparisons[0], theme)
    assert not plan.landscape
    (group,) = plan.groups
    assert group.columns == (0, 1, 2)
    assert group.widths[0] < min(group.widths[1:])
    assert sum(group.widths) == pytest.approx(100, abs=0.05)
    assert group.caption == ""


def test_many_roles_become_column_groups(theme: Theme) -> None:
    """Nine prose roles: landscape, three tables of three, each repeating the dimensions."""
    wide = comparison(9)
    plan = plan_table(wide, theme)
    assert plan.landscape
    assert [group.columns for group in plan.groups] == [(0, 1, 2), (3, 4, 5), (6, 7, 8)]
    assert [group.caption for group in plan.groups] == [
        "Roles 1\u20133 of 9",
        "Roles 4\u20136 of 9",
        "Roles 7\u20139 of 9",
    ]
    # Without profiles, which would name each dimension again.
    tables_only = document_with(
        blocks=(TableRef(0),), comparisons=(wide,), meta=Metadata(profiles=False)
    )
    reader = read(render_html(tables_only, theme))
    assert len(reader.tags("table")) == 3
    text = "".join(reader.main_text)
    assert all(text.count(f"Dimension {j}") == 3 for j in range(4))


def test_short_cells_pack_many_roles_on_a_portrait_page(theme: Theme) -> None:
    """The Chinese permission matrix (6 roles of ticks) stays one portrait table."""
    path = CORPUS / "06-opensource-guide-pr-roles-zh.md"
    document = parse_corpus(path)
    plan = plan_table(document.comparisons[0], theme)
    assert not plan.landscape
    assert len(plan.groups) == 1


def test_wide_code_table_goes_landscape_in_one_piece(theme: Theme) -> None:
    """The nushell map (4 roles of code) gets landscape pages and a single table."""
    path = CORPUS / "08-nushell-map-other-shells.md"
    document = parse_corpus(path)
    plan = plan_table(document.comparisons[0], theme)
    assert plan.landscape
    assert len(plan.groups) == 1


def test_tall_rows_may_split(theme: Theme) -> None:
    """A row far taller than a page is marked so it may split (keeping the header)."""
    tall = comparison(2, words=4000)
    (group,) = plan_table(tall, theme).groups
    assert group.tall == frozenset(range(4))
    (group,) = plan_table(comparison(2), theme).groups
    assert group.tall == frozenset()


def test_long_words_get_break_points_and_keep_their_text() -> None:
    """Words longer than a line get <wbr> points; joined back they are the same text."""
    word = "x" * 100 + "e\u0301" * 10
    pieces = inline_pieces(f"short {word} end")
    texts = [text for kind, text in pieces if kind == "text"]
    assert "".join(texts) == f"short {word} end"
    assert ("wbr", "") in pieces
    # Between two break points, never more than WBR_EVERY characters (a combining mark
    # stays with its letter); the first and last chunk join the words around them.
    inner = texts[1:-1]
    assert inner
    assert max(len(text) for text in inner) <= WBR_EVERY + 1
    assert all(not text.startswith("\u0301") for text in texts)
    assert inline_pieces("a\nb") == [("text", "a"), ("br", ""), ("text", "b")]


def test_a_running_text_keeps_the_break_points_of_its_long_words() -> None:
    """The footer's copy of a heading: a zero-width space at each <wbr>, nothing else."""
    word = "x" * 100
    text = running_text(f"Role {word}")
    assert text.replace("\u200b", "") == f"Role {word}"
    assert max(len(chunk) for chunk in text.split("\u200b")) <= len("Role ") + WBR_EVERY
    assert running_text("Director of Engineering") == "Director of Engineering"
    assert running_text("Foo\nBar") == "Foo Bar"


def test_a_running_text_longer_than_a_line_is_cut_with_an_ellipsis() -> None:
    """However long the heading, the footer lays out about a line of it."""
    words = "word " * 100
    assert running_text(words) == words[:RUNNING_CHARS].rstrip() + "\u2026"
    text = running_text("x" * 20_000)
    assert text.replace("\u200b", "") == "x" * RUNNING_CHARS + "\u2026"
    # A letter's combining marks stay with it.
    text = running_text("a" * (RUNNING_CHARS - 1) + "e\u0301\u0301 and more")
    assert text.replace("\u200b", "").endswith("e\u0301\u0301\u2026")


def test_text_pango_breaks_by_itself_gets_no_break_points() -> None:
    """`<wbr>` only where Pango finds no break: each is a box of its own in the layout."""
    text = "[a](b" * 200
    assert inline_pieces(text) == [("text", text)]
