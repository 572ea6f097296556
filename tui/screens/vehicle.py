"""What the car-control screens share (Climate, Seats & Mirrors, Lights & Display, Driver Assist,
Drive): a list of a domain's controls, refreshed when the controller announces a change (bursts
of changes, such as the simulator's, are drawn once)."""

from __future__ import annotations

import time

from typing import TYPE_CHECKING, Callable

from textual import on
from textual.widgets import Static

from tui.controller.controls import AtLimit
from tui.controller.restrictions import fit_text
from tui.messages import ControllerChanged
from tui.screens.base import CockpitScreen
from tui.widgets.control_list import ControlList

if TYPE_CHECKING:
    from tui.controller import Controller
    from tui.controller.controls import ControlDomain


class ControlsScreen(CockpitScreen):
    # the controller domain the rows belong to, as a typed selector (never a name looked up)
    DOMAIN: Callable[[Controller], ControlDomain]
    SECTION: str | None = None
    RELEVANT_SOURCES = None  # None: every change redraws the rows

    def __init__(self, section: str | None = None, crumbs: tuple[str, ...] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if section is not None:
            self.SECTION = section
        if crumbs is not None:
            self.CRUMBS = crumbs
        self._redraw_pending = False

    @property
    def domain(self):
        return self.DOMAIN(self.controller)

    def compose_body(self):
        yield from self.compose_top()
        yield ControlList(self.domain, self.SECTION, id="controls")

    def compose_top(self):
        yield from ()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ControlList).focus()
        self.refresh_top()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.redraw()

    def refresh_top(self) -> None:
        """Lines above the list (a summary); screens that have them override this."""

    # Readings from the simulator redraw at most this often (a glance needs no more; keys and
    # the driver's own changes redraw at once, once per change: the list does not redraw itself).
    READINGS_PERIOD = 0.2
    _last_redraw = 0.0
    _moving_seen = False  # the car starting or stopping redraws at once: what is allowed changed

    def redraw(self) -> None:
        self._redraw_pending = False
        if self.gone or not self.is_mounted:
            return
        self._last_redraw = time.monotonic()
        self.query_one(ControlList).reload()
        self.refresh_top()

    @on(ControllerChanged)
    def rows_follow(self, message: ControllerChanged) -> None:
        moving = self.controller.restrictions().moving
        started_or_stopped, self._moving_seen = moving != self._moving_seen, moving
        if message.source == "simulator" and not started_or_stopped:
            if self._redraw_pending:
                return
            wait = self.READINGS_PERIOD - (time.monotonic() - self._last_redraw)
            if wait > 0:
                self._redraw_pending = True
                self.set_timer(wait, self.redraw)
                return
        self.redraw()

    def say(self, text: str, severity: str = "information", timeout: float = 1.5) -> None:
        """A short message, at most 80 characters while moving."""
        self.app.notify(fit_text(text, self.controller.restrictions()), severity=severity, timeout=timeout)

    def on_control_list_changed(self, message: ControlList.Changed) -> None:
        """A step shows in its row: nothing to say, unless it could go no further."""
        if not message.step or isinstance(message.text, AtLimit):
            self.say(message.text)

    def on_control_list_refused(self, message: ControlList.Refused) -> None:
        self.say(str(message.error), "warning", 3)


def line(widget_id: str) -> Static:
    return Static("", id=widget_id, classes="panel-line")
