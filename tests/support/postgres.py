"""Start a throwaway, real PostgreSQL server for the test session.

Usage (typically from a session-scoped pytest fixture)::

    base_dir = Path(tempfile.mkdtemp(prefix="pizza-pg-"))
    base_dir.chmod(0o755)
    with start_postgres(base_dir) as server:
        os.environ.update(server.env())
        ...  # or create_engine(server.url())
    shutil.rmtree(base_dir, ignore_errors=True)

What :func:`start_postgres` does:

1. Finds the server binaries: ``pg_config --bindir`` if it holds ``initdb``,
   else the newest ``/usr/lib/postgresql/*/bin`` (Debian's layout), else
   ``PATH``. If none is found it raises :class:`RuntimeError` telling the user
   to run ``scripts/install-system-deps``.
2. Runs ``initdb`` into ``base_dir/data`` with superuser ``pizza``, a random
   password, trust auth over the unix socket and ``scram-sha-256`` over TCP.
3. Starts the server with ``pg_ctl`` on ``127.0.0.1`` and a free TCP port,
   with its unix socket in ``base_dir/socket`` and durability turned off
   (``fsync``, ``synchronous_commit``, ``full_page_writes``) for speed.
4. Creates the database ``pizza_test`` and yields a :class:`PostgresServer`.
5. On exit stops the server with ``pg_ctl -m immediate stop``. The files in
   ``base_dir`` are left for the caller to delete.

Running as root: ``initdb`` and ``postgres`` refuse to run as root, so when
the effective uid is 0 the server commands are run as the ``postgres`` system
user (via ``runuser``, or ``su`` if ``runuser`` is missing), ``base_dir`` is
chowned to that user, and every parent directory of ``base_dir`` must be
traversable by it. That is why callers should use a fresh directory directly
under ``/tmp`` (as above) rather than e.g. pytest's ``tmp_path``, whose parent
``/tmp/pytest-of-root`` is mode 0700.

Escape hatch: if ``PIZZA_TEST_POSTGRES_HOST`` is set, no server is started;
:func:`start_postgres` yields a :class:`PostgresServer` built from
``PIZZA_TEST_POSTGRES_HOST``, ``PIZZA_TEST_POSTGRES_PORT`` (default 5432),
``PIZZA_TEST_POSTGRES_USER`` (default ``pizza``),
``PIZZA_TEST_POSTGRES_PASSWORD`` (default empty) and
``PIZZA_TEST_POSTGRES_DBNAME`` (default ``pizza_test``). That database must
already exist.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tests.support.postgres_process import (
    COMMAND_TIMEOUT,
    INSTALL_HINT,
    Runner,
    initdb,
    start_server,
    stop_server,
)

__all__ = [
    "DEFAULT_DBNAME",
    "DEFAULT_USER",
    "Outage",
    "PostgresServer",
    "find_bindir",
    "start_postgres",
]

DEFAULT_USER = "pizza"
"""Superuser name of the throwaway server."""

DEFAULT_DBNAME = "pizza_test"
"""Database created in the throwaway server."""

_ENV_PREFIX = "PIZZA_TEST_POSTGRES_"
# Unix socket paths are limited to 107 bytes on Linux; leave room for the
# ".s.PGSQL.<port>" file name.
_MAX_SOCKET_DIR_LEN = 107 - len("/.s.PGSQL.65535")


@dataclass(frozen=True)
class PostgresServer:
    """Connection parameters of a running PostgreSQL server."""

    host: str
    port: int
    user: str
    password: str
    dbname: str

    def env(self) -> dict[str, str]:
        """Return the environment variables the eventsourcing library reads."""
        return {
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_DBNAME": self.dbname,
        }

    def url(self) -> str:
        """Return an SQLAlchemy URL using the psycopg (v3) driver."""
        user = quote(self.user, safe="")
        password = quote(self.password, safe="")
        dbname = quote(self.dbname, safe="")
        return (
            f"postgresql+psycopg://{user}:{password}@{self.host}:{self.port}/{dbname}"
        )


def find_bindir() -> Path:
    """Return the directory holding ``initdb``, ``pg_ctl`` and ``postgres``.

    Raises :class:`RuntimeError` if the server binaries cannot be found.
    """
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"],
                capture_output=True,
                text=True,
                check=True,
                timeout=COMMAND_TIMEOUT,
            ).stdout.strip()
            if out:
                candidates.append(Path(out))
    debian_dirs = Path("/usr/lib/postgresql").glob("*/bin")
    candidates.extend(sorted(debian_dirs, key=_version_key, reverse=True))
    initdb_on_path = shutil.which("initdb")
    if initdb_on_path is not None:
        candidates.append(Path(initdb_on_path).resolve().parent)

    for bindir in candidates:
        if all(
            _is_executable(bindir / name) for name in ("initdb", "pg_ctl", "postgres")
        ):
            return bindir
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found via "
        f"pg_config, /usr/lib/postgresql/*/bin or PATH; {INSTALL_HINT}, or set "
        f"{_ENV_PREFIX}HOST (and _PORT/_USER/_PASSWORD/_DBNAME) to use your own server."
    )


@contextlib.contextmanager
def start_postgres(
    base_dir: Path, *, durable: bool = False
) -> Iterator[PostgresServer]:
    """Start a throwaway PostgreSQL server in ``base_dir``; stop it on exit.

    ``base_dir`` should be a fresh, empty directory created by the caller
    directly under ``/tmp`` (see the module docstring for why). If
    ``PIZZA_TEST_POSTGRES_HOST`` is set, no server is started and the
    parameters are taken from the environment instead. A ``durable`` server
    keeps what it acknowledged through a crash, as a production server does;
    the others trade that for speed.
    """
    external = _server_from_environment()
    if external is not None:
        yield external
        return

    bindir = find_bindir()
    base_dir = base_dir.resolve()
    base_dir.mkdir(parents=True, exist_ok=True)
    runner = Runner(base_dir)
    data_dir = base_dir / "data"
    socket_dir = base_dir / "socket"
    log_file = base_dir / "postgres.log"
    if len(os.fsencode(socket_dir)) > _MAX_SOCKET_DIR_LEN:
        raise RuntimeError(
            f"socket directory path too long for a unix socket: {socket_dir}"
        )
    socket_dir.mkdir(exist_ok=True)

    password = secrets.token_urlsafe(24)
    pwfile = base_dir / "pwfile"
    pwfile.write_text(password + "\n", encoding="utf-8")
    runner.prepare()

    initdb(runner, bindir, data_dir, pwfile, user=DEFAULT_USER)
    try:
        port = start_server(
            runner, bindir, data_dir, socket_dir, log_file, durable=durable
        )
        runner.run(
            [
                str(bindir / "createdb"),
                "-h",
                str(socket_dir),
                "-p",
                str(port),
                "-U",
                DEFAULT_USER,
                DEFAULT_DBNAME,
            ],
            what="createdb",
        )
        yield PostgresServer(
            host="127.0.0.1",
            port=port,
            user=DEFAULT_USER,
            password=password,
            dbname=DEFAULT_DBNAME,
        )
    finally:
        # Also attempted when `pg_ctl start` failed: it may have timed out
        # while the server was still coming up.
        stop_server(runner, bindir, data_dir)


@dataclass(frozen=True)
class Outage:
    """Stops and starts again the durable server that ``start_postgres(base_dir,
    durable=True)`` started, on the same port, as a crash and a restart of the
    database would."""

    base_dir: Path
    port: int

    def stop(self) -> None:
        """Stops the server at once (``pg_ctl -m immediate``), like a crash."""
        base_dir = self.base_dir.resolve()
        stop_server(Runner(base_dir), find_bindir(), base_dir / "data")

    def start(self) -> None:
        base_dir = self.base_dir.resolve()
        start_server(
            Runner(base_dir),
            find_bindir(),
            base_dir / "data",
            base_dir / "socket",
            base_dir / "postgres.log",
            port=self.port,
            durable=True,
        )


# --------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------


def _server_from_environment() -> PostgresServer | None:
    host = os.environ.get(_ENV_PREFIX + "HOST")
    if not host:
        return None
    port_text = os.environ.get(_ENV_PREFIX + "PORT") or "5432"
    try:
        port = int(port_text)
    except ValueError:
        raise RuntimeError(
            f"{_ENV_PREFIX}PORT is not a number: {port_text!r}"
        ) from None
    return PostgresServer(
        host=host,
        port=port,
        user=os.environ.get(_ENV_PREFIX + "USER") or DEFAULT_USER,
        password=os.environ.get(_ENV_PREFIX + "PASSWORD", ""),
        dbname=os.environ.get(_ENV_PREFIX + "DBNAME") or DEFAULT_DBNAME,
    )


def _version_key(path: Path) -> tuple[int, ...]:
    """Sort key for ``/usr/lib/postgresql/<version>/bin``: newest is largest."""
    version = path.parent.name
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)
