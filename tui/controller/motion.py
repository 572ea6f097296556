"""Is the car moving? Only while something drives it.

A speed above 0 counts only while its reading is live: each reading from the simulator (or the car)
renews a lease kept in the database (`motion.live_until`, so every process on the same car sees
it), about once a second. A reading nobody refreshes expires after MOTION_TTL and the car counts as
parked — a killed `simulate` never leaves the car "moving" for good — and the next tick writes the
car parked (speed 0, in Park) with an audit row from the system.
"""

from __future__ import annotations

MOTION_KEY = "motion.live_until"
MOTION_TTL = 5.0
MOTION_SOURCES = ("simulator", "system")  # what reports the car's own readings
SPEED = "Vehicle.Speed"
PARKED_VALUES = (("Vehicle.IsMoving", False), ("Vehicle.Powertrain.Transmission.SelectedGear", 126))


class MotionLease:
    def __init__(self, settings, clock):
        self.settings = settings  # store.settings: get/set
        self.clock = clock
        self.until = 0.0

    def load(self) -> None:
        """Read the lease another process may have renewed."""
        self.until = self.settings.get(MOTION_KEY) or 0.0

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def state(self, speed) -> tuple[bool, bool]:
        """(moving, reading current) for this speed reading."""
        if not (isinstance(speed, (int, float)) and speed > 0):
            return False, True
        if self._now() < self.until:
            return True, True
        return False, False

    def due(self, speed, source: str) -> bool:
        """Should a reading from `source` renew the lease now? (At most about once a second.)"""
        if source not in MOTION_SOURCES or not isinstance(speed, (int, float)) or speed <= 0:
            return False
        return self.until - self._now() < MOTION_TTL - 1.0

    def renew(self) -> None:
        """Inside the caller's write transaction."""
        self.until = self._now() + MOTION_TTL
        self.settings.set(MOTION_KEY, self.until)


__all__ = ["MotionLease", "MOTION_KEY", "MOTION_TTL", "MOTION_SOURCES", "PARKED_VALUES"]
