"""How far each follower has read, where followers are stuck, and which have
stopped.

The library's runners report no health. This reads what they keep: each
follower's tracking position (``ProcessRecorder.max_tracking_id``), its leader's
notifications after it, and, under ``MultiThreadedRunner``, the thread of each
follower (``runner.threads``, whose ``error`` is set when it stops on an
exception; undocumented attributes, covered by the exact pin in
``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.system import Follower, MultiThreadedRunner, Runner, System

from pizza.infrastructure.followers import ProcessesInBatches
from pizza.infrastructure.parking import StuckEvent

LAG_COUNTED_UP_TO = 1000


@dataclass(frozen=True)
class FollowerLag:
    """How far a follower has read of a leader's log: the last position it
    processed, the leader's last position, how many events it has still to
    process (counting only those it reads, up to ``LAG_COUNTED_UP_TO``), and
    when the oldest of those was recorded."""

    follower: str
    leader: str
    processed: int
    recorded: int
    behind: int
    waiting_since: datetime | None

    def seconds_behind(self, now: datetime) -> float:
        if self.waiting_since is None:
            return 0.0
        return max(0.0, (now - self.waiting_since).total_seconds())


def follower_lags(
    system: System, apps: Mapping[str, Application[Any]]
) -> list[FollowerLag]:
    """Each follower's position in each of its leaders' logs (``apps`` are the
    system's applications, by name, running or not)."""
    lags = []
    for leader_name, follower_name in system.edges:
        leader, follower = apps[leader_name], apps[follower_name]
        assert isinstance(follower, Follower)
        processed = follower.recorder.max_tracking_id(leader_name) or 0
        waiting = leader.recorder.select_notifications(
            start=processed + 1, limit=LAG_COUNTED_UP_TO, topics=follower.topics
        )
        recorded = leader.recorder.max_notification_id() or 0
        since = recorded_at(leader, waiting[0]) if waiting else None
        lags.append(
            FollowerLag(
                follower_name, leader_name, processed, recorded, len(waiting), since
            )
        )
    return lags


def recorded_at(
    leader: Application[Any], notification: Notification
) -> datetime | None:
    """When the event was recorded; None if it cannot be read (a poison event)."""
    try:
        event = leader.mapper.to_domain_event(notification)
    except Exception:
        return None
    timestamp = getattr(event, "timestamp", None)
    return timestamp if isinstance(timestamp, datetime) else None


def stuck_events(
    system: System, apps: Mapping[str, Application[Any]]
) -> list[StuckEvent]:
    """The events followers have stopped at (see ``parking``), in any process
    whose parking lot this one can read."""
    stuck: list[StuckEvent] = []
    for name in system.followers:
        follower = apps[name]
        if isinstance(follower, ProcessesInBatches):
            stuck += [s for s in follower.parking.all() if s.follower == name]
    return stuck


def stopped_followers(runner: Runner[Any] | None) -> dict[str, str]:
    """Followers whose thread has stopped on an error, with the error. A
    restart resumes them where they stopped."""
    if not isinstance(runner, MultiThreadedRunner):
        return {}
    return {
        name: str(thread.error)
        for name, thread in runner.threads.items()
        if thread.error
    }
