"""What every full-screen menu shares: breadcrumbs, status bar, footer, the keys of UX.md, and the
"make the window larger" message under 80x24."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Container
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.controller import CockpitError, restrictions
from tui.messages import ControllerChanged
from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.footer import CockpitFooter
from tui.widgets.status_bar import StatusBar

MIN_WIDTH, MIN_HEIGHT = 80, 24
TOO_SMALL = "The window is too small.\nMake it at least 80 x 24 to use SmartCockpit.\n\nCtrl+Q quits."

JUMP_BINDINGS = [Binding(str(n), f"jump({n})", f"Item {n}", show=False) for n in range(1, 10)]


class CockpitScreen(Screen):
    CRUMBS: tuple[str, ...] = ()
    HELP = ""  # a sentence on what this screen is for, shown in help
    # What the screen needs, so the controller can say whether it may be shown while moving
    # (tui/controller/restrictions.py decides; apply_restrictions obeys).
    TEXT_ENTRY = False  # free text: names, search boxes, PIN set-up, pairing
    SETUP = False  # a set-up flow (pairing, creating a profile, the routines editor)

    BINDINGS = [
        Binding("backspace", "back", "Back", show=True),
        Binding("escape", "back", "Back", show=False),
        Binding("g,home", "app.go_home", "Home", show=True),
        Binding("question_mark,f1", "app.help", "Help", show=True, key_display="?"),
        *JUMP_BINDINGS,
    ]

    @property
    def controller(self):
        return self.app.controller

    @property
    def gone(self) -> bool:
        """True once this screen has left the stack (a quick Back or Home can pop a screen before
        its mount and resume handlers have run)."""
        try:
            return self not in self.app.screen_stack
        except Exception:  # no app any more
            return True

    async def on_event(self, event) -> None:
        # A screen popped by fast keys may still receive its Mount, ScreenResume or a controller
        # event (ControllerChanged is an Event) after its widgets are gone; that is not an error for
        # the person at the wheel, so it is dropped.
        try:
            await super().on_event(event)
        except NoMatches:
            if not self.gone:
                raise

    def compose(self):
        yield Breadcrumbs(id="crumbs")
        yield StatusBar(self.controller, id="status")
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(restrictions.PARKED_ONLY, id="parked-only")
        yield Static(TOO_SMALL, id="too-small")
        yield CockpitFooter()

    def compose_body(self):
        yield from ()

    def on_mount(self) -> None:
        self.refresh_header()
        self.apply_size(self.app.size.width, self.app.size.height)
        self.apply_restrictions(force=True)

    def on_screen_resume(self) -> None:
        self.app.calm_on_switch()  # toasts do not follow the driver to another screen
        self.refresh_header()
        self.query_one(StatusBar).update_status()
        self.apply_restrictions(force=True)

    @on(ControllerChanged)
    def follow_frame(self, message: ControllerChanged) -> None:
        """What every screen shows of the controller: the header on a new car or profile, the status
        bar and the restrictions (each screen's own @on handler, run before this one, redraws its
        body)."""
        if message.stale:
            self.refresh_header()
        if message.frame:
            self.refresh_frame()

    def refresh_frame(self) -> None:
        """The status bar (redrawn only when what it shows changed) and the restrictions."""
        self.query_one(StatusBar).update_status()
        self.apply_restrictions()

    # ------------------------------------------------------------------ while the car moves
    _restricted_for: bool | None = None
    _inputs_locked: tuple = ()

    def parked_only_reason(self) -> str | None:
        """Why this screen cannot be used now (the controller decides), or None."""
        return restrictions.screen_block(self.controller.restrictions(), text_entry=self.TEXT_ENTRY, setup=self.SETUP,
                                    depth=len(self.CRUMBS))

    def apply_restrictions(self, force: bool = False) -> None:
        """Obey the controller's restrictions: called on mount, on resume and after every
        controller event (cheap when the driving state has not changed)."""
        r = self.controller.restrictions()
        if not force and self._restricted_for == r.moving:
            return
        self._restricted_for = r.moving
        self.set_class(r.moving, "moving")
        reason = self.parked_only_reason()
        self.set_class(reason is not None, "parked-only")
        if reason is not None:
            self.query_one("#parked-only", Static).update(f"{reason}\n\nBackspace goes back.")
        # no free text entry while moving: every text field on the screen is locked
        if r.moving:
            locked = tuple(i for i in self.query(Input) if not i.disabled)
            for field in locked:
                field.disabled = True
            self._inputs_locked = self._inputs_locked + locked
        else:
            for field in self._inputs_locked:
                field.disabled = False
            self._inputs_locked = ()
        for menu in self.query("MenuList"):  # by CSS type name: the home screen has none to import
            menu.apply_restrictions(r)
        try:
            self.app.animation_level = restrictions.animation_level(r)
        except Exception:  # no app any more
            pass

    def refresh_header(self) -> None:
        self.query_one(Breadcrumbs).show(self.controller.car.brand.logo, self.CRUMBS)

    def on_resize(self, event) -> None:
        self.apply_size(event.size.width, event.size.height)

    def apply_size(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "too-small")

    def attempt(self, change, done=None, then=None, *, refused_for: float = 3, done_for: float = 2) -> bool:
        """Carry out a controller call for the driver. Refused (CockpitError): its sentence is shown
        as a warning and nothing else happens. Done: `done` is shown (a text, or a function of the
        call's result giving one; None shows the result when it is a text), then `then` runs.
        Returns whether it was done."""
        try:
            result = change()
        except CockpitError as exc:
            self.app.notify(str(exc), severity="warning", timeout=refused_for)
            return False
        text = done(result) if callable(done) else (done if done is not None else result)
        if isinstance(text, str) and text:
            self.app.notify(text, timeout=done_for)
        if then is not None:
            then()
        return True

    def start_over(self) -> None:
        """A top-level menu, kept between visits (app.open_menu), opened again from the home screen
        starts as a new one would: every
        list at its first row, scrolled to the top, the first list focused. The same keys from the
        home screen always reach the same row (tile, Enter, Down, Down is always the same item)."""
        from tui.widgets.menu_list import MenuList

        lists = list(self.query(MenuList))
        for menu in lists:
            menu.action_first()
            menu.scroll_home(animate=False, immediate=True)
        if lists:
            lists[0].focus()

    def action_back(self) -> None:
        if self.app.screen is self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_jump(self, number: int) -> None:
        target = self.focused
        if target is not None and hasattr(target, "jump"):
            target.jump(number)


class ListScreen(CockpitScreen):
    """A screen of a note line over one list (profiles, a profile's page, sync, navigation), both
    filled by reload(): when it opens and when the driver comes back to it."""

    NOTE_ID = "note"
    NOTE_CLASSES = ""
    LIST_ID = "list"

    def make_list(self):
        from tui.widgets.menu_list import MenuList

        return MenuList(id=self.LIST_ID)

    def compose_body(self):
        yield Static("", id=self.NOTE_ID, classes=self.NOTE_CLASSES)
        yield self.make_list()

    def on_mount(self) -> None:
        super().on_mount()
        self.reload()
        self.query_one(f"#{self.LIST_ID}").focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError


class PartsScreen(CockpitScreen):
    """A menu of a domain's parts (Seats & Mirrors, Vehicle, Settings): one list of items(),
    focused when it opens and rebuilt when the driver comes back; Enter opens a part
    (open_part), or says why it is not available now."""

    def compose_body(self):
        from tui.widgets.menu_list import MenuList

        yield MenuList(self.items(), id="menu")

    def items(self) -> list:
        raise NotImplementedError

    def open_part(self, part_id: str) -> None:
        raise NotImplementedError

    def menu(self):
        from tui.widgets.menu_list import MenuList

        return self.query_one(MenuList)

    def on_mount(self) -> None:
        super().on_mount()
        self.menu().focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.menu().set_items(self.items())

    def on_menu_list_chosen(self, event) -> None:
        item = event.menu.item(event.item_id)
        if item is not None and item.disabled_reason:
            self.app.notify(item.disabled_reason, severity="warning", timeout=2)
            return
        self.open_part(event.item_id)
