"""The alert centre (issue 17): one persistent, sourced record of what the driver should know.

Car warnings (low tyres, warning lights), smart-home alerts (the alarm, a device offline), service
and subscription notices (a trial ending, a renewal), PIN lockouts and driver-assist handovers each
become an alert with its time and source, unread until the driver reads it. The store keeps the
newest KEEP for KEEP_DAYS (older ones are pruned as new ones come).

The public API other domains call (keep it stable):

    controller.alerts.raise_(source, kind, text, severity="warning", tell=False) -> alert id

`source` is one of SOURCES, `kind` a short id of what it is ("tyre_low", "alarm", "handover"),
`text` one sentence for the driver. The same alert raised again while unread is counted on its row
(never a second row). tell=True also shows it as a toast (a Notice); domains that already send a
Notice for it leave tell False. An AlertsChanged event announces each change (the status bar's
unread count follows it); raised inside a write transaction it is announced after the commit, and
not at all if the transaction rolls back.

The toasts (tui/message_log.py) are the app's passing record of everything said on screen; this is
the controller's: persisted, sourced, read/unread, and the same for the screens, the CLI and the
assistant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from tui.controller.errors import InvalidValue, UnknownName
from tui.controller.events import ContextChanged, Event, StateChanged

SOURCES = {  # source -> what the screen calls it
    "car": "Car",
    "home": "Home",
    "services": "Services",
    "security": "PINs",
    "assist": "Driver assist",
    "navigation": "Navigation",
}
SEVERITIES = ("information", "warning", "error")
KEEP = 500
KEEP_DAYS = 90
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
HIDDEN_IN_VALET = ("home", "security")  # the home and the PINs are no valet's business


@dataclass(frozen=True)
class AlertsChanged(Event):
    """An alert was raised or read: the unread count is now `unread`."""

    unread: int


@dataclass(frozen=True)
class Alert:
    id: int
    at: datetime  # in UTC; shown in the driver's clock by when()
    source: str
    kind: str
    severity: str
    text: str
    read: bool
    count: int

    @property
    def source_name(self) -> str:
        return SOURCES.get(self.source, self.source.title())

    def to_json(self) -> dict:
        return {"id": self.id, "at": self.at.isoformat(), "source": self.source, "kind": self.kind,
                "severity": self.severity, "text": self.text, "read": self.read, "count": self.count}


def _alert(row) -> Alert:
    return Alert(row.id, datetime.fromisoformat(row.at), row.source, row.kind, row.severity, row.text,
                 row.read, row.count)


class Alerts:
    def __init__(self, controller):
        self.c = controller
        self._unread: int | None = None  # cached count (the status bar asks on every event)
        controller.subscribe(self._on_event)

    # ------------------------------------------------------------------ raising
    def raise_(self, source: str, kind: str, text: str, severity: str = "warning", tell: bool = False) -> int:
        """Record an alert (or count it again on its unread row); its id."""
        if source not in SOURCES:
            raise InvalidValue(f"Unknown alert source {source!r}; one of {', '.join(SOURCES)}.")
        if severity not in SEVERITIES:
            raise InvalidValue(f"Unknown severity {severity!r}; one of {', '.join(SEVERITIES)}.")
        text = " ".join(str(text).split())[:200]
        at = self._now().isoformat(timespec="seconds")
        store = self.c.store
        with store.write():
            same = store.alerts.unread_same(source, kind, text)
            if same is not None:
                store.alerts.bump(same.id, at)
                alert_id = same.id
            else:
                alert_id = store.alerts.add(at, source, kind, severity, text,
                                            self.c.car.vin if source in ("car", "assist") else None)
                before = (self._now() - timedelta(days=KEEP_DAYS)).isoformat(timespec="seconds")
                store.alerts.prune(KEEP, before)
        self._unread = None
        self._announce()
        if tell:
            self.c.notice(text, severity)
        return alert_id

    # ------------------------------------------------------------------ reading
    def unread(self) -> int:
        """How many alerts the driver has not read (those valet mode hides not counted then)."""
        if self._unread is not None:
            return self._unread
        if self._valet():
            n = sum(1 for a in self.list(unread_only=True, limit=KEEP))
        else:
            n = self.c.store.alerts.unread_count()
        if self.c.__dict__.get("_batch") is None:  # not cached inside a transaction that may roll back
            self._unread = n
        return n

    def list(self, source: str | None = None, unread_only: bool = False, limit: int = 200) -> list[Alert]:
        """Newest first, of one source or all."""
        if source is not None and source not in SOURCES:
            raise UnknownName(f"There is no alert source {source!r}; one of {', '.join(SOURCES)}.")
        rows = self.c.store.alerts.newest(source, unread_only, limit)
        hidden = HIDDEN_IN_VALET if self._valet() else ()
        return [_alert(r) for r in rows if r.source not in hidden]

    def get(self, alert_id: int) -> Alert:
        row = self.c.store.alerts.get(alert_id)
        if row is None or (self._valet() and row.source in HIDDEN_IN_VALET):
            raise UnknownName(f"There is no alert {alert_id}.")
        return _alert(row)

    def mark_read(self, alert_id: int | None = None, source: str | None = None) -> int:
        """Mark one alert, a source's, or every alert read; how many were unread."""
        if alert_id is not None:
            self.get(alert_id)
        if source is not None and source not in SOURCES:
            raise UnknownName(f"There is no alert source {source!r}; one of {', '.join(SOURCES)}.")
        if self._valet() and alert_id is None:
            n = 0
            with self.c.store.write():
                for a in self.list(source, unread_only=True, limit=KEEP):
                    n += self.c.store.alerts.mark_read(a.id)
        else:
            with self.c.store.write():
                n = self.c.store.alerts.mark_read(alert_id, source)
        if n:
            self._unread = None
            self._announce()
        return n

    def when(self, alert: Alert) -> str:
        """The alert's time as the driver reads it: the clock today, else the date and the clock."""
        local = alert.at.astimezone(self.c.clock.now().tzinfo)
        now = self.c.clock.now()
        clock = self.c.time_text(local)
        return clock if local.date() == now.date() else f"{self.c.date_text(local)} {clock}"

    def summary(self) -> str:
        """One sentence: how many unread, and the newest."""
        n = self.unread()
        if not n:
            return "No unread alerts."
        newest = self.list(unread_only=True, limit=1)
        tail = f" Newest: {newest[0].text}" if newest else ""
        return f"{n} unread alert{'s' if n != 1 else ''}.{tail}"

    # ------------------------------------------------------------------ inside
    def _now(self) -> datetime:
        return self.c.clock.now().astimezone(timezone.utc)

    def _valet(self) -> bool:
        return bool(self.c.get(VALET)) if self.c.has(VALET) else False

    def _announce(self) -> None:
        event = AlertsChanged(self.unread())
        batch = self.c.__dict__.get("_batch")
        if batch is not None:  # after the transaction it belongs to commits (dropped if it rolls back)
            batch.notices.append(event)
        else:
            self.c.events.publish(event)

    def _on_event(self, event) -> None:
        if isinstance(event, ContextChanged):  # another process, car or profile (valet mode)
            self._unread = None
        elif isinstance(event, StateChanged) and event.path == VALET:
            self._unread = None


__all__ = ["Alerts", "Alert", "AlertsChanged", "SOURCES", "KEEP", "KEEP_DAYS"]
