"""Document + Theme -> the handbook's HTML, the input of the PDF writer.

Written by plain functions rather than a template engine: importing and compiling Jinja2
was a tenth of a one-file build. Every text of the source passes through `escape` (in
inline_html.py) on its way in, so none of it can become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from ...model import (
    Block,
    CodeBlock,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    TableRef,
    walk,
)
from ...presentation import Presentation, TableView
from ...presentation.tables import ColumnGroup
from .inline_html import escape, rich_html, running_text, text_html
from .theme_urls import theme_url

CARDS_PER_ROW = {False: 3, True: 4}  # portrait, landscape


def render_html(presentation: Presentation) -> str:
    """The complete handbook HTML for a presentation, styled by the theme's stylesheet."""
    return _Handbook(presentation).html()


def card_columns(view: TableView) -> int:
    """Role cards per row: fewer on a portrait page."""
    return max(1, min(len(view.comparison.roles), CARDS_PER_ROW[view.landscape]))


class _Handbook:
    """The handbook's HTML for one presentation, written line by line."""

    def __init__(self, presentation: Presentation) -> None:
        self.presentation = presentation
        document = presentation.document
        self.levels = _HeadingLevels(document.blocks)
        self.title_levels = _title_levels(document, self.levels)
        # When every table is wide the whole document is landscape; otherwise wide tables
        # move to landscape pages of their own.
        self.wide_pages = not presentation.landscape_document
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def html(self) -> str:
        presentation = self.presentation
        document, theme = presentation.document, presentation.theme
        # The parser already took a leading `#` title heading out of the prose; like the
        # DOCX writer, print the rest as it stands.
        created = presentation.properties.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.add(
            "<!DOCTYPE html>",
            f'<html lang="{escape(presentation.properties.language)}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{escape(document.title)}</title>",
            f'<meta name="author" content="{escape(theme.organisation)}">',
        )
        if document.lede:
            self.add(f'<meta name="description" content="{escape(document.lede.text)}">')
        self.add(
            '<meta name="generator" content="jobarch">',
            f'<meta name="dcterms.created" content="{created}">',
            f'<meta name="dcterms.modified" content="{created}">',
            "</head>",
            "<body>",
        )
        self.masthead()
        if presentation.contents.shown:
            self.contents()
        self.add("<main>")
        self.blocks(document.blocks)
        for index in presentation.unplaced:
            self.comparison(presentation.tables[index])
        if presentation.profiles.roles:
            self.profiles()
        self.add("</main>", "</body>", "</html>", "")
        return "\n".join(self.lines)

    def masthead(self) -> None:
        presentation = self.presentation
        document, theme = presentation.document, presentation.theme
        self.add(
            '<header class="masthead">',
            '  <div class="brand">',
            f'    <img class="logo" src="{escape(theme_url(theme.folders, theme.logo.file))}"'
            f' alt="{escape(presentation.logo_alt)}">',
            f'    <p class="organisation">{escape(theme.organisation)}</p>',
            "  </div>",
        )
        if document.focus_role:
            self.add(f'  <p class="kicker">{text_html(document.focus_role)}</p>')
        self.add(f'  <h1 class="title">{text_html(document.title)}</h1>')
        if document.lede:
            self.add(f'  <p class="lede">{rich_html(document.lede)}</p>')
        if presentation.facts:
            self.add('  <dl class="facts">')
            for fact in presentation.facts:
                self.add(
                    f'    <div class="fact {escape(fact.key)}"><dt>{escape(fact.label)}</dt>'
                    f"<dd>{text_html(fact.value)}</dd></div>"
                )
            self.add("  </dl>")
        self.add("</header>")

    def contents(self) -> None:
        contents = self.presentation.contents
        self.add(
            '<nav class="contents">',
            f'  <h2 class="contents-title">{escape(contents.title)}</h2>',
            "  <ol>",
        )
        for entry in contents.entries:
            # The space after the entry's text is where the justified line stretches.
            self.add(
                f'    <li class="level-{entry.level}"><a href="#{escape(entry.anchor)}">'
                f"<span>{text_html(entry.text)}</span> </a></li>"
            )
        self.add("  </ol>", "</nav>")

    def blocks(self, blocks: Sequence[Block]) -> None:
        for number, block in enumerate(blocks):
            self.block(block, blocks[number + 1] if number + 1 < len(blocks) else None)

    def block(self, block: Block, following: Block | None) -> None:
        match block:
            case Heading():
                level = self.levels(block.level)
                anchor = self.presentation.contents.anchor(block)
                attributes = f' id="{escape(anchor)}"' if anchor else ""
                # A heading right above a wide table moves with it to the landscape pages.
                if (
                    self.wide_pages
                    and isinstance(following, TableRef)
                    and self.presentation.tables[following.index].plan.landscape
                ):
                    attributes += ' class="wide"'
                attributes += _section(block.content.text)
                self.add(f"<h{level}{attributes}>{rich_html(block.content)}</h{level}>")
            case Paragraph():
                self.add(f"<p>{rich_html(block.content)}</p>")
            case ListBlock():
                start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
                tag = "ol" if block.ordered else "ul"
                self.add(f"<{tag}{start}>")
                for item in block.items:
                    if len(item) == 1 and isinstance(item[0], Paragraph):
                        self.add(f"<li>{rich_html(item[0].content)}</li>")
                    else:
                        self.add("<li>")
                        self.blocks(item)
                        self.add("</li>")
                self.add(f"</{tag}>")
            case Quote():
                self.add("<blockquote>")
                self.blocks(block.blocks)
                self.add("</blockquote>")
            case CodeBlock():
                self.add(f"<pre>{text_html(block.text, preformatted=True)}</pre>")
            case Rule():
                self.add("<hr>")
            case TableRef():
                self.comparison(self.presentation.tables[block.index])
            case _:
                assert_never(block)

    def comparison(self, view: TableView) -> None:
        comparison = view.comparison
        wide = " wide" if view.plan.landscape and self.wide_pages else ""
        self.add(f'<section class="comparison{wide}">')
        if view.show_title:
            level = self.title_levels.get(view.index, 2)
            title = text_html(comparison.title)
            section = _section(comparison.title)
            self.add(f'  <h{level} class="comparison-title"{section}>{title}</h{level}>')
        if view.cards:
            self.cards(view)
        for group in view.plan.groups:
            self.table(view, group)
        self.add("</section>")

    def cards(self, view: TableView) -> None:
        roles = view.comparison.roles
        per_row = card_columns(view)
        self.add('  <div class="roles"><div class="roles-grid">')
        for first in range(0, len(roles), per_row):
            self.add('    <div class="roles-row">')
            for index in range(first, min(first + per_row, len(roles))):
                role = roles[index]
                focus = " focus" if index == view.focus else ""
                self.add(
                    f'      <div class="role-card{focus}">',
                    f'        <p class="role-title">{rich_html(role.title)}</p>',
                )
                if role.summary:
                    self.add(f'        <p class="role-summary">{rich_html(role.summary)}</p>')
                self.add("      </div>")
            self.add("    </div>")
        self.add("  </div></div>")

    def table(self, view: TableView, group: ColumnGroup) -> None:
        grid = view.grid
        classes = view.comparison.layout.value
        classes += " grouped" if group.caption else ""
        classes += " whole" if group.whole else ""
        self.add(f'  <table class="matrix {classes}">')
        if group.caption:
            self.add(f"    <caption>{escape(group.caption)}</caption>")
        self.add("    <colgroup>")
        widths = iter(group.widths)
        if grid.labelled:
            self.add(f'      <col class="dimension" style="width: {next(widths)}%">')
        for _ in group.columns:
            self.add(f'      <col style="width: {next(widths)}%">')
        self.add("    </colgroup>", "    <thead>", "      <tr>")
        if grid.labelled:
            corner = rich_html(grid.corner) if grid.corner is not None else ""
            self.add(f'        <th scope="col" class="dimension">{corner}</th>')
        for index in group.columns:
            focus = _focus(grid.column_roles[index], view.focus, ' class="focus"')
            self.add(f'        <th scope="col"{focus}>{rich_html(grid.headers[index])}</th>')
        self.add("      </tr>", "    </thead>", "    <tbody>")
        for number, row in enumerate(grid.cells):
            row_focus = _focus(grid.row_roles[number], view.focus, "focus")
            names = " ".join(
                name
                for name in ("tall" if number in group.tall else "", row_focus and "focus-row")
                if name
            )
            self.add(f'      <tr class="{names}">' if names else "      <tr>")
            if grid.labelled and grid.labels is not None:
                label = rich_html(grid.labels[number])
                focus = f" {row_focus}" if row_focus else ""
                self.add(f'        <th scope="row" class="dimension{focus}">{label}</th>')
            for index in group.columns:
                focus = _focus(grid.role_of(number, index), view.focus, ' class="focus"')
                self.add(f"        <td{focus}>{rich_html(row[index])}</td>")
            self.add("      </tr>")
        self.add("    </tbody>", "  </table>")

    def profiles(self) -> None:
        profiles = self.presentation.profiles
        self.add(
            '<section class="profiles">',
            f'  <h2 class="profiles-title" id="{escape(profiles.anchor)}">'
            f"{escape(profiles.title)}</h2>",
        )
        for profile in profiles.roles:
            focus = " focus" if profile.focus else ""
            self.add(
                f'  <article class="profile{focus}">',
                f'    <h3 class="profile-title" id="{escape(profile.anchor)}"'
                f"{_section(profile.title.text)}>{rich_html(profile.title)}</h3>",
                f'    <p class="profile-note">{text_html(profile.note)}</p>',
            )
            if profile.summary:
                self.add(f'    <p class="profile-summary">{rich_html(profile.summary)}</p>')
            for part in profile.parts:
                if profile.headed_parts:
                    self.add(f'    <h4 class="profile-part">{text_html(part.label)}</h4>')
                if part.items:
                    self.add('    <ul class="profile-items">')
                    for entry in part.entries:
                        self.add(f"      <li>{rich_html(entry.text)}</li>")
                    self.add("    </ul>")
                    continue
                self.add('    <dl class="profile-entries">')
                for entry in part.entries:
                    self.add('      <div class="profile-entry">')
                    if entry.name:
                        self.add(f"        <dt>{rich_html(entry.name)}</dt>")
                    self.add(f"        <dd>{rich_html(entry.text)}</dd>", "      </div>")
                self.add("    </dl>")
            self.add("  </article>")
        self.add("</section>")


def _section(heading: str) -> str:
    """The heading's running text as its `data-section` attribute, for the stylesheet's
    `string-set: section attr(data-section)` (see `running_text`)."""
    return f' data-section="{escape(running_text(heading))}"'


def _focus(role: int | None, focus: int | None, marker: str) -> str:
    """`marker` when a cell, row or column belongs to the focus role, else ""."""
    return marker if role is not None and role == focus else ""


def _title_levels(document: Document, levels: _HeadingLevels) -> dict[int, int]:
    """Each comparison's title level: one below the nearest heading above it."""
    found: dict[int, int] = {}
    level = 1
    for block in walk(document.blocks):
        if isinstance(block, Heading):
            level = levels(block.level)
        elif isinstance(block, TableRef):
            found.setdefault(block.index, min(level + 1, 6))
    return found


class _HeadingLevels:
    """Source heading level -> HTML level: the document's top prose level becomes <h2>.

    The title is the only <h1>; sources that start their sections at `##` (the title
    being `#`) and sources that start at `#` both get <h2> sections, so the outline nests
    under the title and the stylesheet's section styles apply.
    """

    def __init__(self, blocks: Sequence[Block]) -> None:
        levels = [block.level for block in walk(blocks) if isinstance(block, Heading)]
        self.top = min(levels, default=1)

    def __call__(self, level: int) -> int:
        return min(max(level - self.top + 2, 2), 6)
