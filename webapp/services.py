"""The web app's way in to the shop: application commands and read-model queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.system import Runner, System
from flask import current_app

from pizza.accounts import Accounts
from pizza.history import KeepsOrderEvents
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation

App = TypeVar("App", bound=Application[Any])


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


def shop() -> Shop:
    """The shop of the current app."""
    result: Shop = current_app.extensions["pizza"]
    return result
