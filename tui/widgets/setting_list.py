"""Rows of car settings: Left/Right change a value one step, Enter or Space toggles or cycles.

The widget asks the controller for everything (label, value in the driver's units, whether the
car has it) and asks it to change values; it holds no rule of its own.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from tui.controller import CockpitError
from tui.widgets.menu_list import MenuItem, MenuList
from tui.widgets.menu_row import value_row

LABEL_WIDTH = 28


class SettingList(MenuList):
    BINDINGS = [
        Binding("left,h", "change(-1)", "Less", show=True),
        Binding("right,l", "change(1)", "More", show=True),
        Binding("enter,space", "select", "Change", show=True, key_display="⏎"),
    ]

    def __init__(self, controller, paths: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.controller = controller
        self.paths = paths

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        items = []
        for path in self.paths:
            if self.controller.has(path):
                spec = self.controller.spec(path)
                items.append(MenuItem(path, spec.label, self.controller.format(path)))
        self.set_items(items)

    def render_item(self, item: MenuItem, number: int) -> Text:
        return self.fit(value_row(item, number, LABEL_WIDTH))

    def refresh_path(self, path: str) -> None:
        if path not in self.paths or not self.controller.has(path):
            return
        try:
            index = self.get_option_index(path)
        except Exception:
            return
        item = MenuItem(path, self.controller.spec(path).label, self.controller.format(path))
        self._items[index] = item
        self.replace_option_prompt(path, self.render_item(item, index + 1))

    def _current(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def action_change(self, direction: int) -> None:
        path = self._current()
        if path is None:
            return
        self._apply(lambda: self.controller.step(path, direction), path)

    def action_select(self) -> None:
        path = self._current()
        if path is None:
            return
        spec = self.controller.spec(path)
        if spec.kind in ("toggle", "choice"):
            self._apply(lambda: self.controller.toggle(path), path)
        else:
            self.app.notify(f"{spec.label}: use Left and Right to change it.", timeout=2)

    def jump(self, number: int) -> None:
        if 1 <= number <= len(self._items):
            self.highlighted = number - 1

    def _apply(self, change, path: str) -> None:
        try:
            event = change()
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.refresh_path(path)  # the row shows the new value: nothing to say unless it could not change
        if event is None:
            self.app.notify(f"{self.controller.spec(path).label} is at its limit.", timeout=2)
