"""Rows of a domain's controls (climate, seats, mirrors, lights, drive, driver assist): Left/Right
change a value one step, Enter or Space toggles, cycles or runs. Dimmed rows say why.

The widget asks the domain for the rows and sends it the keys; it holds no rule of its own.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from tui.controller import CockpitError
from tui.widgets.menu_list import MenuItem, MenuList
from tui.widgets.menu_row import value_row

LABEL_WIDTH = 26


class ControlList(MenuList):
    BINDINGS = [
        Binding("left,h", "change(-1)", "Change", show=True, key_display="←→"),
        Binding("right,l", "change(1)", "Change", show=False),
        Binding("enter,space", "select", "Select", show=True, key_display="⏎"),
    ]
    # The keys work, and show, only on the rows they do something on: Left/Right on a row with a
    # value to step (not on an action such as a seat memory, nor a reading such as Health's), Enter
    # on any row but a reading; neither on a row that says why it cannot change now.
    STEPS = ("range", "choice", "toggle")
    SELECTS = ("range", "toggle", "choice", "action")

    class Changed(Message):
        """A control changed; text is what the driver is told."""

        def __init__(self, control_list: "ControlList", control_id: str, text: str, step: bool = False) -> None:
            self.control_list = control_list
            self.control_id = control_id
            self.text = text
            self.step = step  # Left/Right: the row shows the new value (unless it was at its limit)
            super().__init__()

    class Refused(Message):
        """The domain refused (the exception carries the sentence for the driver)."""

        def __init__(self, control_list: "ControlList", control_id: str, error: Exception) -> None:
            self.control_list = control_list
            self.control_id = control_id
            self.error = error
            super().__init__()

    def __init__(self, domain, section: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.domain = domain
        self.section = section
        self._kinds: dict[str, str | None] = {}  # row id -> its kind (None: it cannot change now)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        # a burst of readings (the simulator) mostly changes nothing here: set_items then returns at once
        controls = self.domain.controls(self.section)
        self._kinds = {ctl.id: (ctl.kind if ctl.reason is None else None) for ctl in controls}
        self.set_items([MenuItem(ctl.id, ctl.label, ctl.value, ctl.reason) for ctl in controls])
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("change", "select"):
            kind = self._kinds.get(self._current() or "")
            return kind in (self.STEPS if action == "change" else self.SELECTS)
        return True

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()  # the footer follows the row: ←→ Change only where it changes

    def render_item(self, item: MenuItem, number: int) -> Text:
        return self.fit(value_row(item, number, LABEL_WIDTH))

    def _current(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and option.id != "-more-when-parked" else None

    def action_change(self, direction: int) -> None:
        cid = self._current()
        if cid is not None:
            self._apply(cid, lambda: self.domain.change(cid, direction), step=True)

    def action_select(self) -> None:
        cid = self._current()
        if cid is not None:
            self._apply(cid, lambda: self.domain.activate(cid))

    def jump(self, number: int) -> None:
        if 1 <= number <= len(self._items):
            self.highlighted = number - 1

    def _apply(self, cid: str, change, step: bool = False) -> None:
        try:
            text = change()
        except CockpitError as exc:
            self.post_message(self.Refused(self, cid, exc))
            return
        # no reload here: the change comes back as the controller's event and the screen redraws
        # the rows once for it (ControlsScreen.rows_follow); a change that writes nothing shows nothing new
        self.post_message(self.Changed(self, cid, text, step))
