"""Fresh, isolated stores for the benchmark: a new one for every measurement.

Each store is given as the explicit environment dict that the applications and
runners are built with. Only the PostgreSQL connection settings are read from the
process environment.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING
from uuid import uuid4

from pizza.settings import POSTGRES_MODULE, Settings

if TYPE_CHECKING:
    import psycopg
    from psycopg.rows import TupleRow

BACKENDS = ("memory", "sqlite", "postgres")
DESCRIPTIONS = {
    "memory": "eventsourcing.popo, in memory",
    "sqlite": "the embedded default, eventsourcing_sqlalchemy on a SQLite file",
    "postgres": "eventsourcing.postgres",
}
POSTGRES_SETTINGS = (
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_DBNAME",
)


def skip_reason(backend: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """Why the backend cannot be measured here, or None if it can."""
    if backend == "postgres" and not environ.get("POSTGRES_HOST"):
        return (
            "POSTGRES_HOST is not set: run under scripts/with-postgres, or set "
            "POSTGRES_HOST, _PORT, _USER, _PASSWORD and _DBNAME for a server "
            "where that user may create databases"
        )
    return None


@contextmanager
def fresh_store(backend: str) -> Iterator[dict[str, str]]:
    """The environment of a new, empty store; the store is removed afterwards."""
    if backend == "memory":
        yield {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    elif backend == "sqlite":
        with sqlite_store() as env:
            yield env
    elif backend == "postgres":
        with postgres_store() as env:
            yield env
    else:
        raise ValueError(f"Unknown backend {backend!r}: choose from {BACKENDS}")


@contextmanager
def sqlite_store() -> Iterator[dict[str, str]]:
    """The shop's embedded default, with its data folder in a new temp dir."""
    with tempfile.TemporaryDirectory(prefix="pizza-bench-") as data_dir:
        yield dict(Settings.from_environ({"PIZZA_DATA_DIR": data_dir}).env)


@contextmanager
def plain_sqlite_url() -> Iterator[str]:
    """The SQLAlchemy URL of a new SQLite file, for the baselines."""
    with tempfile.TemporaryDirectory(prefix="pizza-bench-") as data_dir:
        yield f"sqlite:///{data_dir}/baseline.sqlite"


@contextmanager
def postgres_store(
    environ: Mapping[str, str] = os.environ,
) -> Iterator[dict[str, str]]:
    """A new database on the configured server, dropped afterwards."""
    from psycopg import sql

    settings = {key: environ[key] for key in POSTGRES_SETTINGS if key in environ}
    dbname = f"pizza_bench_{uuid4().hex}"
    with admin_connection(settings) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    try:
        yield {
            **settings,
            "PERSISTENCE_MODULE": POSTGRES_MODULE,
            "POSTGRES_DBNAME": dbname,
        }
    finally:
        with admin_connection(settings) as connection:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(drop.format(sql.Identifier(dbname)))


def admin_connection(settings: Mapping[str, str]) -> psycopg.Connection[TupleRow]:
    """An autocommit connection to the configured database, for CREATE/DROP."""
    import psycopg

    return psycopg.connect(
        host=settings["POSTGRES_HOST"],
        port=settings.get("POSTGRES_PORT", "5432"),
        user=settings.get("POSTGRES_USER"),
        password=settings.get("POSTGRES_PASSWORD"),
        dbname=settings.get("POSTGRES_DBNAME", "postgres"),
        autocommit=True,
    )
