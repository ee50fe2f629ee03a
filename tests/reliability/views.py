"""Helpers to compare the live order status view with one rebuilt from the log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation


def snapshot(
    env: Mapping[str, str], order_ids: Sequence[UUID | str], view_url: str = ""
) -> dict[str, Any]:
    """Every order's view, after the view has caught up with all its leaders."""
    env = dict(env)
    if view_url:
        env["ORDERSTATUS_SQLALCHEMY_URL"] = view_url
    leaders = [cls(env=env) for cls in (Orders, Validation, Kitchen)]
    status = OrderStatus(env=env)
    try:
        for leader in leaders:
            status.follow(leader.name, leader.notification_log)
        return {str(i): status.get_order(i) for i in order_ids}
    finally:
        for app in (status, *leaders):
            app.close()


def rebuilt_from_scratch(
    env: Mapping[str, str], order_ids: Sequence[UUID | str], folder: Path
) -> dict[str, Any]:
    """The same views, projected anew into an empty database."""
    return snapshot(env, order_ids, f"sqlite:///{folder / 'rebuilt.sqlite'}")


def timeline_rows_per_order(view_url: str) -> dict[str, int]:
    return count_rows(
        view_url, "SELECT order_id, count(*) FROM order_timeline GROUP BY order_id"
    )


def statuses(view_url: str) -> dict[str, int]:
    """Orders per status, read straight from the tables (no catching up)."""
    return count_rows(
        view_url, "SELECT status, count(*) FROM order_status GROUP BY status"
    )


def count_rows(view_url: str, query: str) -> dict[str, int]:
    engine = sa.create_engine(view_url)
    try:
        with engine.connect() as connection:
            return {key: count for key, count in connection.execute(sa.text(query))}
    finally:
        engine.dispose()


def execute(url: str, statements: list[str]) -> None:
    """Runs the statements on the database, in one transaction."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        engine.dispose()
