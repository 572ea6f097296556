"""Full garbage collections kept out of the driver's key presses.

Screens that come and go leave cycles of widgets behind, which only a full (generation 2)
collection frees. Python runs one whenever its counters say so, which is usually in the middle of
something: measured, a full collection took 8 to 13 ms and landed on a menu opening. Here the
automatic full collection is switched off and the app runs it when nobody has pressed a key for
half a second (at the latest every ten seconds), at the same cadence Python would have used.
Young-generation collections (about 1 ms) stay automatic.

Only the real app process does this (tui/cli.py); tests and embedders keep Python's defaults.
"""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 0.5  # no key or click for this long: a good moment
LONGEST_SECONDS = 10.0  # a full collection at the latest this often, even while keys keep coming
DUE_AFTER = 10  # young collections since the last full one (Python's own default threshold)
NEVER = 1_000_000_000


class IdleCollector:
    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.last_input = self.last_full = clock()
        self._saved: tuple[int, int, int] | None = None
        self.collections = 0

    def start(self) -> None:
        """After the first paint: what start-up built lives as long as the app, so it leaves the
        collector's view (gc.freeze); then the automatic full collection is switched off."""
        gc.freeze()
        self._saved = gc.get_threshold()
        young, middle, _ = self._saved
        gc.set_threshold(young, middle, NEVER)
        gc.enable()

    def stop(self) -> None:
        """Python's own thresholds back (the app is ending)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def saw_input(self) -> None:
        self.last_input = self.clock()

    def idle(self) -> bool:
        """Nobody has pressed a key or clicked for IDLE_SECONDS: a good moment for work that can wait."""
        return self.clock() - self.last_input >= IDLE_SECONDS

    def due(self, pending: int) -> bool:
        """Whether a full collection should run now, with `pending` young collections since the last."""
        if pending < DUE_AFTER:
            return False
        return self.idle() or self.clock() - self.last_full >= LONGEST_SECONDS

    def maybe_collect(self) -> bool:
        """Called about once a second by the app."""
        if self._saved is None or not self.due(gc.get_count()[2]):
            return False
        gc.collect()
        self.last_full = self.clock()
        self.collections += 1
        return True
