"""Errors the domain raises. Each names what is wrong in words a caller can act on."""

from __future__ import annotations


class MalformedRequestError(ValueError):
    """An order request of the wrong shape, refused before anything is stored.

    ``field`` names the offending part, for example ``pizzas[1].sauce``.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
