"""``pizza up``: the whole production set on one machine, kept running.

It starts the web processes (``pizza web``) and one process per part (``pizza
worker PART``), starts again any that ends, after 0.5 s, then twice as long each
time it ends again within a minute, up to 30 s, and on SIGTERM or Ctrl-C stops
them all (SIGTERM, then SIGKILL for any still there after the grace period).

Why not supervisord, circus or honcho? supervisord and circus give up on a
process that keeps failing quickly (supervisord's FATAL state after
``startretries``, circus's flapping detection), and honcho starts nothing
again; a shop must keep trying for as long as it runs, since the usual cause
(the database is away) passes by itself.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pizza.metrics import forget_process

QUICK_EXIT = 60.0  # seconds: a process that ends sooner counts as failing
LONGEST_PAUSE = 30.0
GRACE = 15.0  # seconds between SIGTERM and SIGKILL on the way out
PIZZA = [sys.executable, "-m", "pizza"]
log = logging.getLogger(__name__)


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)  # over the set's own
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    failures: int = 0
    start_at: float = field(default_factory=time.monotonic)

    def start(self, env: Mapping[str, str]) -> None:
        # Running our own command is the point of this module.
        self.process = subprocess.Popen(self.argv, env={**env, **self.env})  # noqa: S603
        self.started_at = time.monotonic()
        log.info("%s: started (pid %d)", self.name, self.process.pid)

    def ended(self) -> bool:
        """True once, when the process has just ended; plans its restart."""
        if self.process is None or self.process.poll() is None:
            return False
        code = self.process.returncode
        quick = time.monotonic() - self.started_at < QUICK_EXIT
        self.failures = self.failures + 1 if quick else 0
        pause = min(0.5 * 2 ** max(self.failures - 1, 0), LONGEST_PAUSE)
        self.start_at = time.monotonic() + pause
        self.process = None
        log.warning(
            "%s: ended with %s; starting it again in %s s", self.name, code, pause
        )
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()


def web_command(host: str, port: int, workers: int, *, proxied: bool) -> Child:
    """The web processes, as a command of this Python (behind our own nginx,
    trusting what it says of the client)."""
    args = ["web", "--host", host, "--port", str(port), "--workers", str(workers)]
    return Child("web", [*PIZZA, *args], {"PIZZA_PROXIES": "1"} if proxied else {})


def part_commands(parts: Sequence[str]) -> list[Child]:
    """A process per part, as commands of this Python."""
    return [Child(part, [*PIZZA, "worker", part]) for part in parts]


def supervise(children: Sequence[Child], env: Mapping[str, str]) -> None:
    """Keeps the children running until SIGTERM or SIGINT, then stops them."""
    stopping, woken = threading.Event(), threading.Event()

    def stop(*_: object) -> None:
        stopping.set()
        woken.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGCHLD, lambda *_: woken.set())
    try:
        while not stopping.is_set():
            now = time.monotonic()
            for child in children:
                pid = child.process.pid if child.process else None
                if child.ended() and pid is not None:
                    forget_process(pid, env)
                if child.process is None and child.start_at <= now:
                    child.start(env)
            waiting = [c.start_at - now for c in children if c.process is None]
            woken.wait(max(0.0, min([LONGEST_PAUSE, *waiting])))
            woken.clear()
    finally:
        stop_all(children)


def stop_all(children: Sequence[Child]) -> None:
    for child in children:
        child.stop()
    deadline = time.monotonic() + GRACE
    for child in children:
        if child.process is None:
            continue
        try:
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop within %s s: killing it", child.name, GRACE)
            child.process.kill()
            child.process.wait()
