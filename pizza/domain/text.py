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
# ``text_problem``'s rule as regular expressions, for JSON Schema (ECMA-262, Rust
# and Python read them alike): no control character (Unicode's category Cc, bar
# tabs and line breaks where lines may break). Half a surrogate pair is refused
# too, but is no Unicode text for a pattern to speak of.
CONTROL = r"\u0000-\u001F\u007F-\u009F"
ONE_LINE_PATTERN = rf"^[^{CONTROL}]*$"
MULTILINE_PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$"
# One line with something on it besides spaces.
NOT_BLANK_PATTERN = rf"^[^{CONTROL}]*[^\s{CONTROL}][^{CONTROL}]*$"


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


def digits_of(text: str) -> str:
    """The text's digits alone: a phone number however it was typed."""
    return "".join(character for character in text if character.isdigit())


def staff_text_problem(
    value: str, what: str, max_length: int, empty: str
) -> tuple[str, str | None]:
    """A line staff typed (a reason, a name) as the shop stores it: NFC, each
    run of spaces, tabs or line breaks one space; and why it cannot be taken
    (``empty`` if nothing is left), or None."""
    if problem := text_problem(value, multiline=True):
        return value, f"The {what} {problem}."
    text = normal_text(" ".join(value.split()))
    if not text:
        return text, empty
    if len(text) > max_length:
        return text, f"Keep the {what} under {max_length} characters."
    return text, None
