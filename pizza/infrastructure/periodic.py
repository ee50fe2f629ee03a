"""A thread that does one job every so often, until stopped.

The library has no such thing; the shop's watchdog and resumer each need one.
A failed run is logged and the next one goes ahead as planned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    def __init__(self, name: str, job: Callable[[], object], interval: float) -> None:
        self.job = job
        self.interval = interval
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        """Stops, and waits for a run in progress to finish."""
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                self.job()
            except Exception:
                log.exception("%s failed; it will run again", self.thread.name)
