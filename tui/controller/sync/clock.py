"""A hybrid logical clock (Kulkarni et al., 2014): physical milliseconds plus a counter, so an edit
made after seeing another always reads later, even when the two cars' clocks disagree.

A timestamp is a string that sorts as it compares: 13 digits of milliseconds, 5 of counter, and the
car's id as the last tie-break ("0001733500000000.00000.car-a")."""

from __future__ import annotations

from typing import Callable


def encode(ms: int, counter: int, node: str) -> str:
    return f"{ms:016d}.{counter:05d}.{node}"


def decode(stamp: str) -> tuple[int, int, str]:
    ms, counter, node = stamp.split(".", 2)
    return int(ms), int(counter), node


def valid(stamp) -> bool:
    try:
        ms, counter, node = decode(stamp)
    except (AttributeError, ValueError):
        return False
    return len(stamp) <= 120 and ms >= 0 and 0 <= counter < 100_000 and bool(node)


class HybridClock:
    """`now()` for a local event, `observe(stamp)` for one received. `last` is kept by the caller
    (in the database) so the clock never goes back across restarts."""

    def __init__(self, node: str, wall_ms: Callable[[], int], last: str = ""):
        self.node = node
        self.wall_ms = wall_ms
        self.ms, self.counter = (decode(last)[:2] if last else (0, 0))

    def now(self) -> str:
        wall = self.wall_ms()
        if wall > self.ms:
            self.ms, self.counter = wall, 0
        else:
            self.counter += 1
        return encode(self.ms, self.counter, self.node)

    def observe(self, stamp: str) -> None:
        ms, counter, _ = decode(stamp)
        wall = self.wall_ms()
        if wall > self.ms and wall > ms:
            self.ms, self.counter = wall, 0
        elif ms > self.ms:
            self.ms, self.counter = ms, counter + 1
        elif ms == self.ms:
            self.counter = max(self.counter, counter) + 1
        else:
            self.counter += 1

    @property
    def last(self) -> str:
        return encode(self.ms, self.counter, self.node)
