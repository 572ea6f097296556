"""The status bar on every screen: profile, car, gear and speed, outside, energy, clock, state."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; width: 100%; background: $panel; color: $foreground; padding: 0 1; }
    """

    def __init__(self, controller, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.controller = controller

    def on_mount(self) -> None:
        self.update_status()

    def update_status(self) -> None:
        s = self.controller.status()
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {s.profile} ", style="bold reverse")
        text.append(f" {s.car}  ")
        text.append(f"{s.gear} ", style="bold")
        text.append(f"{s.speed}  ")
        text.append(f"{s.outside}  ")
        text.append(f"{s.energy}  ")
        text.append(f"{s.clock}  ", style="bold")
        text.append(s.driving, style="bold" if s.driving == "Parked" else "bold reverse")
        self.update(text, layout=False)  # one fixed line: no layout pass (the simulator updates it 10x/s)
