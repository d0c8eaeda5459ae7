"""Names of roles and dimensions: cleaned of invisible characters, compared by a key.

Two labels that look the same must filter the same in a spreadsheet, so a name is put in
Unicode NFC, trimmed, its tabs and Unicode spaces (no-break, thin, ...) made plain spaces
and its runs of spaces one, and stripped of characters that show
nothing (zero-width spaces, word joiners, byte-order marks, soft hyphens, direction marks).
Zero-width joiners and non-joiners are kept between two non-ASCII characters, where they
shape emoji and scripts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from .model import RichText

# Characters that never show in a name.
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
# Embeddings, overrides and isolates: they reorder what follows ("Trojan source").
BIDI = frozenset("\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
JOINERS = frozenset("\u200c\u200d")
# Tabs, no-break and other Unicode spaces (category Zs) look like a space, or like nothing
# much, but filter apart from one in a spreadsheet: each becomes a plain space, and runs
# of spaces show as one wherever the name is rendered.
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACES = re.compile(r" {2,}")


def _visible(text: str) -> str:
    kept = []
    for index, char in enumerate(text):
        if char in INVISIBLE or char in BIDI:
            continue
        if char in JOINERS:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if not (before > "\x7f" and after > "\x7f"):
                continue
        kept.append(char)
    return "".join(kept)


def key(name: str) -> str:
    """What two names must share to be the same name: case, spacing and invisibles aside."""
    return " ".join(unicodedata.normalize("NFC", _visible(name)).split()).casefold()


def clean(name: RichText) -> tuple[RichText, list[str]]:
    """The name in NFC without invisible characters or outer spaces, and what changed.

    The changes are worded for a warning ("invisible U+200B removed", "put in NFC form");
    trimming outer white space is expected and not reported.
    """
    changes: list[str] = []
    spans = []
    odd = sorted({f"U+{ord(c):04X}" for c in name.text if _ODD_SPACE.match(c)})
    if odd:
        changes.append(f"space {', '.join(odd)} made a plain space")
    for span in name.spans:
        visible = _SPACES.sub(" ", _ODD_SPACE.sub(" ", _visible(span.text)))
        normal = unicodedata.normalize("NFC", visible)
        if normal != visible and "put in Unicode NFC form" not in changes:
            changes.append("put in Unicode NFC form")
        spans.append(replace(span, text=normal))
    invisible = INVISIBLE | JOINERS
    before = Counter(c for c in name.text if c in invisible)
    after = Counter(c for span in spans for c in span.text if c in invisible)
    gone = sorted(f"U+{ord(c):04X}" for c in before - after)
    if gone:
        changes.insert(0, f"invisible {', '.join(gone)} removed")
    bidi = sorted({f"U+{ord(c):04X}" for c in name.text if c in BIDI})
    if bidi:
        changes.insert(0, f"bidirectional control {', '.join(bidi)} removed")
    return RichText(tuple(spans)).strip(), changes


def lookalikes(name: str) -> list[tuple[str, str, str]]:
    """(letter, its script, the letter it imitates) for each deceptive letter of a name.

    Only a name that mixes scripts with confusable letters is deceptive: a name written
    wholly in Cyrillic or Greek is not.
    """
    if name.isascii():
        return []
    # Imported here: its tables cost every process 15 MB and 50 ms, and names are ASCII.
    from confusable_homoglyphs import confusables

    if not confusables.is_dangerous(name):
        return []
    found = confusables.is_confusable(name, greedy=True, preferred_aliases=["latin"]) or []
    return [
        (entry["character"], entry["alias"], entry["homoglyphs"][0]["c"])
        for entry in found
        if entry["homoglyphs"]
    ]


def lookalike_key(name: str) -> str:
    """`key(name)` with each deceptive letter replaced by the one it imitates."""
    for letter, _, imitated in lookalikes(name):
        name = name.replace(letter, imitated)
    return key(name)
