"""The web app's way in to the shop: application commands and read-model queries."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.system import Runner, System
from flask import current_app, g

from pizza.accounts import Accounts
from pizza.history import KeepsOrderEvents
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation

App = TypeVar("App", bound=Application[Any])
SETTINGS = "pizza.settings"  # the app's extension that holds the shop's Settings


@dataclass(frozen=True)
class Shop:
    """The shop's applications, as the views use them: those of a runner in
    this process (the embedded shop, tests), or ones that only write commands
    and read the view while other processes run the followers (production)."""

    system: System
    apps: Mapping[str, Application[Any]]
    runner: Runner[UUID] | None = None

    @classmethod
    def of_runner(cls, runner: Runner[UUID]) -> Shop:
        system = runner.system
        apps = {name: runner.get(system.get_app_cls(name)) for name in system.nodes}
        return cls(system, apps, runner)

    @classmethod
    def standalone(cls, system: System, env: Mapping[str, str]) -> Shop:
        """The system's applications built from ``env``, following nothing."""
        apps = {name: system.get_app_cls(name)(env=env) for name in system.nodes}
        return cls(system, apps)

    def get(self, cls: type[App]) -> App:
        app = self.apps[cls.name]
        assert isinstance(app, cls)
        return app

    @property
    def accounts(self) -> Accounts:
        return self.get(Accounts)

    @property
    def orders(self) -> Orders:
        return self.get(Orders)

    @property
    def kitchen(self) -> Kitchen:
        return self.get(Kitchen)

    @property
    def status(self) -> OrderStatus:
        return self.get(OrderStatus)

    def order_logs(self) -> tuple[KeepsOrderEvents, ...]:
        """The applications whose logs tell an order's history."""
        return (self.orders, self.get(Validation), self.kitchen)

    def close(self) -> None:
        """Closes the applications, unless a runner owns them."""
        if self.runner is None:
            for app in self.apps.values():
                app.close()


class LazyShop:
    """A shop built on first use, and again on each use until that works: a
    web process may start while the database is away, and must then answer
    with 503s until it is back, not fail to start."""

    def __init__(self, build: Callable[[], Shop]) -> None:
        self.build = build
        self.shop: Shop | None = None
        self.lock = threading.Lock()

    def get(self) -> Shop:
        with self.lock:
            if self.shop is None:
                self.shop = self.build()
            return self.shop

    def forget(self, failed: Shop) -> None:
        """Drops ``failed``, which the database has just failed, so that the
        next request builds a new shop: new connection pools find the database
        as soon as it is back, where an old one, having failed, tries again
        less and less often."""
        with self.lock:
            if self.shop is not failed:
                return  # another request has done it already
            self.shop = None
        failed.close()


def shop() -> Shop:
    """The shop of the current app (the one this request has used, if any)."""
    if "shop" not in g:
        found: Shop | LazyShop = current_app.extensions["pizza"]
        g.shop = found.get() if isinstance(found, LazyShop) else found
    used: Shop = g.shop
    return used


def forget_shop_after_outage() -> None:
    """After the database failed this request: see ``LazyShop.forget``."""
    found: Shop | LazyShop = current_app.extensions["pizza"]
    if isinstance(found, LazyShop) and "shop" in g:
        found.forget(g.shop)
