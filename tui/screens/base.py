"""What every full-screen menu shares: breadcrumbs, status bar, footer, the keys of UX.md, and the
"make the window larger" message under 80x24."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Container
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from tui.widgets.breadcrumbs import Breadcrumbs
from tui.widgets.footer import CockpitFooter
from tui.widgets.status_bar import StatusBar

MIN_WIDTH, MIN_HEIGHT = 80, 24
TOO_SMALL = "The window is too small.\nMake it at least 80 x 24 to use SmartCockpit.\n\nCtrl+Q quits."

JUMP_BINDINGS = [Binding(str(n), f"jump({n})", f"Item {n}", show=False) for n in range(1, 10)]


class CockpitScreen(Screen):
    CRUMBS: tuple[str, ...] = ()
    HELP = ""  # a sentence on what this screen is for, shown in help

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

    async def _on_message(self, message) -> None:
        # A screen popped by fast keys may still receive its Mount or a controller event after its
        # widgets are gone; that is not an error for the person at the wheel, so it is dropped.
        try:
            await super()._on_message(message)
        except NoMatches:
            if not self.gone:
                raise

    def compose(self):
        yield Breadcrumbs(id="crumbs")
        yield StatusBar(self.controller, id="status")
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(TOO_SMALL, id="too-small")
        yield CockpitFooter()

    def compose_body(self):
        yield from ()

    def on_mount(self) -> None:
        self.refresh_header()
        self.apply_size(self.app.size.width, self.app.size.height)
        self.set_class(self.controller.restrictions().moving, "moving")

    def on_screen_resume(self) -> None:
        self.refresh_header()
        self.query_one(StatusBar).update_status()
        self.set_class(self.controller.restrictions().moving, "moving")

    def refresh_header(self) -> None:
        self.query_one(Breadcrumbs).show(self.controller.car.brand.logo, self.CRUMBS)

    def on_resize(self, event) -> None:
        self.apply_size(event.size.width, event.size.height)

    def apply_size(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "too-small")

    def controller_event(self, event) -> None:
        """Called by the app for every controller event while this screen is shown."""

    def action_back(self) -> None:
        if self.app.screen is self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_jump(self, number: int) -> None:
        target = self.focused
        if target is not None and hasattr(target, "jump"):
            target.jump(number)
