"""The status bar on every screen: profile, car, gear and speed, outside, energy, clock, state."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.widgets.fit import cell_len, cut as _cut


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; width: 100%; background: $panel; color: $foreground; padding: 0 1;
                text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, controller, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.controller = controller
        self._shown: tuple | None = None  # (status, width) as last drawn

    def on_mount(self) -> None:
        self.update_status()

    def on_resize(self) -> None:
        self.update_status()

    def update_status(self) -> None:
        """Draw what the controller's status says, only when that (or the room) changed: it is asked
        on every controller event, every second for the clock and on every resume."""
        s = self.controller.status()
        width = (self.size.width or self.app.size.width) - 2
        sync = self.controller.__dict__.get("sync")  # profile sync (issue 19): offline / syncing / synced
        mark = sync.indicator() if sync is not None else ""
        alerts = self.controller.__dict__.get("alerts")  # the alert centre (issue 17): unread count
        unread = alerts.unread() if alerts is not None else 0
        if (s, width, mark, unread) == self._shown:
            return
        self._shown = (s, width, mark, unread)
        gap = "  "
        fixed = [f"{s.gear} {s.speed}", s.outside, s.energy, s.clock, s.driving] + ([mark] if mark else []) + \
            ([f"!{unread}"] if unread else [])
        profile, car = f" {s.profile} ", s.car
        # measured in terminal cells (an emoji in a profile's name is two)
        line = lambda p, c, g: cell_len(p) + 1 + cell_len(c) + sum(cell_len(f) + len(g) for f in fixed)  # noqa: E731
        if s.media and width - line(profile, car, gap) < 20:
            car = ""  # now playing matters more than the car's name, which the header shows
        if line(profile, car, gap) > width:
            gap = " "
        # The driving state, clock and readings always show in full; the car's name, then the
        # profile's, give way at narrow widths (80 columns with a long model name).
        over = line(profile, car, gap) - width
        if over > 0 and car:
            car = _cut(car, max(8, cell_len(car) - over))
            over = line(profile, car, gap) - width
        if over > 0:
            profile = " " + _cut(s.profile, max(3, cell_len(s.profile) - over)) + " "
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(profile, style="bold reverse")
        text.append(f" {car}{gap}" if car else " ")
        text.append(f"{s.gear} ", style="bold")
        text.append(f"{s.speed}{gap}")
        text.append(f"{s.outside}{gap}")
        text.append(f"{s.energy}{gap}")
        text.append(f"{s.clock}{gap}", style="bold")
        # reverse only while moving, the state that restricts the screens ("Stopped" in a gear at 0
        # allows what "Parked" allows)
        text.append(s.driving, style="bold reverse" if s.driving == "Moving" else "bold")
        if mark:  # room made for it above, like the readings
            text.append(gap + mark, style="dim" if mark.endswith("offline") else "bold")
        if unread:  # unread alerts: ! opens them
            text.append(gap + f"!{unread}", style="bold reverse")
        room = width - text.cell_len - 2
        if s.media and room >= 8:  # now playing, shortened to the room that is left
            text.append("  " + _cut(s.media, room), style="italic")
        self.update(text, layout=False)  # one fixed line: no layout pass (the simulator updates it 10x/s)
