"""Fixtures shared by every test layer: the real PostgreSQL server and the
persistence backends that system and reliability tests run on."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from tests.support.postgres import PostgresServer, start_postgres

BACKENDS = ("memory", "sqlite", "postgres")


@dataclass(frozen=True)
class Backend:
    """A fresh, empty store: the env the applications get, and where the order
    status view keeps its tables (as an SQLAlchemy URL), when it is a file or
    server that a test can open."""

    name: str
    env: dict[str, str]
    view_url: str


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    base_dir = Path(tempfile.mkdtemp(prefix="pizza-pg-"))
    base_dir.chmod(0o755)
    try:
        with start_postgres(base_dir) as server:
            yield server
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)


def memory_backend() -> Backend:
    return Backend("memory", {"PERSISTENCE_MODULE": "eventsourcing.popo"}, "")


def sqlite_backend(directory: Path) -> Backend:
    url = f"sqlite:///{directory / 'pizza.sqlite'}"
    env = {"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url}
    return Backend("sqlite", env, url)


@pytest.fixture
def postgres_backend(postgres_server: PostgresServer) -> Iterator[Backend]:
    """A new database on the session's server, dropped after the test."""
    dbname = f"test_{uuid4().hex}"
    with admin_connection(postgres_server) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    server = PostgresServer(
        host=postgres_server.host,
        port=postgres_server.port,
        user=postgres_server.user,
        password=postgres_server.password,
        dbname=dbname,
    )
    env = {"PERSISTENCE_MODULE": "eventsourcing.postgres", **server.env()}
    yield Backend("postgres", env, server.url())
    with admin_connection(postgres_server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def admin_connection(server: PostgresServer) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=server.host,
        port=server.port,
        user=server.user,
        password=server.password,
        dbname=server.dbname,
        autocommit=True,
    )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each test that uses this runs once on every backend."""
    if request.param == "memory":
        return memory_backend()
    if request.param == "sqlite":
        return sqlite_backend(tmp_path)
    result: Backend = request.getfixturevalue("postgres_backend")
    return result


@pytest.fixture(params=BACKENDS[1:])
def durable_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The backends that outlive a process: SQLite files and PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_backend(tmp_path)
    result: Backend = request.getfixturevalue("postgres_backend")
    return result
