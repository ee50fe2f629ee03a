"""Tables of our own, made safely when several processes start at once.

PostgreSQL's ``CREATE TABLE IF NOT EXISTS`` races with itself in two sessions
(one of them fails on a duplicate key in the catalogue), so on PostgreSQL the
tables are made under a transaction-level advisory lock. The library's own
tables are made under the shop's schema lock instead (see ``application``).
"""

from __future__ import annotations

from hashlib import blake2b
from typing import Any

from sqlalchemy import MetaData, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

DIALECTS: dict[str, Any] = {"postgresql": postgresql, "sqlite": sqlite}
"""The databases whose INSERT ... ON CONFLICT our own tables use."""


def lock_key(name: str) -> int:
    """An advisory lock's number, the same in every process."""
    digest = blake2b(f"pizza part {name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


TABLES_LOCK = lock_key("tables")


def create_tables(metadata: MetaData, engine: Engine) -> None:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            lock = text("SELECT pg_advisory_xact_lock(:key)")
            connection.execute(lock, {"key": TABLES_LOCK})
        metadata.create_all(connection, checkfirst=True)


def dialect_of(engine: Engine) -> Any:
    """The SQLAlchemy dialect module of the engine's database, for its
    ``insert(...).on_conflict_...``."""
    return DIALECTS[engine.dialect.name]
