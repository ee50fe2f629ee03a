"""Reading the shop's pages as parsed elements.

Elements are picked by id, class or data attribute with CSS selectors, so that
a test says what a reader sees and not how the markup happens to be written
(attribute order, spacing, tags around a word)."""

from __future__ import annotations

from collections.abc import Iterator

from bs4 import BeautifulSoup, CData, Tag
from bs4.element import NavigableString

# Elements whose words never run into their neighbours' (a new line, cell or
# control); the words of inline ones (strong, span, a) join as written.
SEPARATE = frozenset(
    {
        *("address", "article", "aside", "br", "button", "caption", "dd", "div"),
        *("dt", "fieldset", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "input", "label", "legend", "li", "main", "nav", "ol"),
        *("option", "p", "section", "select", "table", "tbody", "td", "textarea"),
        *("tfoot", "th", "thead", "title", "tr", "ul"),
    }
)

READABLE = (NavigableString, CData)  # not comments, scripts or styles


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def select(html: str, css: str) -> list[Tag]:
    """Every element that ``css`` picks, in document order."""
    return list(soup(html).select(css))


def element(html: str, css: str) -> Tag:
    """The one element that ``css`` picks; fails if there is none or several."""
    found = select(html, css)
    assert len(found) == 1, f"{len(found)} elements match {css!r}"
    return found[0]


def words(tag: Tag) -> str:
    """The element's words, as a reader (or a screen reader) gets them."""
    return " ".join("".join(strings_of(tag)).split())


def strings_of(tag: Tag) -> Iterator[str]:
    for child in tag.children:
        if isinstance(child, Tag):
            gap = " " if child.name in SEPARATE else ""
            yield gap
            yield from strings_of(child)
            yield gap
        elif type(child) in READABLE:
            yield str(child)


def text_of(html: str) -> str:
    """The page's words, without tags, for asserting what a reader sees."""
    return words(soup(html))


def select_text(html: str, css: str) -> list[str]:
    """The words of each element that ``css`` picks, in document order."""
    return [words(tag) for tag in select(html, css)]


def text_at(html: str, css: str) -> str:
    """The words of the one element that ``css`` picks."""
    return words(element(html, css))


def value_of(tag: Tag, name: str) -> str:
    """The tag's attribute ``name``; a list (as ``class`` is) joined by spaces."""
    assert tag.has_attr(name), f"<{tag.name}> has no {name!r}"
    return " ".join(tag.get_attribute_list(name))


def attribute(html: str, css: str, name: str) -> str:
    """The attribute ``name`` of the one element that ``css`` picks."""
    return value_of(element(html, css), name)


def attributes(html: str, css: str, name: str) -> list[str]:
    """The attribute ``name`` of each element that ``css`` picks."""
    return [value_of(tag, name) for tag in select(html, css)]


def classes(html: str, css: str) -> set[str]:
    """The classes of the one element that ``css`` picks."""
    return set(attribute(html, css, "class").split())


def is_hidden(html: str, css: str) -> bool:
    """Whether the one element that ``css`` picks has the ``hidden`` attribute."""
    return element(html, css).has_attr("hidden")


def links(html: str) -> list[tuple[str, str]]:
    """Each link on the page, as its words and where it goes."""
    return [(words(link), value_of(link, "href")) for link in select(html, "a")]


def cart_lines(html: str) -> list[str]:
    """The words of each line of the cart, in order."""
    return select_text(html, "li.cart-line")


def csrf_token(html: str) -> str:
    """The CSRF token of the page's forms (one per page and session)."""
    tokens = set(attributes(html, 'input[name="csrf_token"]', "value"))
    assert len(tokens) == 1, tokens
    return tokens.pop()


def hidden_key(html: str) -> str:
    """The idempotency key hidden in the checkout form."""
    return attribute(html, 'form.checkout input[name="idempotency_key"]', "value")


def board_columns(html: str) -> dict[str, list[str]]:
    """The ids of the orders in each column of the kitchen's board, in order."""
    return {
        value_of(column, "data-stage"): [
            value_of(ticket, "data-order-id")
            for ticket in column.select("li.ticket[data-order-id]")
        ]
        for column in soup(html).select("#board section.column[data-stage]")
    }


def on_the_board(html: str) -> list[str]:
    """The ids of every order on the kitchen's board, whatever its column."""
    return [order for ids in board_columns(html).values() for order in ids]


def status_shown(html: str) -> tuple[str, str, str]:
    """The order page's status: its name, its label and the note beside it."""
    badge = element(html, "#order-status")
    return value_of(badge, "data-status"), words(badge), text_at(html, "#status-note")


def timeline_events(html: str) -> list[str]:
    """The event of each step of the order page's timeline, oldest first."""
    return attributes(html, "#timeline > li", "data-event")


def timeline_steps(html: str) -> list[str]:
    """The words of each step of the order page's timeline, oldest first
    (without its "As of this step" link)."""
    steps = []
    for item in soup(html).select("#timeline > li"):
        for link in item.select("a.as-of"):
            link.decompose()
        steps.append(words(item))
    return steps


def shows_delayed(html: str) -> bool:
    """Whether the order page shows its "Delayed" badge."""
    return not is_hidden(html, "#order-delayed")


def offers_to_cancel(html: str) -> bool:
    """Whether the order page shows its "Cancel order" button."""
    return not is_hidden(html, "form#cancel-order")
