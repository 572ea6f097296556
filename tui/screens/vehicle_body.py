"""Vehicle: doors and windows (positions that move, one-touch, close all), locks (central, child,
mirror folding), and the car's health (tyres drawn per wheel, readings, warning lights with what
to do). Home > Vehicle > a part: depth 2."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.controller import CockpitError
from tui.screens.authorize import follow
from tui.screens.base import PartsScreen
from tui.screens.vehicle import ControlsScreen
from tui.widgets.control_list import ControlList
from tui.widgets.menu_list import MenuItem

MOVE_PERIOD = 0.25  # seconds: a moving window is drawn four times a second
LEVEL_STYLE = {"ok": "green", "check": "yellow", "low": "bold red"}


class VehicleScreen(PartsScreen):
    CRUMBS = ("Vehicle",)
    HELP = "Doors and windows, locks, and the car's health. Enter opens a part."

    def items(self) -> list[MenuItem]:
        body, health = self.controller.body, self.controller.health
        warnings = health.warnings()
        return [
            MenuItem("openings", "Doors & windows", body.openings_text()),
            MenuItem("locks", "Locks", "Locked" if body.all_locked() else "Unlocked"),
            MenuItem("health", "Health", f"⚠ {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
                     if warnings else "All good"),
        ]

    def open_part(self, part_id: str) -> None:
        screen = {"openings": OpeningsScreen, "locks": LocksScreen, "health": HealthScreen}.get(part_id)
        if screen is not None:
            self.app.push_screen(screen())


class AskingControlsScreen(ControlsScreen):
    """Rows whose change the authority may ask about (unlocking, opening a trunk): the refusal
    carries the authority's answer; the screen asks what it asks (a yes, a PIN) and carries it out."""

    def on_control_list_refused(self, message: ControlList.Refused) -> None:
        decision = getattr(message.error, "decision", None)
        if decision is None:
            super().on_control_list_refused(message)
            return

        def then(pin: str | None) -> None:
            try:
                self.say(self.controller.body.carry_out(message.control_id, pin))
            except CockpitError as exc:
                self.say(str(exc), "warning", 3)

        follow(self.app, decision, then)


class OpeningsScreen(AskingControlsScreen):
    CRUMBS = ("Vehicle", "Doors & windows")
    HELP = ("Left/Right move a window or the sunroof a step; Enter: one touch all the way (again: stop). "
            "Close all closes every window and the sunroof.")
    DOMAIN = staticmethod(lambda c: c.body)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(MOVE_PERIOD, self._follow_motion)

    def _follow_motion(self) -> None:
        """While something moves, the car's motors run between the app's one-second ticks."""
        if not self.gone and self.controller.body.moving():
            self.controller.body.tick()


class LocksScreen(AskingControlsScreen):
    CRUMBS = ("Vehicle", "Locks")
    HELP = "Central locking, the rear child locks and mirror folding. Enter toggles; Left off, Right on."
    DOMAIN = staticmethod(lambda c: c.body)
    SECTION = "locks"


class HealthScreen(ControlsScreen):
    CRUMBS = ("Vehicle", "Health")
    HELP = "Tyre pressures per wheel, washer fluid, 12 V battery, service due and warning lights. Enter on a light says what to do."
    DOMAIN = staticmethod(lambda c: c.health)

    def compose_top(self):
        yield Static("", id="tyres")

    def refresh_top(self) -> None:
        self.query_one("#tyres", Static).update(tyre_picture(self.controller.health))

    def on_control_list_changed(self, message: ControlList.Changed) -> None:
        self.say(message.text, "warning" if message.control_id.startswith("warn:") else "information", 6)


def tyre_picture(health) -> Text:
    """The car from above with each tyre's pressure beside its wheel, coloured by its level."""
    tyres = {t.short: t for t in health.tyres()}
    if not tyres:
        return Text("This car does not report tyre pressures.")

    def tyre(short: str, width: int = 16, right: bool = False) -> Text:
        t = tyres[short]
        mark = "" if t.level == "ok" else f" {t.level.upper()}"
        text = Text(f"{t.short} {t.text}{mark}", style=LEVEL_STYLE[t.level])
        pad = max(0, width - text.cell_len)
        return Text(" " * pad) + text if not right else text + Text(" " * pad)

    out = Text()
    out.append(Text("              front\n"))
    out.append(tyre("FL") + Text(" ◖▀▀▀▀▀◗ ") + tyre("FR", right=True) + Text("\n"))
    out.append(Text(" " * 16 + " ▐     ▌\n"))
    out.append(tyre("RL") + Text(" ◖▄▄▄▄▄◗ ") + tyre("RR", right=True))
    return out
