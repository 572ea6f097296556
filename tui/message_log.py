"""What the app has told the driver, to read again: every toast goes here first.

On screen only the newest message shows (a new one replaces the one before, so toasts never
stack over the rows), and a message that repeats within a short while is counted, not shown
again as a new line. The Messages screen (tui/screens/messages.py: M on the Alerts screen, or the
palette) lists them, newest first. The alert centre (tui/controller/alerts.py) is the car's own
lasting record; this is the app's passing one.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime

REPEAT_WINDOW_S = 30.0  # the same words again within this time: one line, counted
KEEP = 200


@dataclass
class Message:
    at: datetime
    text: str
    severity: str  # information | warning | error
    count: int = 1


class MessageLog:
    def __init__(self, keep: int = KEEP) -> None:
        self._items: deque[Message] = deque(maxlen=keep)
        self.unread = 0

    def add(self, text: str, severity: str, at: datetime) -> bool:
        """Record a message; False when it repeats the last one (counted, nothing new to show)."""
        last = self._items[-1] if self._items else None
        if last is not None and last.text == text and last.severity == severity \
                and abs((at - last.at).total_seconds()) <= REPEAT_WINDOW_S:
            last.count += 1
            last.at = at
            return False
        self._items.append(Message(at, text, severity))
        if severity != "information":
            self.unread += 1
        return True

    def newest_first(self) -> list[Message]:
        return list(reversed(self._items))

    def texts(self) -> list[str]:
        """Every message's words, oldest first (tests and the palette read these)."""
        return [m.text for m in self._items]

    def read(self) -> None:
        self.unread = 0
