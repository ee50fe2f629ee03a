"""The menu as the ``Orders`` application keeps it: a ``ShopMenu`` aggregate in
its log, next to the orders placed against it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application

from pizza.domain.menu import Menu
from pizza.domain.shop_menu import MENU_ID, MenuError, ShopMenu
from pizza.infrastructure.application import ConflictError, decide_and_save

T = TypeVar("T")

MENU_KEPT_SECONDS = 1.0
"""How long a process uses the menu it last read before reading it again: a
change made in another process shows (on pages, and on the orders placed here)
within this long; one made in this process, at once."""


@dataclass(frozen=True)
class KeptMenu:
    at: float
    version: int
    menu: Menu


class KeepsTheMenu(Application[UUID]):
    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.kept_menu: KeptMenu | None = None
        self.kept_menu_lock = threading.Lock()

    def menu(self) -> Menu:
        """The menu now, as a value the pages read."""
        return self.current_menu().menu

    def menu_version(self) -> int:
        """The version of the menu now: the one an order placed now names."""
        return self.current_menu().version

    def change_menu(self, change: Callable[[ShopMenu], T]) -> T:
        """Makes a change to the menu as it is stored now and stores it; again
        on the new menu if another change was stored first; returns what
        ``change`` returns. Raises ``MenuError`` saying why a change cannot be
        made (nothing is stored then)."""
        changed: list[ShopMenu] = []

        def decide(menu: ShopMenu) -> T:
            changed[:] = [menu]
            return change(menu)

        try:
            result = decide_and_save(self.read_menu, decide, self.save)
        except ConflictError:
            raise MenuError("The menu is changing just now: try again.") from None
        self.keep(changed[0])
        return result

    def current_menu(self) -> KeptMenu:
        with self.kept_menu_lock:
            kept = self.kept_menu
        if kept is not None and monotonic() - kept.at < MENU_KEPT_SECONDS:
            return kept
        return self.keep(self.read_menu())

    def read_menu(self) -> ShopMenu:
        """The menu as stored; the seed until staff first change it (it is
        stored with that first change)."""
        try:
            menu: ShopMenu = self.repository.get(MENU_ID)
        except AggregateNotFoundError:
            return ShopMenu.seed()
        return menu

    def keep(self, menu: ShopMenu) -> KeptMenu:
        kept = KeptMenu(monotonic(), menu.version, menu.as_menu())
        with self.kept_menu_lock:
            self.kept_menu = kept
        return kept
