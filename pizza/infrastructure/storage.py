"""Where an application keeps its own records when the library's default does
not fit.

The library builds every application's recorder from one set of environment
variables (``PERSISTENCE_MODULE``, ...), which a prefix such as ``ORDERS_`` can
change per application. Two of the shop's applications need something else,
whatever the event store is, so they extend ``Application.construct_factory``:

- ``KeepsRecordsInSQLTables``: the order status view keeps SQL tables, so its
  records always go through ``eventsourcing_sqlalchemy``, in the same database
  as the events where it can;
- ``KeepsPositionInMemory``: the autopilot's reading position is kept in memory
  on purpose (it re-reads the kitchen's log on every start).

A follower's ``construct_factory`` is also called for each leader it follows
(to read that leader's events with the leader's mapper), so both change only the
factory built for the application's own name.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment
from sqlalchemy.engine import URL

from pizza.settings import POSTGRES_MODULE, SQLALCHEMY_MODULE

SQLITE_MODULE = "eventsourcing.sqlite"
POPO_MODULES = ("eventsourcing.popo", "popo", "")


class ConfigurationError(Exception):
    """The environment does not say where a view can keep its tables."""


class KeepsRecordsInSQLTables(Application[Any]):
    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        if env.name == self.name:
            env = sql_tables_environment(env)
        return super().construct_factory(env)


class KeepsPositionInMemory(Application[Any]):
    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        if env.name == self.name:
            prefixed = f"{env.name.upper()}_PERSISTENCE_MODULE"
            env = Environment(env.name, {**env, prefixed: "eventsourcing.popo"})
        return super().construct_factory(env)


def sql_tables_environment(env: Environment) -> Environment:
    """The environment of an application that keeps SQL tables through
    SQLAlchemy: the same SQLAlchemy URL as the events, the same PostgreSQL
    database, the same SQLite file; an in-memory SQLite database when the events
    are in memory. ``<NAME>_SQLALCHEMY_URL`` (for example
    ``ORDERSTATUS_SQLALCHEMY_URL``) puts it anywhere else."""
    prefix = env.name.upper()
    tables_env = Environment(env.name, env)
    tables_env[f"{prefix}_SQLALCHEMY_URL"] = sql_tables_url(env)
    tables_env[f"{prefix}_PERSISTENCE_MODULE"] = SQLALCHEMY_MODULE
    return tables_env


def sql_tables_url(env: Environment) -> str:
    # dict.get: the application's own URL only, not the library's fallback to
    # the unprefixed SQLALCHEMY_URL that Environment.get would give.
    own_url = dict.get(env, f"{env.name.upper()}_SQLALCHEMY_URL")
    if own_url:
        return own_url
    module = env.get("PERSISTENCE_MODULE", "")
    if module == SQLALCHEMY_MODULE:
        url = env.get("SQLALCHEMY_URL")
        if not url:
            raise ConfigurationError("SQLALCHEMY_URL is not set")
        return url
    if module == POSTGRES_MODULE:
        return postgres_url(env).render_as_string(hide_password=False)
    if module == SQLITE_MODULE:
        return f"sqlite:///{env.get('SQLITE_DBNAME', ':memory:')}"
    if module in POPO_MODULES:
        return "sqlite:///:memory:"
    raise ConfigurationError(
        f"No default database for the {env.name} view with PERSISTENCE_MODULE="
        f"{module!r}: set {env.name.upper()}_SQLALCHEMY_URL"
    )


def postgres_url(env: Environment) -> URL:
    """The library's ``POSTGRES_*`` as a SQLAlchemy URL, with its connect timeout
    (libpq takes whole seconds, at least 2)."""
    port = env.get("POSTGRES_PORT")
    timeout = env.get("POSTGRES_CONNECT_TIMEOUT")
    return URL.create(
        "postgresql+psycopg",
        username=env.get("POSTGRES_USER"),
        password=env.get("POSTGRES_PASSWORD"),
        host=env.get("POSTGRES_HOST"),
        port=int(port) if port else None,
        database=env.get("POSTGRES_DBNAME"),
        query={"connect_timeout": str(max(2, int(timeout)))} if timeout else {},
    )
