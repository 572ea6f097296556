"""Profiles: the list (the one at the wheel marked), switching with its apply report, creating,
editing, PIN, delete, valet mode, import and export. Rules live in tui.controller.profiles; this
module asks, shows and dispatches."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.controller import CockpitError
from tui.controller.restrictions import PARKED_ONLY
from tui.controller.profiles import FileExists, COLOURS, REMEMBER, ImportProblems
from tui.controller.security import PERMISSIONS
from tui.messages import ControllerChanged
from tui.screens.authorize import authorize_wait
from tui.screens.base import ListScreen
from tui.screens.dialogs import ConfirmScreen, PinScreen, PromptScreen, close
from tui.widgets.menu_list import MenuItem, MenuList


# ---------------------------------------------------------------------------- small dialogs
TextPromptScreen = PromptScreen  # the old name (tests import it)


class ProblemsScreen(ModalScreen[None]):
    """A list of problems (a bad import file): any key closes."""

    BINDINGS = [Binding("escape,backspace,enter,space", "dismiss_it", "Close", show=True)]

    def __init__(self, title: str, problems: list[str]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.problems = problems

    def compose(self):
        with Vertical(classes="dialog-box", id="problems-box"):
            yield Static(self.title_text, classes="dialog-question")
            yield MenuList([MenuItem(str(n), p) for n, p in enumerate(self.problems[:50], 1)], id="problems")
            yield Static("Nothing was imported. Enter or Escape closes.", classes="dialog-note")

    def on_mount(self) -> None:
        self.query_one(MenuList).focus()

    def on_menu_list_chosen(self, event) -> None:
        close(self)

    def action_dismiss_it(self) -> None:
        close(self)


# ---------------------------------------------------------------------------- flows shared by the screens
async def ask_pin(app, prompt: str, note: str = "") -> str | None:
    return await app.push_screen_wait(PinScreen(prompt, note))


async def switch_flow(app, profile_id: int) -> bool:
    """Switch with everything a person expects: PIN, "save or restore?", the seat warning, the report."""
    c = app.controller
    profiles = c.profiles
    try:
        info = profiles.get(profile_id)
    except CockpitError as exc:
        app.notify(str(exc), severity="warning", timeout=3)
        return False
    # the authority decides: valet, the profile's PIN, the yes for a seat that moves (parked)
    ok, pin = await authorize_wait(app, "profile.switch", target=profile_id, yes="Switch",
                                   pin_prompt=f"PIN for {info.name}")
    if not ok:
        return False
    keep = None
    pending = profiles.needs_decision()
    if pending and not info.active:
        leaving = c.active_profile_name()
        restore = await app.push_screen_wait(ConfirmScreen(
            f"{leaving} changed {pending} setting{'s' if pending != 1 else ''} while driving. Restore {leaving}'s "
            "saved settings instead of keeping the changes?", yes="Restore", no="Keep"))
        keep = not restore
    try:
        report = profiles.switch(profile_id, pin=pin, keep_changes=keep, source="ui")
    except CockpitError as exc:
        app.notify(str(exc), severity="warning", timeout=4)
        return False
    n = report.counts()
    tail = " · r: details" if n["adapted"] or n["missing"] or n["held"] else ""
    app.notify(report.summary() + tail, timeout=5)
    return True


def export_folder() -> Path:
    """Where the screens write exports: the person's home folder (a name typed there never leaves it)."""
    return Path.home()


def start_switch(app, profile_id: int) -> None:
    app.run_worker(switch_flow(app, profile_id), group="profiles", exclusive=True)


def palette_commands(app):
    """Command palette entries: switching to each profile (the list comes from the profiles domain)."""
    c = app.controller
    profiles = getattr(c, "profiles", None)
    if profiles is None:
        return
    for title, profile_id, help_text in profiles.palette():
        yield title, (lambda pid=profile_id: start_switch(app, pid)), help_text
    if profiles.last_report is not None:
        yield "Profile apply report", lambda: app.push_screen(_report_screen()), "adapted missing profile switch"


def _report_screen():
    from tui.screens.profiles_history import ApplyReportScreen

    return ApplyReportScreen()


# ---------------------------------------------------------------------------- the list
class ProfileList(MenuList):
    """Profiles with their initials in their own colour, the active one marked."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.colours: dict[str, str] = {}

    def render_item(self, item: MenuItem, number: int) -> Text:
        colour = self.colours.get(item.id)
        if colour is None:
            return super().render_item(item, number)
        text = Text()
        text.append(f"{number} " if number <= 9 else "  ", style="dim")
        initials, _, title = item.title.partition(" ")
        text.append(f" {initials:<3}", style=f"bold #FFFFFF on {colour}")
        text.append(" ")
        text.append(title, style="bold")
        if item.detail:
            text.append("  ")
            text.append(item.detail, style="dim")
        return text


class ProfilesScreen(ListScreen):
    CRUMBS = ("Profiles",)
    HELP = ("Enter switches to the highlighted profile and applies its settings to this car (on the one at the "
            "wheel it opens its page); Right opens a profile (rename, PIN, history, export, delete). n new, "
            "i import, v valet mode, r what the last switch did.")
    BINDINGS = [
        Binding("right,l", "open_profile", "More", show=True, key_display="→"),
        Binding("n", "new", "New", show=True),
        Binding("i", "import_profile", "Import", show=False),
        Binding("v", "valet", "Valet", show=True),
        Binding("r", "report", "Report", show=True),
        Binding("y", "sync", "Sync", show=False),  # profiles that roam (issue 19); the row shows it
    ]

    NOTE_ID = "profiles-note"
    LIST_ID = "profiles"

    def make_list(self):
        return ProfileList(id=self.LIST_ID)

    _moving: bool | None = None  # the driving state at the last controller event (None: none yet)

    @on(ControllerChanged)
    def list_follows(self, message: ControllerChanged) -> None:
        from tui.controller.profiles import VALET

        moving = self.controller.restrictions().moving
        if message.stale or VALET in message.paths or self._moving not in (None, moving):
            self.reload()
        self._moving = moving

    def check_action(self, action: str, parameters) -> bool | None:
        valet = self.controller.profiles.valet_active()
        if action in ("open_profile", "new", "import_profile", "report", "sync"):
            return not valet
        return True

    def reload(self) -> None:
        c = self.controller
        menu = self.query_one(ProfileList)
        note = self.query_one("#profiles-note", Static)
        moving = c.restrictions().moving
        if c.profiles.valet_active():
            note.update(f"Valet mode is on: top speed {c.profiles.speed_cap_text()}, profiles and personal data hidden, "
                        "settings locked.")
            menu.colours = {}
            menu.set_items([MenuItem("valet", "Leave valet mode", "asks for the valet PIN")], keep=False)
            self.refresh_bindings()
            return
        report = c.profiles.last_report
        note.update(f"Last switch: {report.summary()}" if report else "Enter switches profile; Right opens it.")
        items, colours = [], {}
        for p in c.profiles.list():
            marks = []
            if p.active:
                marks.append("● at the wheel")
            if p.is_guest:
                marks.append("forgets its changes")
            if p.has_pin:
                marks.append("PIN" + (f" locked {p.locked_for} s" if p.locked_for else ""))
            if not p.is_guest:
                marks.append(f"{p.preferences} settings")
            items.append(MenuItem(f"p{p.id}", f"{p.initials} {p.name}", " · ".join(marks)))
            colours[f"p{p.id}"] = p.colour
        items.append(MenuItem("new", "New profile", "from this car's current settings", PARKED_ONLY if moving else None))
        items.append(MenuItem("import", "Import a profile", "from a JSON file", PARKED_ONLY if moving else None))
        items.append(MenuItem("valet", "Valet mode", "speed cap, personal data hidden, settings locked",
                              PARKED_ONLY if moving else None))
        items.append(MenuItem("sync", "Sync", "profiles that follow their driver to other cars"))
        menu.colours = colours
        menu.set_items(items)
        self.refresh_bindings()

    def action_sync(self) -> None:
        from tui.screens.sync import SyncScreen

        self.app.push_screen(SyncScreen())

    def _highlighted_profile(self) -> int | None:
        option = self.query_one(ProfileList).highlighted_option
        if option is not None and option.id and option.id.startswith("p"):
            return int(option.id[1:])
        return None

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is not None and item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        if event.item_id.startswith("p"):
            pid = int(event.item_id[1:])
            if pid == self.controller.active_profile_id():
                self.app.push_screen(ProfileScreen(pid))  # already at the wheel: its page
            else:
                start_switch(self.app, pid)
        elif event.item_id == "new":
            self.action_new()
        elif event.item_id == "import":
            self.action_import_profile()
        elif event.item_id == "valet":
            self.action_valet()
        elif event.item_id == "sync":
            self.action_sync()

    def action_open_profile(self) -> None:
        pid = self._highlighted_profile()
        if pid is not None:
            self.app.push_screen(ProfileScreen(pid))

    def action_report(self) -> None:
        if self.controller.profiles.last_report is None:
            self.app.notify("No profile has been switched to yet.", timeout=2)
            return
        self.app.push_screen(_report_screen())

    def _parked(self) -> bool:
        if self.controller.restrictions().moving:
            self.app.notify(PARKED_ONLY, severity="warning", timeout=2)
            return False
        return True

    def action_new(self) -> None:
        if self._parked():
            self.run_worker(self._new(), group="profiles", exclusive=True)

    async def _new(self) -> None:
        ok, owner_pin = await authorize_wait(self.app, "profile.create")
        if not ok:
            return
        name = await self.app.push_screen_wait(PromptScreen(
            "Name of the new profile", note="It starts from this car's current settings. Enter creates it.",
            max_length=24))
        if not name:
            return
        self.attempt(lambda: self.controller.profiles.create(name, owner_pin=owner_pin),
                     lambda info: f"Created {info.name} with {info.preferences} settings.", self.reload,
                     refused_for=4, done_for=3)

    def action_import_profile(self) -> None:
        if self._parked():
            self.run_worker(self._import(), group="profiles", exclusive=True)

    async def _import(self) -> None:
        ok, owner_pin = await authorize_wait(self.app, "profile.import")
        if not ok:
            return
        path = await self.app.push_screen_wait(PromptScreen(
            "Import a profile from the file", value=str(Path.home()) + "/", note="A .json file made by Export."))
        if not path:
            return
        try:
            info = self.controller.profiles.import_file(path, owner_pin=owner_pin)
        except ImportProblems as exc:
            await self.app.push_screen_wait(ProblemsScreen(f"{len(exc.problems)} problem(s) in that file", exc.problems))
            return
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=4)
            return
        self.app.notify(f"Imported {info.name} with {info.preferences} settings.", timeout=3)
        self.reload()

    def action_valet(self) -> None:
        self.run_worker(self._valet(), group="profiles", exclusive=True)

    async def _valet(self) -> None:
        c = self.controller
        try:
            if c.profiles.valet_active():
                # the authority asks the valet PIN (or says how long it is locked out)
                ok, pin = await authorize_wait(self.app, "valet.leave", pin_prompt="Valet PIN to leave valet mode")
                if not ok:
                    return
                c.profiles.valet_off(pin)
                self.app.notify("Valet mode off. Welcome back.", timeout=3)
            else:
                if not self._parked():
                    return
                go = await self.app.push_screen_wait(ConfirmScreen(
                    f"Start valet mode? Top speed {c.profiles.speed_cap_text()}, "
                    "profiles, home controls and personal data hidden, settings locked until the PIN.", yes="Start"))
                if not go:
                    return
                pin = await ask_pin(self.app, "Choose a valet PIN (4 to 6 digits)", "It is asked to leave valet mode.")
                if pin is None:
                    return
                again = await ask_pin(self.app, "The valet PIN again")
                if again != pin:
                    self.app.notify("The two PINs differ; valet mode was not started.", severity="warning", timeout=3)
                    return
                c.profiles.valet_on(pin)
                self.app.notify("Valet mode on.", timeout=3)
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=4)
        self.reload()


# ---------------------------------------------------------------------------- one profile
class ProfileScreen(ListScreen):
    HELP = "Everything about one profile. Enter does the highlighted action; protected profiles ask for their PIN."
    BINDINGS = [Binding("r", "report", "Report", show=True)]

    def action_report(self) -> None:
        if self.controller.profiles.last_report is None:
            self.app.notify("No profile has been switched to yet.", timeout=2)
            return
        self.app.push_screen(_report_screen())

    def __init__(self, profile_id: int) -> None:
        super().__init__()
        self.profile_id = profile_id

    @property
    def CRUMBS(self):  # noqa: N802 - read by the base screen like the class constant
        try:
            return ("Profiles", self.controller.profiles.get(self.profile_id).name)
        except CockpitError:
            return ("Profiles",)

    NOTE_ID = "profile-head"
    LIST_ID = "profile-actions"

    _moving: bool | None = None  # the driving state at the last controller event (None: none yet)

    @on(ControllerChanged)
    def profile_follows(self, message: ControllerChanged) -> None:
        moving = self.controller.restrictions().moving
        if message.stale or self._moving not in (None, moving):
            self.reload()
        self._moving = moving

    def items(self, p) -> list[MenuItem]:
        moving = self.controller.restrictions().moving
        parked = PARKED_ONLY if moving else None
        items = [MenuItem("switch", "Switch to this profile" if not p.active else "Apply its settings again",
                          "applies its settings to this car")]
        items.append(MenuItem("history", "History", "its changes, newest first; undo any one"))
        if not p.is_guest:
            items.append(MenuItem("rename", "Rename", p.name, parked))
            items.append(MenuItem("pin", "Change or remove the PIN" if p.has_pin else "Set a PIN",
                                  "asked to switch to or change it", parked))
            items.append(MenuItem("remember", "Changes while driving", REMEMBER[p.remember]))
            items.append(MenuItem("initials", "Initials", p.initials, parked))
            items.append(MenuItem("colour", "Colour", p.colour, parked))
            for key, text in PERMISSIONS.items():
                items.append(MenuItem(f"perm:{key}", f"May {text}",
                                      "yes" if p.permissions.get(key) else "no", parked))
            if p.active:
                pending = self.controller.profiles.needs_decision()
                if pending:
                    items.append(MenuItem("keep", f"Keep the {pending} change{'s' if pending != 1 else ''} made while "
                                                  "driving", "saves them into the profile"))
                    items.append(MenuItem("restore", "Restore the saved settings", "drops those changes"))
                items.append(MenuItem("save", "Save this car's settings into it", "seat, climate, display ..."))
        items.append(MenuItem("export", "Export to a file", "JSON, positions relative to the car", parked))
        if not p.is_guest:
            items.append(MenuItem("delete", "Delete this profile", "asks first", parked))
        return items

    def reload(self) -> None:
        try:
            p = self.controller.profiles.get(self.profile_id)
        except CockpitError:
            self.action_back()
            return
        self.profile = p
        head = Text()
        head.append(f" {p.initials} ", style=f"bold #FFFFFF on {p.colour}")
        head.append(f"  {p.name}", style="bold")
        state = ["at the wheel" if p.active else "not at the wheel", f"{p.preferences} settings saved"]
        if p.has_pin:
            state.append("PIN" + (f" (locked {p.locked_for} s)" if p.locked_for else ""))
        if p.is_guest:
            state.append("its changes are forgotten when someone else takes the car")
        head.append("  " + " · ".join(state), style="dim")
        self.query_one("#profile-head", Static).update(head)
        self.query_one(MenuList).set_items(self.items(p))
        self.refresh_header()

    def on_menu_list_chosen(self, event: MenuList.Chosen) -> None:
        item = event.menu.item(event.item_id)
        if item is not None and item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        action = event.item_id
        if action == "switch":
            start_switch(self.app, self.profile_id)
        elif action == "history":
            self.run_worker(self._history(), group="profiles", exclusive=True)
        else:
            self.run_worker(self._do(action), group="profiles", exclusive=True)

    async def _history(self) -> None:
        from tui.screens.profiles_history import HistoryScreen

        ok, pin = await authorize_wait(self.app, "profile.history", target=self.profile_id)
        if ok:
            self.app.push_screen(HistoryScreen(self.profile_id, pin=pin))

    async def _pin_if_needed(self, doing: str) -> tuple[bool, str | None]:
        """The authority's profile.edit for this profile: refused (valet, locked), its PIN, or go."""
        name = self.controller.profiles.get(self.profile_id).name
        return await authorize_wait(self.app, "profile.edit", target=self.profile_id,
                                    pin_prompt=f"{name}'s PIN to {doing}")

    async def _do(self, action: str) -> None:
        profiles = self.controller.profiles
        p = profiles.get(self.profile_id)
        try:
            if action == "rename":
                ok, pin = await self._pin_if_needed("rename it")
                if not ok:
                    return
                name = await self.app.push_screen_wait(PromptScreen("New name", p.name, max_length=24))
                if name:
                    info = profiles.rename(p.id, name, pin=pin)
                    self.app.notify(f"Renamed to {info.name}.", timeout=2)
            elif action == "pin":
                await self._pin_flow(p)
            elif action == "remember":
                ok, pin = await self._pin_if_needed("change it")
                if ok:
                    mode = "ask" if p.remember == "auto" else "auto"
                    profiles.set_remember(mode, p.id, pin=pin)
                    self.app.notify(f"Changes while driving: {REMEMBER[mode].lower()}.", timeout=2)
            elif action == "initials":
                ok, pin = await self._pin_if_needed("change it")
                if not ok:
                    return
                text = await self.app.push_screen_wait(PromptScreen("Initials (1 to 3 letters)", p.initials,
                                                                    max_length=3))
                if text:
                    profiles.update(p.id, pin=pin, initials=text)
            elif action == "colour":
                ok, pin = await self._pin_if_needed("change it")
                if ok:
                    i = COLOURS.index(p.colour) if p.colour in COLOURS else -1
                    profiles.update(p.id, pin=pin, colour=COLOURS[(i + 1) % len(COLOURS)])
            elif action.startswith("perm:"):
                key = action.split(":", 1)[1]
                ok, pin = await authorize_wait(self.app, "profile.permissions", target=p.id)  # the owner's
                if ok:
                    profiles.update(p.id, pin=pin, permissions={key: not p.permissions.get(key, False)})
            elif action == "keep":
                n = profiles.save_pending(True)
                self.app.notify(f"Kept {n} changes in {p.name}.", timeout=2)
            elif action == "restore":
                report = profiles.restore_saved(pin=None)
                self.app.notify(report.summary(), timeout=3)
            elif action == "save":
                ok, pin = await self._pin_if_needed("change it")
                if ok:
                    n = profiles.save_current(p.id, pin=pin)
                    self.app.notify(f"Saved {n} settings into {p.name}.", timeout=2)
            elif action == "export":
                ok, pin = await authorize_wait(self.app, "profile.export", target=p.id)
                if not ok:
                    return
                folder = export_folder()
                name = await self.app.push_screen_wait(PromptScreen(
                    "File name", profiles.export_name(p.id), note=f"Saved in {folder}. A name only, no folder."))
                if name:
                    try:
                        written = profiles.export(p.id, name, pin=pin, folder=folder)
                    except FileExists as exc:
                        if not await self.app.push_screen_wait(ConfirmScreen(
                                f"{exc.path.name} already exists in {folder}. Replace it?", yes="Replace")):
                            return
                        written = profiles.export(p.id, name, pin=pin, folder=folder, force=True)
                    self.app.notify(f"Exported to {written}", timeout=3)
            elif action == "delete":
                ok, pin = await authorize_wait(
                    self.app, "profile.delete", target=p.id, yes="Delete",
                    question=f"Delete the profile {p.name} and its saved settings? This cannot be undone.")
                if not ok:
                    return
                profiles.delete(p.id, pin=pin)
                self.app.notify(f"Deleted {p.name}.", timeout=2)
                self.action_back()
                return
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=4)
        self.reload()

    async def _pin_flow(self, p) -> None:
        profiles = self.controller.profiles
        ok, current = await authorize_wait(self.app, "profile.pin", target=p.id,
                                           pin_prompt=f"{p.name}'s current PIN")
        if not ok:
            return
        if p.has_pin:
            self.controller.authority.verify(f"profile:{p.id}", current)  # a wrong one stops here, counted once
            remove = await self.app.push_screen_wait(ConfirmScreen(
                f"Remove {p.name}'s PIN? Anyone could then switch to and change this profile.", yes="Remove",
                no="Change it", sensitive=True))
            if remove:
                profiles.set_pin(None, current, p.id)
                self.app.notify("PIN removed.", timeout=2)
                return
        new = await ask_pin(self.app, f"New PIN for {p.name}")
        if new is None:
            return
        again = await ask_pin(self.app, "The new PIN again")
        if again != new:
            self.app.notify("The two PINs differ; nothing changed.", severity="warning", timeout=3)
            return
        profiles.set_pin(new, current, p.id)
        self.app.notify("PIN set.", timeout=2)


__all__ = ["ProfilesScreen", "ProfileScreen", "TextPromptScreen", "ProblemsScreen", "palette_commands",
           "start_switch", "switch_flow"]
