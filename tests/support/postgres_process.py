"""Run the processes of the throwaway PostgreSQL server in tests/support/postgres.py.

:class:`Runner` runs the server commands, and :func:`initdb`,
:func:`start_server` and :func:`stop_server` use it to create the cluster and
start and stop the server with ``pg_ctl``. When the effective uid is 0 the
commands are run as the ``postgres`` system user (via ``runuser``, or ``su`` if
``runuser`` is missing), because ``initdb`` and ``postgres`` refuse to run as
root; see the :mod:`tests.support.postgres` docstring for what that asks of
``base_dir``.
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import shutil
import socket
import stat
import subprocess
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "COMMAND_TIMEOUT",
    "INSTALL_HINT",
    "Runner",
    "initdb",
    "start_server",
    "stop_server",
]

INSTALL_HINT = "run `scripts/install-system-deps` (as root) to install PostgreSQL"
"""What to tell the user when PostgreSQL is missing."""

COMMAND_TIMEOUT = 120.0
"""Seconds any one server command may take."""

_SERVER_OS_USER = "postgres"
_START_ATTEMPTS = 3
_LOG_TAIL_LINES = 30


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


class Runner:
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
                f"run PostgreSQL as; {INSTALL_HINT}"
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
                timeout=COMMAND_TIMEOUT,
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


def initdb(
    runner: Runner, bindir: Path, data_dir: Path, pwfile: Path, *, user: str
) -> None:
    """Create the cluster in ``data_dir`` with superuser ``user``."""
    base = [
        str(bindir / "initdb"),
        "-D",
        str(data_dir),
        "-U",
        user,
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


NOT_DURABLE = ("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")


def start_server(
    runner: Runner,
    bindir: Path,
    data_dir: Path,
    socket_dir: Path,
    log_file: Path,
    port: int | None = None,
    *,
    durable: bool = False,
) -> int:
    """Start the server on ``port``, or a free one; return the port. Unless
    ``durable``, it does not wait for the disk on commit (fast, but a crash
    loses the last commits it acknowledged)."""
    last_error = ""
    for _ in range(_START_ATTEMPTS if port is None else 1):
        log_file.unlink(missing_ok=True)  # so the tail below is this attempt's
        port = port or _free_port()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-p {port}",
                f"-k {shlex.quote(str(socket_dir))}",
                *(() if durable else NOT_DURABLE),
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
        stop_server(runner, bindir, data_dir)
    raise RuntimeError(last_error)


def stop_server(runner: Runner, bindir: Path, data_dir: Path) -> None:
    """Stop the server; failure (e.g. it is already stopped) is ignored."""
    if not (data_dir / "postmaster.pid").exists():
        return
    runner.try_run(
        [str(bindir / "pg_ctl"), "-D", str(data_dir), "-m", "immediate", "-w", "stop"]
    )
