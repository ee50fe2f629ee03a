"""What text the shop accepts: the one rule for every field people type in.

Text is stored in its NFC normal form (so "é" typed two ways is one name), and
refused with a reason when it holds a character no one types: a control
character (NUL among them, which PostgreSQL cannot store in a text column), or
half of a UTF-16 surrogate pair (which no UTF-8 store can hold). Tabs and line
breaks are allowed only in fields that may span lines, like an address.
"""

from __future__ import annotations

import unicodedata

LINE_BREAKS = frozenset("\t\n\r")


def normal_text(value: str) -> str:
    """The text in the form the shop stores it (NFC)."""
    return unicodedata.normalize("NFC", value)


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why the text cannot be accepted, or None if it can."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cs":
            return "holds an unpaired surrogate, which is not valid Unicode"
        if category != "Cc" or (multiline and character in LINE_BREAKS):
            continue
        if character in LINE_BREAKS:
            return "must be on one line, with no tabs"
        return f"holds a control character (U+{ord(character):04X})"
    return None
