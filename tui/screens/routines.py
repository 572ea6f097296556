"""Routines: the list (on/off, whose), one routine (what it does, what it would do now, run, log),
and the editor built from menus (parked only): Left/Right step a value, PageUp/PageDown move a time
an hour, Enter types a name or a time ("19:00", "7:30 pm") and picks several days in one chooser;
its choosers use the height of the screen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.restrictions import PARKED_ONLY
from tui.messages import ControllerChanged
from tui.screens.authorize import ask_then
from tui.screens.base import CockpitScreen
from tui.screens.dialogs import ChoiceScreen, KeySafeModal, PromptScreen
from tui.widgets.menu_list import MenuItem, MenuList
from tui.widgets.menu_row import item_row

LABEL_WIDTH = 13


# ============================================================================ the list
class RoutinesScreen(CockpitScreen):
    CRUMBS = ("Smart Home", "Routines")
    HELP = "Your routines and everyone's. Enter opens one; o switches it on or off; n makes a new one (parked)."
    BINDINGS = [
        Binding("o", "onoff", "On/off", show=True),
        Binding("n", "new", "New", show=True),
    ]

    def compose_body(self):
        yield MenuList(id="routines")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_list()
        self.query_one(MenuList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_list()

    @on(ControllerChanged)
    def list_follows(self, message: ControllerChanged) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        r = self.controller.routines
        moving = self.controller.restrictions().moving
        items = [MenuItem(f"r:{x.id}", ("● " if x.enabled else "○ ") + x.name,
                          f"{'on' if x.enabled else 'off'} · {r.owner(x)}") for x in r.for_profile()]
        items.append(MenuItem("new", "+ New routine", "built from menus", PARKED_ONLY if moving else None))
        self.query_one(MenuList).set_items(items)

    def _current_id(self) -> int | None:
        option = self.query_one(MenuList).highlighted_option
        if option is None or not option.id or not option.id.startswith("r:"):
            return None
        return int(option.id[2:])

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        if event.item_id == "new":
            self.action_new()
        elif event.item_id.startswith("r:"):
            self.app.push_screen(RoutineScreen(int(event.item_id[2:])))

    def action_onoff(self) -> None:
        rid = self._current_id()
        if rid is None:
            return
        r = self.controller.routines.get(rid)
        r = self.controller.routines.set_enabled(rid, not r.enabled)
        self.app.notify(f"{r.name} is {'on' if r.enabled else 'off'}.", timeout=2)
        self.refresh_list()

    def action_new(self) -> None:
        if self.controller.restrictions().moving:
            self.app.notify(PARKED_ONLY, severity="warning", timeout=2)
            return
        self.app.push_screen(RoutineEditorScreen(None))


# ============================================================================ one routine
class RoutineScreen(CockpitScreen):
    HELP = "One routine: what it does, what it would do right now, run it, its log, edit or delete it."

    def __init__(self, routine_id: int) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.CRUMBS = ("Smart Home", "Routines", self.routine().name)

    def routine(self):
        return self.app.controller.routines.get(self.routine_id)

    def compose_body(self):
        yield Static("", id="routine-desc")
        yield MenuList(id="routine-menu")
        yield Static("", id="routine-out")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_all()
        self.query_one(MenuList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        try:
            self.CRUMBS = ("Smart Home", "Routines", self.routine().name)
        except CockpitError:
            self.action_back()
            return
        self.refresh_header()
        self.refresh_all()

    @on(ControllerChanged)
    def routine_follows(self, message: ControllerChanged) -> None:
        try:
            self.routine()
        except CockpitError:
            return
        self.refresh_all()

    def refresh_all(self) -> None:
        c = self.controller
        r = self.routine()
        self.query_one("#routine-desc", Static).update(c.routines.describe(r))
        moving = c.restrictions().moving
        parked = PARKED_ONLY if moving else None
        self.query_one(MenuList).set_items([
            MenuItem("onoff", "Switched on" if r.enabled else "Switched off",
                     f"Enter: switch {'off' if r.enabled else 'on'}"),
            MenuItem("dry", "What would it do now", "changes nothing"),
            MenuItem("run", "Run now", "its actions, without trigger or conditions"),
            MenuItem("log", "Recent runs", "what it did and why"),
            MenuItem("edit", "Edit", "built from menus", parked),
            MenuItem("delete", "Delete", "asks first", parked),
        ])

    def show(self, lines: list[str]) -> None:
        self.query_one("#routine-out", Static).update("\n".join(lines[:8]))

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is not None and item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        c = self.controller
        r = self.routine()
        try:
            if event.item_id == "onoff":
                r = c.routines.set_enabled(r.id, not r.enabled)
                self.app.notify(f"{r.name} is {'on' if r.enabled else 'off'}.", timeout=2)
            elif event.item_id == "dry":
                self.show(c.routines.dry_run(r.id).lines())
            elif event.item_id == "run":
                did = c.routines.run(r.id)
                self.show([f"{r.name}: ran now."] + [f"  - {d}" for d in did])
            elif event.item_id == "log":
                runs = c.routines.runs(r.id, 8)
                self.show([f"{c.routines.when_text(x.at)} {x.outcome}: {x.why}"
                           + (f" → {'; '.join(x.did)}" if x.did else "") for x in runs] or ["It has not run yet."])
            elif event.item_id == "edit":
                self.app.push_screen(RoutineEditorScreen(r.id))
            elif event.item_id == "delete":
                ask_then(self.app, self._delete, question=f"Delete the routine {r.name}?", yes="Delete")
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
        if event.item_id in ("onoff",):
            self.refresh_all()

    def _delete(self, _pin=None) -> None:
        try:
            name = self.routine().name
            self.controller.routines.delete(self.routine_id)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            return
        self.app.notify(f"Routine {name} deleted.", timeout=2)
        self.action_back()


# ============================================================================ the editor
def tall(dialog, menu: MenuList) -> None:
    """A chooser shows as many rows as the screen has room for (the editor is parked only; while
    moving the house rule of fewer rows holds)."""
    if not dialog.app.controller.restrictions().moving:
        menu.styles.max_height = max(8, dialog.app.size.height - 9)


class TallChoiceScreen(ChoiceScreen):
    """The house chooser, with the height of the screen when parked."""

    def on_mount(self) -> None:
        super().on_mount()
        tall(self, self.query_one(MenuList))


class DaysList(MenuList):
    BINDINGS = [Binding("enter,space", "select", "Pick", show=True, key_display="⏎")]


class DaysScreen(KeySafeModal):
    """Several days in one chooser: Enter on a preset (every day, weekdays, weekend) takes it and
    closes; Enter or Space on a day switches it on or off; Done, Escape or Backspace close. Each pick
    changes the draft at once (the editor's Days row shows it; s saves the routine)."""

    BINDINGS = [Binding("escape,backspace", "done", "Done", show=True),
                *[Binding(str(n), f"jump({n})", show=False) for n in range(1, 10)]]

    def __init__(self, draft, row: str) -> None:
        super().__init__(classes="dialog")
        self.draft = draft
        self.row = row

    def compose_box(self):
        with Vertical(classes="dialog-box choice-box"):
            yield Static("Which days? A preset, or single days on and off", classes="dialog-question")
            yield DaysList(self.items(), id="days")

    def items(self) -> list[MenuItem]:
        rows = [MenuItem(key, ("● " if on else "○ ") + label if key.startswith("preset") else
                         ("[x] " if on else "[ ] ") + label) for key, label, on in self.draft.day_choices(self.row)]
        return rows + [MenuItem("done", "Done", "")]

    def on_mount(self) -> None:
        super().on_mount()
        menu = self.query_one(MenuList)
        tall(self, menu)
        menu.focus()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        event.stop()
        if event.item_id == "done":
            self.finish(True)
            return
        try:
            self.draft.pick_days(self.row, event.item_id)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=2)
            return
        if event.item_id.startswith("preset"):
            self.finish(True)
        else:
            self.query_one(MenuList).set_items(self.items())

    def action_jump(self, number: int) -> None:
        self.query_one(MenuList).jump(number)

    def action_done(self) -> None:
        self.finish(True)


class EditorList(MenuList):
    JUMP_SELECTS = False  # a number key highlights the row; Enter acts
    BINDINGS = [  # over the list's own page keys: on a time they move it an hour
        Binding("pageup", "screen.step(1, True)", "1 h", show=True, key_display="PgUp/Dn"),
        Binding("pagedown", "screen.step(-1, True)", "-1 h", show=False),
    ]
    def render_item(self, item: MenuItem, number: int) -> Text:
        label = item.title
        style = "bold" if not label.startswith("  ") else ""
        if label.startswith("+") or label == "Save":
            style = "bold italic"
        return item_row(item, None, width=LABEL_WIDTH, title_style=style)


class RoutineEditorScreen(CockpitScreen):
    HELP = ("Build a routine from menus: Enter chooses (or types the name or a time, like 19:00 or 7:30 pm, and "
            "picks days: every day, weekdays, weekend or single days), Left/Right change a value (a time by "
            "15 minutes), PageUp/PageDown move a time an hour, a asks first before an action (10 s countdown), "
            "x removes a line, s saves. Parked only.")
    BINDINGS = [
        Binding("left,h", "step(-1)", "Less", show=True, key_display="←"),
        Binding("right,l", "step(1)", "More", show=True, key_display="→"),
        Binding("a", "ask", "Ask first", show=True),
        Binding("x,delete", "remove", "Remove", show=True),
        Binding("s", "save", "Save", show=True),
    ]

    def __init__(self, routine_id: int | None) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.draft = None
        self.CRUMBS = ("Smart Home", "Routines", "Edit" if routine_id else "New routine")

    def compose_body(self):
        yield EditorList(id="editor")
        yield Static("", id="editor-hint")

    def on_mount(self) -> None:
        super().on_mount()
        try:
            self.draft = self.controller.routines.draft(self.routine_id)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=3)
            self.action_back()
            return
        self.refresh_rows()
        self.query_one(EditorList).focus()

    @on(ControllerChanged)
    def leave_when_moving(self, message: ControllerChanged) -> None:
        if self.controller.restrictions().moving and not self.gone and self.app.screen is self:
            self.app.notify("The routine editor is available when parked. Nothing was saved.", severity="warning",
                            timeout=3)
            self.action_back()

    def refresh_rows(self) -> None:
        rows = self.draft.rows()
        self._rows = {r.id: r for r in rows}
        self.query_one(EditorList).set_items([MenuItem(r.id, r.label, r.value) for r in rows])
        self._hint()

    def current(self) -> str | None:
        option = self.query_one(EditorList).highlighted_option
        return option.id if option is not None else None

    def _hint(self) -> None:
        row = self._rows.get(self.current() or "")
        self.query_one("#editor-hint", Static).update(row.keys if row else "")
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event) -> None:
        if self.draft is not None:
            self._hint()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("ask", "remove") and self.is_mounted and self.draft is not None:
            row = self.current() or ""
            return row.startswith("a.") or (action == "remove" and row.startswith("c."))
        return True

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        row = event.item_id
        if row == "name":
            self.app.push_screen(PromptScreen("Name the routine", self.draft.name, max_length=40), self._named)
        elif self.draft.takes_time(row):
            twelve = self.controller.hmi_units().time == "HR_12"
            note = "Like 7:30 pm or 19:30. Enter to confirm, Escape to cancel." if twelve else \
                "Like 07:30 or 19:30. Enter to confirm, Escape to cancel."
            self.app.push_screen(PromptScreen("What time?", self.draft.time_text(row), note=note, max_length=10),
                                 lambda text: self._timed(row, text))
        elif self.draft.takes_days(row):
            self.app.push_screen(DaysScreen(self.draft, row), lambda _done: self.refresh_rows())
        elif row == "save":
            self.action_save()
        elif row in ("for",) or row.startswith(("t.at", "t.days", "t.value", "t.distance", "t.state", "c.", "a.")):
            self.action_step(1)
        else:
            self._choose(row, ())

    def _choose(self, row: str, path: tuple) -> None:
        found = self.draft.options(row, path)
        if found is None:
            self.draft.choose(row, path)
            self.refresh_rows()
            return
        title, options = found
        if not options:
            self.app.notify("Nothing to choose from here.", timeout=2)
            return

        def picked(key) -> None:
            if key is not None:
                self._choose(row, path + (key,))

        self.app.push_screen(TallChoiceScreen(title, [MenuItem(key, label) for key, label in options]), picked)

    def _named(self, name) -> None:
        if name is None:
            return
        self.attempt(lambda: self.draft.set_name(name), None, self.refresh_rows)

    def _timed(self, row: str, text) -> None:
        if text is None:
            return
        self.attempt(lambda: self.draft.type_time(row, text), "", self.refresh_rows)  # the row shows it

    def action_step(self, direction: int, big: bool = False) -> None:
        row = self.current()
        if row is None or self.draft is None:
            return
        try:
            self.draft.step(row, direction, big)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=2)
        self.refresh_rows()

    def action_ask(self) -> None:
        if self.draft is not None and self.draft.toggle_ask(self.current() or ""):
            self.refresh_rows()

    def action_remove(self) -> None:
        if self.draft is not None and self.draft.remove(self.current() or ""):
            self.refresh_rows()

    def action_save(self) -> None:
        if self.draft is None:
            return
        self.attempt(self.draft.save, lambda routine: f"Routine {routine.name} saved and on.", self.action_back,
                     refused_for=4)
