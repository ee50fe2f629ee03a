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
import grp
import os
import pwd
import re
import secrets
import shlex
import shutil
import socket
import stat
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "DEFAULT_DBNAME",
    "DEFAULT_USER",
    "PostgresServer",
    "find_bindir",
    "start_postgres",
]

DEFAULT_USER = "pizza"
"""Superuser name of the throwaway server."""

DEFAULT_DBNAME = "pizza_test"
"""Database created in the throwaway server."""

_ENV_PREFIX = "PIZZA_TEST_POSTGRES_"
_SERVER_OS_USER = "postgres"
_INSTALL_HINT = "run `scripts/install-system-deps` (as root) to install PostgreSQL"
_COMMAND_TIMEOUT = 120.0
_START_ATTEMPTS = 3
_LOG_TAIL_LINES = 30
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
                timeout=_COMMAND_TIMEOUT,
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
        f"pg_config, /usr/lib/postgresql/*/bin or PATH; {_INSTALL_HINT}, or set "
        f"{_ENV_PREFIX}HOST (and _PORT/_USER/_PASSWORD/_DBNAME) to use your own server."
    )


@contextlib.contextmanager
def start_postgres(base_dir: Path) -> Iterator[PostgresServer]:
    """Start a throwaway PostgreSQL server in ``base_dir``; stop it on exit.

    ``base_dir`` should be a fresh, empty directory created by the caller
    directly under ``/tmp`` (see the module docstring for why). If
    ``PIZZA_TEST_POSTGRES_HOST`` is set, no server is started and the
    parameters are taken from the environment instead.
    """
    external = _server_from_environment()
    if external is not None:
        yield external
        return

    bindir = find_bindir()
    base_dir = base_dir.resolve()
    base_dir.mkdir(parents=True, exist_ok=True)
    runner = _Runner(base_dir)
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

    _initdb(runner, bindir, data_dir, pwfile)
    try:
        port = _start_server(runner, bindir, data_dir, socket_dir, log_file)
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
        _stop_server(runner, bindir, data_dir)


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


def _free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _log_tail(log_file: Path) -> str:
    try:
        lines = log_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no server log)"
    tail = lines[-_LOG_TAIL_LINES:]
    return "\n".join(tail) if tail else "(server log is empty)"


class _Runner:
    """Runs server commands, as the ``postgres`` OS user when we are root."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.as_root = os.geteuid() == 0

    def prepare(self) -> None:
        """Hand ``base_dir`` to the server's OS user when running as root."""
        if not self.as_root:
            return
        try:
            pw = pwd.getpwnam(_SERVER_OS_USER)
        except KeyError:
            raise RuntimeError(
                f"running as root, but there is no {_SERVER_OS_USER!r} system user to "
                f"run PostgreSQL as; {_INSTALL_HINT}"
            ) from None
        # Path.walk() is Python 3.12+.
        for dirpath, dirnames, filenames in os.walk(self.base_dir):
            os.chown(dirpath, pw.pw_uid, pw.pw_gid)
            for name in dirnames + filenames:
                os.chown(
                    Path(dirpath, name), pw.pw_uid, pw.pw_gid, follow_symlinks=False
                )
        blocked = _untraversable_parents(self.base_dir, pw)
        if blocked:
            raise RuntimeError(
                f"running as root, so PostgreSQL runs as the {_SERVER_OS_USER!r} user, "
                f"which cannot enter {', '.join(map(str, blocked))}; pass a base_dir "
                'directly under /tmp, e.g. tempfile.mkdtemp(prefix="pizza-pg-")'
            )

    def command(self, argv: Sequence[str]) -> list[str]:
        if not self.as_root:
            return list(argv)
        runuser = shutil.which("runuser")
        if runuser is not None:
            return [runuser, "-u", _SERVER_OS_USER, "--", *argv]
        su = shutil.which("su") or "su"
        return [su, _SERVER_OS_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]

    def run(self, argv: Sequence[str], *, what: str) -> None:
        """Run ``argv``; raise :class:`RuntimeError` with its output on failure."""
        _check(self.try_run(argv), argv, what)

    def try_run(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` with output (stdout and stderr) captured together."""
        try:
            return subprocess.run(
                self.command(argv),
                cwd=self.base_dir,  # the server user may not be able to enter our cwd
                env=_clean_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
                timeout=_COMMAND_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            output = exc.stdout if isinstance(exc.stdout, str) else ""
            return subprocess.CompletedProcess(argv, -1, f"timed out\n{output}", None)


def _check(
    result: subprocess.CompletedProcess[str], argv: Sequence[str], what: str
) -> None:
    """Raise :class:`RuntimeError` with the command's output if it failed."""
    if result.returncode != 0:
        raise RuntimeError(
            f"{what} failed (exit {result.returncode}): {shlex.join(argv)}\n"
            f"{result.stdout.strip()}"
        )


def _clean_env() -> dict[str, str]:
    """Return the current environment without libpq's PG* variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _untraversable_parents(path: Path, pw: pwd.struct_passwd) -> list[Path]:
    """Return the ancestors of ``path`` that user ``pw`` cannot search."""
    groups = {pw.pw_gid} | {g.gr_gid for g in grp.getgrall() if pw.pw_name in g.gr_mem}
    blocked: list[Path] = []
    for parent in path.parents:
        st = parent.stat()
        if st.st_uid == pw.pw_uid:
            ok = bool(st.st_mode & stat.S_IXUSR)
        elif st.st_gid in groups:
            ok = bool(st.st_mode & stat.S_IXGRP)
        else:
            ok = bool(st.st_mode & stat.S_IXOTH)
        if not ok:
            blocked.append(parent)
    return blocked


def _initdb(runner: _Runner, bindir: Path, data_dir: Path, pwfile: Path) -> None:
    base = [
        str(bindir / "initdb"),
        "-D",
        str(data_dir),
        "-U",
        DEFAULT_USER,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        f"--pwfile={pwfile}",
        "-E",
        "UTF8",
        "--no-sync",
    ]
    with_locale = [*base, "--locale=C.UTF-8"]
    result = runner.try_run(with_locale)
    if result.returncode == 0:
        return
    if "locale" not in result.stdout.lower():
        _check(result, with_locale, "initdb")
    # C.UTF-8 is not available on this system: fall back to the C locale.
    shutil.rmtree(data_dir, ignore_errors=True)
    runner.run([*base, "--no-locale"], what="initdb")


def _start_server(
    runner: _Runner, bindir: Path, data_dir: Path, socket_dir: Path, log_file: Path
) -> int:
    """Start the server on a free port; return the port."""
    last_error = ""
    for _ in range(_START_ATTEMPTS):
        log_file.unlink(missing_ok=True)  # so the tail below is this attempt's
        port = _free_port()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-p {port}",
                f"-k {shlex.quote(str(socket_dir))}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        result = runner.try_run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data_dir),
                "-l",
                str(log_file),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ]
        )
        if result.returncode == 0:
            return port
        tail = _log_tail(log_file)
        last_error = (
            f"PostgreSQL failed to start (pg_ctl exit {result.returncode}):\n"
            f"{result.stdout.strip()}\n--- last lines of {log_file} ---\n{tail}"
        )
        # Another process may have taken the port between _free_port() and
        # the server's bind: retry on a new port; any other failure is final.
        if "already in use" not in tail:
            break
        _stop_server(runner, bindir, data_dir)
    raise RuntimeError(last_error)


def _stop_server(runner: _Runner, bindir: Path, data_dir: Path) -> None:
    """Stop the server; failure (e.g. it is already stopped) is ignored."""
    if not (data_dir / "postmaster.pid").exists():
        return
    runner.try_run(
        [str(bindir / "pg_ctl"), "-D", str(data_dir), "-m", "immediate", "-w", "stop"]
    )
