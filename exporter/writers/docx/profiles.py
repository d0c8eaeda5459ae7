"""Role profiles in the DOCX: "Role profiles", then a page per role as the presentation says.

Headings carry Word's Heading styles, so the profiles show in the navigation pane and the
contents: "Role profiles" is a Heading 1, each role a Heading 2 and, for a role in several
comparisons, each comparison a Heading 3. "Role profiles" starts a new page, the first role
follows it there, and every other role's heading starts a page of its own: each carries
`pageBreakBefore`, which needs no empty paragraph and adds no blank page where a section
break has just started one (checked with LibreOffice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Pt

from ...presentation import Profile, ProfilePart
from ...theme import Colours, Theme
from . import wordml
from .named_styles import paragraph_style, set_font
from .style_index import StyleIndex
from .styles import BODY, BULLETS, LEDE, rgb

if TYPE_CHECKING:
    from .document import Builder

NOTE = "Profile Note"
NOTE_FOCUS = "Profile Note Focus"
SUMMARY = "Profile Summary"
LABEL = "Profile Label"
TEXT = "Profile Text"


def define_styles(styles: StyleIndex, theme: Theme) -> None:
    """The profile's own styles: the note under the title, summary, dimension and text."""
    c, f, size = theme.colours, theme.fonts, theme.fonts.size
    note = paragraph_style(styles, NOTE, BODY)
    set_font(note, f.heading, size * 0.8, c.muted)
    note.font.bold = True
    note.font.all_caps = True
    note.paragraph_format.space_after = Pt(size * 1.2)
    # The focus role's profile is marked in the accent, as its card and column are.
    focus = paragraph_style(styles, NOTE_FOCUS, NOTE)
    focus.font.color.rgb = rgb(c.accent)
    summary = paragraph_style(styles, SUMMARY, LEDE)
    set_font(summary, f.heading, size * 1.2, c.muted)
    summary.paragraph_format.space_after = Pt(size * 1.2)
    label = paragraph_style(styles, LABEL, BODY)
    set_font(label, f.heading, size, c.primary)
    label.font.bold = True
    label.paragraph_format.space_before = Pt(size * 0.6)
    label.paragraph_format.space_after = Pt(size * 0.1)
    label.paragraph_format.keep_with_next = True
    text = paragraph_style(styles, TEXT, BODY)
    text.paragraph_format.space_after = Pt(size * 0.5)
    wordml.style_paragraph_border(text, "bottom", Colours.hex(c.border), 4, space=4)


def add_profiles(builder: Builder) -> None:
    """The part heading, then each profile from a new page."""
    presentation = builder.presentation
    profiles = presentation.profiles
    if not profiles.roles:
        return
    if not presentation.landscape_document:
        builder.turn(False)
    heading = builder.paragraph("Heading 1")
    heading.add_run(profiles.title)
    heading.paragraph_format.page_break_before = True
    builder.bookmarks.mark(heading, profiles.anchor)
    for number, profile in enumerate(profiles.roles):
        _profile(builder, profile, first=number == 0)


def _profile(builder: Builder, profile: Profile, first: bool) -> None:
    """Title (a new page, but for the first, which follows the part heading), note, summary
    and parts."""
    title = builder.paragraph("Heading 2", profile.title)
    if not first:
        title.paragraph_format.page_break_before = True
    builder.bookmarks.mark(title, profile.anchor)
    builder.paragraph(NOTE_FOCUS if profile.focus else NOTE).add_run(profile.note)
    if profile.summary:
        builder.paragraph(SUMMARY, profile.summary)
    for part in profile.parts:
        if profile.headed_parts:
            builder.paragraph("Heading 3").add_run(part.label)
        _part(builder, part)


def _part(builder: Builder, part: ProfilePart) -> None:
    """A comparison's entries: name and text, or a bulleted list for a list comparison."""
    if part.items:
        num_id = builder.numbering.new_list(False, 0, 1)
        for entry in part.entries:
            item = builder.paragraph(BULLETS[0], entry.text)
            wordml.set_numbering(item, num_id, 0)
        return
    for entry in part.entries:
        if entry.name:
            builder.paragraph(LABEL, entry.name)
        builder.paragraph(TEXT, entry.text)
