"""Row heights and continuation rows of the XLSX writer: the estimate, the cuts, the sheets."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporter.model import Comparison, Layout, Reading, RichText, Role, Span
from exporter.theme import Theme
from exporter.writers.xlsx import heights
from exporter.writers.xlsx.glyphs import (
    EMOJI_EM,
    SANS_FONTS,
    WIDE_EM,
    advance,
    build,
    glyphs,
    pitch,
)
from exporter.writers.xlsx.heights import (
    INDENT_PT,
    LINE_EM,
    MARGINS_PT,
    MAX_ROW_HEIGHT,
    PADDING_PT,
    PIXEL_PT,
    PT_PER_UNIT,
    TAB_PT,
    WIDE_LINE_EM,
    WIDTH_SAFETY,
    Measured,
    cuts,
    line_pitches,
    line_starts,
    measure,
    row_height,
    text_height,
    wrap,
)
from exporter.writers.xlsx.split import cut_rich
from exporter.writers.xlsx.style import Palette
from exporter.writers.xlsx.text import RunStyle

from .conftest import ROOT
from .test_xlsx_writer import (
    EPOCH,
    M,
    assert_no_formulas,
    make_comparison,
    make_document,
    plain,
    sheet_xml,
    sheets,
    write,
)

SIZE = 9.5


@pytest.fixture(scope="module")
def palette(theme: Theme) -> Palette:
    return Palette.from_theme(theme)


def measured(text: str, bold: bool = False) -> Measured:
    return Measured(text, tuple(advance(char, bold) for char in text), SIZE)


def room(width: float) -> float:
    """The room for text the estimate allows in a column, in em of SIZE."""
    return (width * PT_PER_UNIT - MARGINS_PT - INDENT_PT) / (SIZE * WIDTH_SAFETY)


def lines(text: str, width: float) -> list[str]:
    starts = line_starts(measured(text), width)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def em(text: str) -> float:
    return sum(advance(char) for char in text)


# ---------------------------------------------------------------- the glyph table


def test_the_table_is_at_least_as_wide_as_the_brand_font() -> None:
    fonts = [
        [str(ROOT / path) for path in faces if path.endswith(".ttf") and "source-sans" in path]
        for faces in SANS_FONTS
    ]
    brand = build(fonts[0], fonts[1], [], [])
    table = glyphs()
    assert len(brand["regular"]) > 10
    for key, widths in (("regular", table.regular), ("bold", table.bold)):
        for first, thousandths in brand[key]:
            for offset, width in enumerate(thousandths):
                assert widths[first + offset] >= width / 1000, (key, chr(first + offset))


def test_characters_the_table_lacks_get_safe_widths() -> None:
    assert advance("中") == WIDE_EM
    assert advance("😀") == EMOJI_EM
    assert advance("\u0301") == 0.0  # a combining accent
    assert advance("W", bold=True) > advance("W")
    assert advance("i", mono=True) >= 0.6 > advance("i")


def test_tall_scripts_have_their_fonts_pitch() -> None:
    assert pitch("a") == 0.0
    assert pitch("中") > 1.4
    assert pitch("မ") > 2.0  # Myanmar: Noto Sans Myanmar is half as tall again


# ---------------------------------------------------------------- line breaking


def test_lines_break_after_spaces_only_where_words_no_longer_fit() -> None:
    text = "alpha beta gamma delta"
    assert lines(text, 60) == [text]
    wrapped = lines(text, 12)
    assert "".join(wrapped) == text
    assert len(wrapped) > 1
    for line in wrapped:
        assert em(line.rstrip()) <= room(12)
        assert line[0] != " "
    # Greedy: the next line's first word would not have fitted.
    for line, following in pairwise(wrapped):
        assert em(line + following.split(" ")[0]) > room(12)


def test_line_breaks_start_paragraphs_and_a_final_one_adds_an_empty_line() -> None:
    assert lines("a\nb", 40) == ["a\n", "b"]
    assert lines("a\n", 40) == ["a\n", ""]
    assert lines("", 40) == [""]


def test_no_line_starts_with_punctuation_or_after_an_opening_bracket() -> None:
    text = ("x " * 4 + "( y ?! ") * 20
    wrapped = lines(text, 12)
    assert len(wrapped) > 3
    for line in wrapped[1:]:
        assert line[0] not in "(?!y"


def test_ideographs_break_anywhere_but_small_kana_start_no_line() -> None:
    text = "日本語の文章は単語の間に空白を入れないので" * 3 + "ちょっとまってください" * 3
    wrapped = lines(text, 14)
    assert len(wrapped) > 3
    assert all(em(line) <= room(14) for line in wrapped)
    assert all(line[0] not in "ょっ" for line in wrapped)


def test_a_word_longer_than_a_line_breaks_after_its_last_slash_that_fits() -> None:
    url = "https://github.com/kubeflow/community/blob/master/community-membership.md"
    wrapped = lines(url, 20)
    assert "".join(wrapped) == url
    assert all(em(line) <= room(20) for line in wrapped)
    assert all(line[-1] in "/-" for line in wrapped[:-1])
    word = "x" * 200
    wrapped = lines(word, 14)
    assert all(em(line) <= room(14) for line in wrapped)
    assert all(em(line + "x") > room(14) for line in wrapped[:-1])  # filled to the edge


def test_a_cjk_line_gets_the_taller_pitch() -> None:
    text = "A Latin line\n中文的一行"
    assert line_pitches(measured(text), line_starts(measured(text), 40)) == [
        LINE_EM,
        WIDE_LINE_EM,
    ]
    assert text_height(measured(text), 40) == (LINE_EM + WIDE_LINE_EM) * SIZE + PADDING_PT


def test_bold_and_code_spans_take_more_room(palette: Palette) -> None:
    words = "a " * 400
    regular = measure(RichText.plain(words), palette.body)
    bold = measure(RichText((Span(words, bold=True),)), palette.body)
    code = measure(RichText((Span(words, code=True),)), palette.body)
    assert text_height(regular, 40) < text_height(bold, 40) < text_height(code, 40)


def test_row_heights_are_whole_pixels_at_least_one_line_and_within_excels_limit() -> None:
    assert row_height([], SIZE) >= LINE_EM * SIZE + PADDING_PT
    for need in (20.1, 100.0, 400.3):
        height = row_height([need], SIZE)
        assert need <= height < need + PIXEL_PT
        assert (height / PIXEL_PT).is_integer()
    assert row_height([408.9], SIZE) == MAX_ROW_HEIGHT


# ---------------------------------------------------------------- cutting tall cells


texts = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghij", min_size=1, max_size=30),
        st.sampled_from(["\n", " ", "  ", "中文字", "https://x.org/a/b-c", "\u0301", "\t"]),
    ),
    max_size=150,
).map(" ".join)


@given(texts, st.sampled_from([12.0, 14.0, 30.0, 60.0]), st.sampled_from([40.0, 120.0, 409.0]))
def test_pieces_join_to_the_text_and_each_fits_its_row(
    text: str, width: float, limit: float
) -> None:
    starts = cuts(wrap(measured(text), width), limit)
    assert starts[0] == 0
    assert starts == sorted(set(starts))
    assert set(starts) <= set(line_starts(measured(text), width))
    pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    assert "".join(pieces) == text
    assert all(pieces) or text == ""
    for piece in pieces:
        assert text_height(measured(piece), width) <= limit


def test_a_text_that_fits_is_one_piece() -> None:
    assert cuts(wrap(measured("short"), 20)) == [0]


def test_cut_rich_keeps_each_spans_style() -> None:
    text = RichText((Span("aaaa", bold=True), Span("bbbb"), Span("cc", href="https://x.org/")))
    pieces = cut_rich(text, [0, 2, 6])
    assert [piece.text for piece in pieces] == ["aa", "aabb", "bbcc"]
    assert pieces[1].spans == (Span("aa", bold=True), Span("bb"))
    assert pieces[2].spans == (Span("bb"), Span("cc", href="https://x.org/"))


# ---------------------------------------------------------------- the sheets


def row_heights(path: Path, sheet: str) -> list[float]:
    rows = sheet_xml(path, sheet).iter(f"{M}row")
    found: list[float] = []
    for row in rows:
        assert row.get("customHeight") in ("1", "true")
        found.append(float(row.get("ht", "0")))
    return found


# Short paragraphs, one line each even in a narrow column, so every piece starts with "=".
TALL = "".join(f"={n}\n" for n in range(400))


def tall_document(layout: Layout = Layout.ROLES_IN_COLUMNS) -> Any:
    comparison = make_comparison("T", ["Role", "Other"], [("Dimension", [plain(TALL), plain("b")])])
    roles = (Role(plain("Role"), plain(TALL)), Role(plain("Other")))
    return make_document(
        [
            Comparison(
                comparison.title,
                comparison.corner,
                roles,
                comparison.dimensions,
                0,
                Reading(layout),
            )
        ],
        focus="Role",
    )


def test_a_cell_taller_than_a_row_goes_on_below_with_its_keys(theme: Theme, tmp_path: Path) -> None:
    path = write(tall_document(), theme, tmp_path)
    book = sheets(path)
    wide = book["Comparison"][1:]
    assert len(wide) >= 3
    assert all(row[0] == "Dimension" for row in wide)
    assert "".join(row[1] for row in wide) == TALL
    assert [row[2] for row in wide] == ["b"] + [""] * (len(wide) - 1)
    long_rows = [row for row in book["Long"][1:] if row[1] == "Role"]
    assert all(row[:3] == ["T", "Role", "Dimension"] for row in long_rows)
    assert "".join(row[3] for row in long_rows) == TALL
    roles = [row for row in book["Roles"][1:] if row[0] == "Role"]
    assert len(roles) >= 3
    assert all(row[2:4] == ["T", "yes"] for row in roles)
    assert "".join(row[1] for row in roles) == TALL
    # Pieces start with "=" and are still text.
    assert all(row[1].startswith("=") for row in wide)
    assert_no_formulas(path)
    for sheet in ("Comparison", "Long", "Roles"):
        assert all(0 < height <= MAX_ROW_HEIGHT for height in row_heights(path, sheet))


def test_each_row_is_as_tall_as_its_tallest_piece_needs(
    theme: Theme, palette: Palette, tmp_path: Path
) -> None:
    path = write(tall_document(), theme, tmp_path)
    width = float(sheet_xml(path, "Comparison").findall(f"{M}cols/{M}col")[1].get("width", "0"))
    heights = row_heights(path, "Comparison")[1:]
    for row, height in zip(sheets(path)["Comparison"][1:], heights, strict=True):
        assert text_height(measure(plain(row[1]), palette.body), width) <= height


def test_continuation_rows_keep_their_rows_band(theme: Theme, tmp_path: Path) -> None:
    rows = [("first", [plain("a")]), ("second", [plain(TALL)]), ("third", [plain("c")])]
    path = write(make_document([make_comparison("T", ["R"], rows)]), theme, tmp_path)
    root = sheet_xml(path, "Comparison")
    styles = {row.get("r"): {c.get("s") for c in row.iter(f"{M}c")} for row in root.iter(f"{M}row")}
    count = len(styles)
    body = [styles[str(n)] for n in range(2, count + 1)]
    # first | second, second... | third: the band (another style) marks every piece of second.
    assert body[0] == body[-1]
    assert all(style == body[1] for style in body[1:-1])
    assert body[1] != body[0]


def test_a_link_too_long_for_one_line_is_no_cell_hyperlink(theme: Theme, tmp_path: Path) -> None:
    short = RichText((Span("docs", href="https://example.com/docs"),))
    long = RichText((Span("the documentation " * 20, href="https://example.com/long"),))
    document = make_document([make_comparison("T", ["R"], [("s", [short]), ("l", [long])])])
    path = write(document, theme, tmp_path)
    links = [link.get("ref") for link in sheet_xml(path, "Comparison").iter(f"{M}hyperlink")]
    assert links == ["B2"]
    assert [row[4] for row in sheets(path)["Long"][1:]] == [
        "https://example.com/docs",
        "https://example.com/long",
    ]


def test_split_workbooks_are_byte_identical_under_source_date_epoch(
    theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = write(tall_document(), theme, tmp_path, "first.xlsx")
    second = write(tall_document(), theme, tmp_path, "second.xlsx")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("layout", list(Layout))
def test_every_layout_continues_a_tall_cell_in_rows(
    layout: Layout, theme: Theme, tmp_path: Path
) -> None:
    wide = sheets(write(tall_document(layout), theme, tmp_path))["Comparison"]
    assert len(wide[0]) == (3 if layout is Layout.ROLES_IN_COLUMNS else 2)
    column = 0 if layout is Layout.LISTS else 1
    rows = [row for row in wide[1:] if layout is not Layout.ROLES_IN_ROWS or row[0] == "Role"]
    assert len(rows) >= 3
    assert "".join(row[column] for row in rows) == TALL


# Latin with brackets, punctuation and tabs, CJK with small kana, Hangul, an emoji, a
# combining mark, full-width letters and spaces: every path of the per-character rules.
MIXED_TEXT = st.text(
    alphabet=st.sampled_from(list("ab (x)-/!\t\n 漢字かぁ한국😀é\u0301\uff21\u3000«»"))
)


@given(text=MIXED_TEXT, width=st.integers(4, 40), bold=st.booleans())
def test_per_character_memos_answer_as_the_rules_do_however_often_cleared(
    text: str, width: int, bold: bool
) -> None:
    third = len(text) // 3
    rich = RichText(
        (
            Span("a b\t" + text[:third]),
            Span(text[third : 2 * third], bold=True),
            Span(text[2 * third :], code=True),
        )
    )
    style = RunStyle("Body", "Mono", SIZE, "000000", "0000FF", bold=bold)
    heights._ADVANCES.clear()
    with patch.object(heights, "_MEMO_LIMIT", 2):  # cleared at almost every lookup
        tight = wrap(measure(rich, style), width)
        # A memo outgrows its limit only by what one text needs at once: after another
        # text, each holds that text's three characters at most.
        wrap(measure(RichText((Span("q r"),)), style), width)
    used = (heights._ADVANCES[bold, False], heights._KINDS, heights._PITCHES)
    assert max(len(memo) for memo in used) <= 3
    roomy = wrap(measure(rich, style), width)
    assert tight == roomy
    # The advances are the glyph table's, white space as bold and tabs to the next stop.
    expected = [
        TAB_PT / SIZE
        if char == "\t"
        else advance(char, bold or span.bold or char.isspace(), span.code)
        for span in rich.spans
        for char in span.text
    ]
    assert list(roomy.measured.advances) == expected
