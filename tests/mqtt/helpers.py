"""Small helpers for the MQTT tests: a collecting listener and waiting for a condition (never a bare
sleep)."""

from __future__ import annotations

import threading
import time


def wait_for(condition, timeout: float = 10.0, step: float = 0.02, poll=None) -> bool:
    """True as soon as condition() is; False after timeout. `poll` runs before each check (for
    draining a controller's inbox on the test's thread)."""
    deadline = time.monotonic() + timeout
    while True:
        if poll is not None:
            poll()
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)


class Inbox:
    """Collects (topic, payload, retain) from a link's network thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[str, bytes, bool]] = []

    def __call__(self, topic: str, payload: bytes, retain: bool) -> None:
        with self.lock:
            self.messages.append((topic, payload, retain))

    def on(self, topic: str) -> list[bytes]:
        with self.lock:
            return [p for t, p, _ in self.messages if t == topic]

    def last(self, topic: str) -> bytes | None:
        got = self.on(topic)
        return got[-1] if got else None
