"""Seats & Mirrors: the driver's and passenger's seat (every axis the car has), seat memory
(recall asks first and works only when parked; S saves), mirrors, and the steering wheel."""

from __future__ import annotations

from textual.binding import Binding

from tui.controller import CockpitError
from tui.controller.seats import ConfirmationNeeded
from tui.screens.base import PartsScreen
from tui.screens.dialogs import ConfirmScreen
from tui.screens.vehicle import ControlsScreen
from tui.widgets.control_list import ControlList
from tui.widgets.menu_list import MenuItem

SECTIONS = [  # (id, title, domain, section)
    ("driver", "Driver seat", lambda c: c.seats, "DriverSide"),
    ("passenger", "Passenger seat", lambda c: c.seats, "PassengerSide"),
    ("memory", "Seat memory", lambda c: c.seats, "memory"),
    ("mirrors", "Mirrors", lambda c: c.mirrors, None),
    ("wheel", "Steering wheel", lambda c: c.mirrors, "wheel"),
]


class SeatsScreen(PartsScreen):
    CRUMBS = ("Seats & Mirrors",)
    HELP = "Seats, seat memory, mirrors and the steering wheel. Enter opens a part."

    def items(self) -> list[MenuItem]:
        c = self.controller
        out = []
        for sid, title, domain, section in SECTIONS:
            rows = domain(c).controls(section)
            usable = [r for r in rows if r.reason is None]
            if sid == "memory":
                count = c.seats.preset_count()
                detail = c.seats.summary() if count else ""
                reason = None if count else f"This {c.car.model.name} has no seat memory"
            else:
                detail = f"{len(usable)} adjustment{'s' if len(usable) != 1 else ''}"
                reason = None if usable else rows[0].reason
            out.append(MenuItem(sid, title, detail, reason))
        return out

    def open_part(self, part_id: str) -> None:
        sid, title, domain, section = next(s for s in SECTIONS if s[0] == part_id)
        if sid == "memory":
            self.app.push_screen(SeatMemoryScreen())
        else:
            self.app.push_screen(SeatPartScreen(domain, section, ("Seats & Mirrors", title)))


class SeatPartScreen(ControlsScreen):
    HELP = "Left/Right move the highlighted adjustment one step, within this car's travel."

    def __init__(self, domain, section: str | None, crumbs: tuple[str, ...]) -> None:
        self.DOMAIN = domain  # a selector from SECTIONS
        super().__init__(section=section, crumbs=crumbs)


class SeatMemoryScreen(ControlsScreen):
    CRUMBS = ("Seats & Mirrors", "Seat memory")
    HELP = "Enter recalls a memory (asks first; only when parked). S saves the current position to it."
    DOMAIN = staticmethod(lambda c: c.seats)
    SECTION = "memory"
    BINDINGS = [Binding("s", "save", "Save here", show=True)]

    def _slot(self) -> int | None:
        option = self.query_one(ControlList).highlighted_option
        if option is None or not option.id or not option.id.startswith("preset:") or option.id == "preset:none":
            return None
        return int(option.id.split(":")[1])

    def action_save(self) -> None:
        slot = self._slot()
        if slot is None:
            return
        try:
            text = self.controller.seats.save_preset(slot)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.app.notify(text, timeout=2)
        self.redraw()

    def on_control_list_refused(self, message: ControlList.Refused) -> None:
        message.prevent_default()  # handled here: the base screen would also show it as a warning
        if not isinstance(message.error, ConfirmationNeeded):
            self.say(str(message.error), "warning", 3)
            return
        slot = int(message.control_id.split(":")[1])

        def answered(yes: bool | None) -> None:
            if not yes:
                self.app.notify("Seat memory not recalled.", timeout=1.5)
                return
            try:
                text = self.controller.seats.recall_preset(slot, confirmed=True)
            except CockpitError as exc:
                self.app.notify(str(exc), severity="warning", timeout=3)
                return
            self.app.notify(text, timeout=2)

        try:
            self.controller.seats.recall_preset(slot)  # refuses first when moving or empty
        except ConfirmationNeeded as question:
            self.app.push_screen(ConfirmScreen(str(question), yes="Move"), answered)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
