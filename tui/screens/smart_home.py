"""The Smart Home tile: favourites first (keys 1-6, usable while moving), then rooms and their
devices, then scenes (Arrive home, Leave home, Good night, and the driver's own), then routines.

Screens only render and dispatch; every rule (valet, PIN, permission, remote access) is in
tui/controller/home.py.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets.option_list import Option

from tui.controller import CockpitError
from tui.controller.restrictions import PARKED_ONLY
from tui.controller.home import COLOURS
from tui.controller.home.entities import HomeBatch
from tui.messages import ControllerChanged
from tui.screens.authorize import ask_then, authorize, follow
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import PromptScreen
from tui.widgets.menu_list import MenuItem, MenuList
from tui.widgets.menu_row import item_row

NAME_WIDTH = 24


# ============================================================================ shared flows
def perform(screen, entity_id: str, action: str, value=None, done=None) -> None:
    """One device action from a screen: refuse with the reason, then what the authority asks for
    (controller.home.decision: unlock, disarm, the garage from afar ask a sensitive yes, then the
    PIN where the driver has one; None: no security action, and the garage near home only asks a
    plain yes), then do it and say what happens."""
    app = screen.app
    c = app.controller
    try:
        e = c.home.device(entity_id)
        reason = c.home.refusal(e, action)
        if reason:
            app.notify(reason, severity="warning", timeout=3)
            return
        question = c.home.ask_first(e, action)
        decision = c.home.decision(e, action, source="ui")
    except CockpitError as exc:
        app.notify(str(exc), severity="warning", timeout=3)
        return

    def run(pin=None) -> None:
        try:
            message = c.home.do(e.entity_id, action, value, pin=pin, source="ui")
        except CockpitError as exc:
            app.notify(str(exc), severity="warning", timeout=3)
            return
        app.notify(message, timeout=2)
        if done is not None:
            done()

    yes = action.replace("_", " ").capitalize()
    if decision is None:
        ask_then(app, run, question=question, yes=yes, sensitive=False)
    else:
        follow(app, decision, run, question=question, yes=yes,
               pin_prompt=f"PIN to {action.replace('_', ' ')} the {e.name.lower()}")


def run_scene(screen, scene_id, done=None) -> None:
    """A scene: a yes first when it opens or unlocks at home (sensitive when one of its steps is a
    security action), the driver's PIN when one is, then every step (a refused one is skipped)."""
    app = screen.app
    c = app.controller
    try:
        scene = c.home.scene(scene_id)
        security = c.home.scene_needs_pin(scene.id)
        needs_pin = security and c.security.has_pin()  # as controller.home.run_scene asks it
        opens = any(c.home.ask_first(step["device"], step["action"]) for step in scene.actions
                    if c.home.backend.get(step["device"]) is not None)
    except CockpitError as exc:
        app.notify(str(exc), severity="warning", timeout=3)
        return

    def run(pin=None) -> None:
        try:
            outcome = c.home.run_scene(scene.id, pin=pin, source="ui")
        except CockpitError as exc:
            app.notify(str(exc), severity="warning", timeout=3)
            return
        app.notify(outcome.summary(), timeout=3)
        if done is not None:
            done()

    ask_then(app, run, question=f"Run {scene.name}? It opens or unlocks at home." if opens else None, yes="Run",
             sensitive=security, pin_prompt=f"PIN to run {scene.name}" if needs_pin else None)


NameScreen = PromptScreen  # the old name (tests import it)


# ============================================================================ the menu with sections
class SectionMenu(MenuList):
    """A MenuList with section titles; favourites keep their key (1-6) as their number."""

    _drawn: list | None = None  # (title or item) per option, as last drawn

    def set_sections(self, sections: list[tuple[str, list[MenuItem]]]) -> None:
        drawn = [entry for title, items in sections if items for entry in [title, *items]]
        if self._drawn is not None and len(drawn) == len(self._drawn) and all(
                type(a) is type(b) and (a == b if isinstance(a, str) else a.id == b.id)
                for a, b in zip(drawn, self._drawn)):
            # the same rows (a big home whose devices talk): redraw only the rows that changed
            self._items = [item for _, items in sections for item in items]
            for index, (new, old) in enumerate(zip(drawn, self._drawn)):
                if not isinstance(new, str) and new != old:
                    number = int(new.id[4:]) if new.id.startswith("fav:") else 99
                    self.replace_option_prompt_at_index(index, self.render_item(new, number))
            self._drawn = drawn
            return
        self._drawn = drawn
        current = self.highlighted_option.id if self.highlighted_option is not None else None
        self._items = [item for _, items in sections for item in items]
        options = []
        for title, items in sections:
            if not items:
                continue
            options.append(Option(Text(title, style="bold underline"), disabled=True))
            for item in items:
                number = int(item.id[4:]) if item.id.startswith("fav:") else 99
                options.append(Option(self.render_item(item, number), id=item.id))
        self.set_options(options)
        if current is not None:
            try:
                self.highlighted = self.get_option_index(current)
                return
            except Exception:
                pass
        for n, option in enumerate(options):
            if not option.disabled:
                self.highlighted = n
                break

    def render_item(self, item: MenuItem, number: int) -> Text:
        return item_row(item, number, width=NAME_WIDTH, number_style="bold")

    def jump(self, number: int) -> None:
        """Keys 1-6 act on that favourite at once (usable while moving)."""
        try:
            self.highlighted = self.get_option_index(f"fav:{number}")
        except Exception:
            self.app.notify(f"No favourite on key {number}. Press f on a device to add one.", timeout=2)
            return
        self.action_select()


# ============================================================================ Smart Home
class SmartHomeScreen(CockpitScreen):
    CRUMBS = ("Smart Home",)
    HELP = ("Your home from the car. Keys 1-6 work your favourites at once, also while driving. Enter opens a "
            "room or runs a scene; f adds or removes a favourite.")
    BINDINGS = [
        Binding("f", "favourite", "Favourite", show=True),
        Binding("d", "delete_scene", "Delete", show=True),
        Binding("r", "routines", "Routines", show=False),
    ]

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("favourite", "delete_scene") and self.is_mounted:
            item = self._current()
            if item is None:
                return False
            if action == "favourite":
                return item.id.startswith(("fav:", "scene:"))
            if not item.id.startswith("scene:"):
                return False
            try:
                return not self.controller.home.scene(item.id[6:]).builtin
            except CockpitError:
                return False
        return True

    def on_option_list_option_highlighted(self, event) -> None:
        self.refresh_bindings()

    def compose_body(self):
        yield Static("", id="home-where")
        yield Static("", id="home-hidden")
        yield SectionMenu(id="home-menu")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_menu()
        self.query_one(SectionMenu).focus()
        self.set_interval(1.0, self._live)  # doors and blinds move, the thermostat drifts

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_menu()

    REDRAW_EVERY_S = 0.1  # a bridged home's bursts redraw the screen at most ten times a second
    _drawn_at = 0.0
    _redraw_due = False

    @on(ControllerChanged)
    def menu_follows(self, message: ControllerChanged) -> None:
        if isinstance(message.event, HomeBatch):
            if self._redraw_due:
                return  # the redraw on its way shows this burst too
            wait = self.REDRAW_EVERY_S - (time.monotonic() - self._drawn_at)
            if wait > 0:
                self._redraw_due = True
                self.set_timer(wait, self._redraw)
                return
        self.refresh_menu()

    def _redraw(self) -> None:
        self._redraw_due = False
        if not self.gone:
            self.refresh_menu()

    def _live(self) -> None:
        if not self.gone and self.app.screen is self:
            self.refresh_menu()

    def refresh_menu(self) -> None:
        self._drawn_at = time.monotonic()
        c = self.controller
        home = c.home
        hidden = home.hidden()
        self.set_class(hidden, "home-hidden")
        self.query_one("#home-hidden", Static).update(
            "The home is hidden in valet mode.\nTurn valet mode off (with the PIN) to see it." if hidden else "")
        place = home.place()
        where = f"{place.name} · {home.distance_text()} away" if place else "No home set"
        self.query_one("#home-where", Static).update("" if hidden else f"{where} · {home.summary()}")
        moving = c.restrictions().moving
        favs = [MenuItem(f"fav:{f.slot}", f.label, f.state + self._hint(f)) for f in home.favourites()]
        rooms = [MenuItem(f"room:{r.name}", r.name, self._room_detail(r), PARKED_ONLY if moving else None)
                 for r in home.rooms()]
        scenes = [MenuItem(f"scene:{s.id}", s.name, s.summary() + ("" if s.builtin else " · your own"))
                  for s in home.scenes()]
        if not hidden:
            scenes.append(MenuItem("newscene", "New scene", "from how the home is now",
                                   PARKED_ONLY if moving else None))
        more = [] if hidden else [MenuItem("routines", "Routines", self._routines_detail()),
                                  MenuItem("place", "Home is here", "set home to where the car is now",
                                           PARKED_ONLY if moving else None)]
        self.query_one(SectionMenu).set_sections(
            [("Favourites", favs), ("Rooms", rooms), ("Scenes", scenes), ("Automation", more)])

    def _hint(self, fav) -> str:
        if fav.kind == "scene":
            return ""
        home = self.controller.home
        action = home.primary(fav.target)
        value = home.primary_value(home.device(fav.target), action) if action else None
        return f" · Enter: {(value or action).replace('_', ' ')}" if action else ""

    @staticmethod
    def _room_detail(room) -> str:
        on = sum(1 for e in room.entities if e.state in ("on", "open", "opening", "unlocked", "heat"))
        count = len(room.entities)
        return f"{count} device{'s' if count != 1 else ''}" + (f", {on} on/open" if on else "")

    def _routines_detail(self) -> str:
        rs = self.controller.routines.for_profile()
        return f"{sum(1 for r in rs if r.enabled)} of {len(rs)} on"

    def _current(self) -> MenuItem | None:
        menu = self.query_one(SectionMenu)
        option = menu.highlighted_option
        return menu.item(option.id) if option is not None and option.id else None

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is None:
            return
        if item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        kind, _, key = item.id.partition(":")
        c = self.controller
        if kind == "fav":
            try:
                fav = c.home.favourite(int(key))
            except CockpitError as exc:
                self.app.notify(str(exc), severity="warning", timeout=2)
                return
            if fav.kind == "scene":
                run_scene(self, fav.target, self.refresh_menu)
                return
            action = c.home.primary(fav.target)
            if not action:
                self.app.notify(f"{fav.label}: {fav.state}", timeout=2)
                return
            e = c.home.device(fav.target)
            perform(self, fav.target, action, c.home.primary_value(e, action), self.refresh_menu)
        elif kind == "room":
            self.app.push_screen(RoomScreen(key))
        elif kind == "scene":
            run_scene(self, key, self.refresh_menu)
        elif kind == "newscene":
            self.app.push_screen(PromptScreen("Name the new scene (the lights, blinds, switches and thermostat as "
                                              "they are now)", max_length=30), self._new_scene)
        elif kind == "routines":
            self.action_routines()
        elif kind == "place":
            authorize(self.app, "home.place", self._set_here, yes="Set",
                  question="Set home to where the car is now? Arriving and leaving will be measured from here, "
                           "and opening the garage from nearby needs no PIN.")

    def _set_here(self, pin) -> None:
        self.attempt(lambda: self.controller.home.set_here(pin=pin, source="ui"), "Home is here now.",
                     self.refresh_menu)

    def _new_scene(self, name) -> None:
        if name is None:
            return
        self.attempt(lambda: self.controller.home.save_scene_from_now(name),
                     lambda scene: f"Scene {scene.name} saved ({scene.summary()}).", self.refresh_menu)

    def action_favourite(self) -> None:
        item = self._current()
        if item is None:
            return
        kind, _, key = item.id.partition(":")
        home = self.controller.home
        try:
            if kind == "fav":
                fav = home.favourite(int(key))
                message = home.toggle_favourite(fav.kind, fav.target)
            elif kind == "scene":
                message = home.toggle_favourite("scene", key)
            else:
                self.app.notify("Open a room and press f on a device to make it a favourite.", timeout=2)
                return
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=2)
            return
        self.app.notify(message, timeout=2)
        self.refresh_menu()

    def action_delete_scene(self) -> None:
        item = self._current()
        if item is None or not item.id.startswith("scene:"):
            self.app.notify("Highlight one of your own scenes to delete it.", timeout=2)
            return
        try:
            scene = self.controller.home.scene(item.id[6:])
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=2)
            return
        if scene.builtin:
            self.app.notify(f"{scene.name} comes with the car and stays.", timeout=2)
            return

        ask_then(self.app, lambda _pin: self.attempt(lambda: self.controller.home.delete_scene(scene.id),
                                                     f"Scene {scene.name} deleted.", self.refresh_menu, refused_for=2),
                 question=f"Delete the scene {scene.name}?", yes="Delete")

    def action_routines(self) -> None:
        if self.controller.home.hidden():
            self.app.notify("Routines are off in valet mode.", severity="warning", timeout=2)
            return
        from tui.screens.routines import RoutinesScreen

        self.app.push_screen(RoutinesScreen())


# ============================================================================ a room
class DeviceList(MenuList):
    """One row per device: name, state, what Enter does."""
    JUMP_SELECTS = False  # a number key highlights the row; Enter acts

    def render_item(self, item: MenuItem, number: int) -> Text:
        return item_row(item, number, width=NAME_WIDTH)


class RoomScreen(CockpitScreen):
    HELP = ("The devices of one room. Enter does the main thing (on/off, open/close, lock/unlock); Left/Right "
            "dim, set the temperature or the blinds; c colour, m mode, s stop, f favourite.")
    BINDINGS = [
        Binding("left,h", "adjust(-1)", "Less", show=True, key_display="←"),
        Binding("right,l", "adjust(1)", "More", show=True, key_display="→"),
        Binding("c", "colour", "Colour", show=True),
        Binding("m", "mode", "Mode", show=True),
        Binding("s", "stop", "Stop", show=True),
        Binding("f", "favourite", "Favourite", show=False),
    ]

    def __init__(self, room: str) -> None:
        super().__init__()
        self.room = room
        self.CRUMBS = ("Smart Home", room)

    def compose_body(self):
        yield Static("", id="room-hint")
        yield DeviceList(id="devices")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_devices()
        self.query_one(DeviceList).focus()
        self.set_interval(1.0, self._live)

    @on(ControllerChanged)
    def devices_follow(self, message: ControllerChanged) -> None:
        if self.controller.home.hidden() or self.controller.restrictions().moving:
            if not self.gone and self.app.screen is self:
                self.app.notify("Rooms: " + ("hidden in valet mode." if self.controller.home.hidden()
                                              else PARKED_ONLY.lower() + "."), timeout=2)
                self.action_back()
            return
        self.refresh_devices()

    def _live(self) -> None:
        if not self.gone and self.app.screen is self and not self.controller.home.hidden():
            self.refresh_devices()

    def entities(self):
        for room in self.controller.home.rooms():
            if room.name == self.room:
                return room.entities
        return []

    def refresh_devices(self) -> None:
        home = self.controller.home
        items = []
        for e in self.entities():
            action = home.primary(e)
            value = home.primary_value(e, action) if action else None
            hint = f"   Enter: {(value or action).replace('_', ' ')}" if action else ""
            star = " ★" if home.is_favourite("entity", e.entity_id) else ""
            items.append(MenuItem(e.entity_id, e.name, f"{home.state_text(e)}{star}{hint}"))
        self.query_one(DeviceList).set_items(items)
        self._hint()

    def current(self):
        option = self.query_one(DeviceList).highlighted_option
        if option is None:
            return None
        return self.controller.home.backend.get(option.id)

    def _hint(self) -> None:
        e = self.current()
        self.query_one("#room-hint", Static).update(
            f"{e.name}: {', '.join(a.label.lower() for a in self.controller.home.actions(e)) or 'reports only'}"
            " · f: favourite" if e else "")
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event) -> None:
        self._hint()

    def check_action(self, action: str, parameters) -> bool | None:
        e = self.current() if self.is_mounted else None
        if e is None:
            return True if action not in ("adjust", "colour", "mode", "stop", "favourite") else False
        if action == "adjust":
            return e.domain in ("light", "climate", "number") or (e.domain == "cover" and e.device_class == "blind")
        if action == "colour":
            return e.domain == "light"
        if action == "mode":
            return e.domain in ("climate", "alarm_control_panel")
        if action == "stop":
            return e.domain == "cover"
        return True

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        e = self.controller.home.backend.get(event.item_id)
        if e is None:
            return
        action = self.controller.home.primary(e)
        if not action:
            self.app.notify(f"{e.name}: {self.controller.home.state_text(e)}", timeout=2)
            return
        perform(self, e.entity_id, action, self.controller.home.primary_value(e, action), self.refresh_devices)

    def action_adjust(self, direction: int) -> None:
        e = self.current()
        if e is None:
            return
        self.attempt(lambda: self.controller.home.adjust(e, direction), None, self.refresh_devices,
                     refused_for=2, done_for=1.5)

    def action_colour(self) -> None:
        e = self.current()
        if e is None or e.domain != "light":
            return
        names = list(COLOURS)
        rgb = e.attributes.get("rgb_color")
        current = next((n for n, v in COLOURS.items() if list(v) == rgb), None)
        nxt = names[(names.index(current) + 1) % len(names)] if current in names else names[0]
        perform(self, e.entity_id, "colour", nxt, self.refresh_devices)

    def action_mode(self) -> None:
        e = self.current()
        if e is None:
            return
        if e.domain == "climate":
            modes = e.attributes.get("hvac_modes", ["off", "heat"])
            nxt = modes[(modes.index(e.state) + 1) % len(modes)] if e.state in modes else modes[0]
            perform(self, e.entity_id, "mode", nxt, self.refresh_devices)
        elif e.domain == "alarm_control_panel":
            order = ["arm_away", "arm_home", "arm_night"]
            if e.state != "disarmed":
                self.app.notify("Disarm the alarm first to change how it is armed.", timeout=2)
                return
            pick = getattr(self, "_arm_pick", -1) + 1
            self._arm_pick = pick % len(order)
            perform(self, e.entity_id, order[self._arm_pick], None, self.refresh_devices)

    def action_stop(self) -> None:
        e = self.current()
        if e is not None and e.domain == "cover":
            perform(self, e.entity_id, "stop", None, self.refresh_devices)

    def action_favourite(self) -> None:
        e = self.current()
        if e is None:
            return
        self.attempt(lambda: self.controller.home.toggle_favourite("entity", e.entity_id), None, self.refresh_devices,
                     refused_for=2)
