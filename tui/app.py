"""CockpitApp: global keys, themes, the command palette, and the bridge from controller events
to the screens that show (tui/messages.py: one ControllerChanged per event, handled with @on)."""

from __future__ import annotations

import importlib
import sys

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.message import Message
from textual.notifications import Notification, Notify

from tui.commands import CockpitCommands
from tui.controller import CockpitError, menus
from tui.controller.events import ContextChanged, Event, Notice, StateBatch
from tui.messages import ControllerChanged
from tui.screens.base import CockpitScreen
from tui.themes import brand_theme, theme_name
from tui.widgets.status_bar import StatusBar

THEME_PATHS = {"Vehicle.Private.SmartCockpit.Display.Theme", "Vehicle.Cabin.Infotainment.HMI.DayNightMode"}


class ControllerMessage(Message):
    """A controller event, on its way to the app's own queue (the listener may be called from
    inside any controller call): the app then tells the screens that show."""

    def __init__(self, event: Event) -> None:
        self.event = event
        super().__init__()


class CockpitApp(App):
    CSS_PATH = "cockpit.tcss"
    TITLE = "SmartCockpit"
    COMMANDS = {CockpitCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=True, priority=True),
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("slash,colon", "assistant", "Ask", show=True, key_display="/"),  # assistant (issue 6)
        Binding("exclamation_mark", "alerts", "Alerts", show=False, key_display="!"),  # alerts (issue 17)
    ]

    def __init__(self, controller, manage_gc: bool = False, **kwargs) -> None:
        """manage_gc (the real app process only): full garbage collections wait for a pause in
        the driver's keys (tui/idle_gc.py) instead of landing on a key press or a menu opening."""
        super().__init__(**kwargs)
        self.controller = controller
        from tui.idle_gc import IdleCollector

        self.idle = IdleCollector()  # when the driver last pressed a key; the collector if managed
        self.manage_gc = manage_gc
        self._idle_imports: list[str] = []  # modules to load at the next pause in the keys
        self._unsubscribe = None
        self._readings_pending = False  # a status-bar refresh for simulator readings is due
        self._was_moving = controller.restrictions().moving
        from tui.message_log import MessageLog

        self.messages = MessageLog()  # every toast, to read again (M on the Alerts screen, the palette)
        self._last_toast = 0.0  # when the newest toast was raised (the controller's clock)
        self._newest_toast = None
        # Register the brand themes and pick ours before the first stylesheet parse, so start-up
        # parses the CSS once (a theme change after mount costs a full reparse).
        for brand in controller.brands():
            self.register_theme(brand_theme(brand))
        self._start_theme(theme_name(controller))
        self.title = controller.car.brand.title

    def _start_theme(self, name: str) -> None:
        """The theme before the app runs, as App.theme's watcher would set it but without the
        full CSS refresh it queues (the first stylesheet parse reads this theme anyway; that
        refresh would parse all CSS a second time during start-up)."""
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
        self.update_classes(classes, update=False)
        self.stylesheet.set_variables(self.get_css_variables())  # read by the first parse
        # The one private Textual call left (a call, not an override; Textual 8.2.8): the ANSI-to-
        # truecolor filter was made in App.__init__ for the default (dark) theme, and the only public
        # ways to point it at this theme's palette (the theme or ansi_theme_* watchers) queue that
        # second full CSS parse. Absent in another Textual: ANSI colours (plotext's chart) keep the
        # dark palette until the next theme change, nothing else.
        refresh_filter = getattr(self, "_refresh_truecolor_filter", None)
        if refresh_filter is not None:
            refresh_filter(self.ansi_theme)

    def get_default_screen(self):
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.apply_theme()
        self.call_after_refresh(self._finish_start)  # after the first frame
        if self.manage_gc:
            self.call_after_refresh(self.idle.start)
        self._unsubscribe = self.controller.subscribe(self._on_controller_event, batches=True)
        self.set_interval(1.0, self._tick)

    def _finish_start(self) -> None:
        """After the first paint: the controller builds its domains (a staged start, see
        Controller.finish_start), then the tiles and the status bar show what they know."""
        try:
            if not self.controller.finish_start() or not self.screen_stack:
                return
        except CockpitError as exc:  # e.g. the database became locked or full meanwhile
            self.notify(str(exc), severity="warning", timeout=4)
            return
        self._tell_screens(None)  # everything may be stale: the tiles and the status bar fill in
        # sqlite-utils is not needed to draw anything (store/db.py LazyDatabase), but the first
        # nested write (playing a station, switching profile) would import it: about 25 ms taken
        # from that key press. It is loaded at the first pause in the keys instead (_tick).
        self._idle_imports.append("sqlite_utils")

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.idle.saw_input()
        await super().on_event(event)

    _assistant_warmed = False

    def warm_up_assistant(self) -> None:
        """When the assistant bar opens: load the assistant's code in the background while the
        driver types, so the answer does not wait for it. Not at start-up: the import would
        compete with the first keys on the home screen for the interpreter."""
        if self._assistant_warmed:
            return
        self._assistant_warmed = True
        self.import_in_background("tui.controller.assistant")

    @staticmethod
    def import_in_background(module: str) -> None:
        """Import a module in a daemon thread (Python's import lock makes a use of it on the main
        thread wait for the import to finish, never run it twice)."""
        import threading

        threading.Thread(target=importlib.import_module, args=(module,), daemon=True,
                         name=f"import {module}").start()

    def on_unmount(self) -> None:
        self.idle.stop()
        if self._unsubscribe:
            self._unsubscribe()

    def on_resize(self, event) -> None:
        """Every screen in the stack learns the new size, not only the one on top: a screen under
        a dialog (the assistant, help) is still drawn, and at 30x8 it must already be showing
        "make the window larger" rather than its menus squeezed to nothing."""
        for screen in self.screen_stack:
            if isinstance(screen, CockpitScreen) and screen is not self.screen:
                screen.apply_size(event.size.width, event.size.height)

    # ---------------------------------------------------------------- controller bridge
    def _on_controller_event(self, event: Event) -> None:
        self.post_message(ControllerMessage(event))

    def on_controller_message(self, message: ControllerMessage) -> None:
        event = message.event
        routines = sys.modules.get("tui.controller.routines")  # not imported here: start-up does not pay for it
        if routines is not None and isinstance(event, routines.QuestionAsked):  # a routine's question (issue 5)
            from tui.screens.routines_question import QuestionScreen

            self.push_screen(QuestionScreen(event))
            return
        handover = sys.modules.get("tui.controller.handover")  # the Level 3 take-over (issue 17)
        if handover is not None and isinstance(event, handover.HandoverChanged) and event.state in ("asking", "escalated"):
            from tui.screens.handover import HandoverScreen

            if not any(isinstance(s, HandoverScreen) for s in self.screen_stack):
                self.push_screen(HandoverScreen())
        if isinstance(event, Notice):
            self.notify(event.text, severity=event.severity, timeout=4)
            return
        if isinstance(event, ContextChanged) or (isinstance(event, StateBatch) and not event.paths.isdisjoint(THEME_PATHS)):
            self.apply_theme()
        if not self.screen_stack:  # quitting: nothing left to redraw
            return
        frame = True
        if isinstance(event, StateBatch) and event.source == "simulator":
            # Readings from the drive simulator arrive ten times a second: the screens hear each
            # batch, the status bar and the restrictions follow at most five times a second (so keys
            # stay as quick as when the car stands still), at once when the car starts or stops.
            frame = self.controller.restrictions().moving != self._was_moving
            if not frame and not self._readings_pending:
                self._readings_pending = True
                self.set_timer(0.2, self._readings_settled)
        self._tell_screens(event, frame)

    def shown_screens(self) -> list[Screen]:
        """The screens that show, top first: the one on top and, while that is a dialog (a modal,
        drawn over what is below), those under it down to the first full screen."""
        shown = []
        for screen in reversed(self.screen_stack):
            shown.append(screen)
            if not screen.is_modal:
                break
        return shown

    def _tell_screens(self, event: Event | None, frame: bool = True) -> None:
        """A ControllerChanged to each screen that shows (one that has not mounted yet reads the
        state when it does). A screen of ours updates its status bar and obeys the restrictions
        itself (CockpitScreen.follow_frame); a dialog only follows "moving" (its CSS class)."""
        if frame:
            self._was_moving = self.controller.restrictions().moving
        for screen in self.shown_screens():
            if not screen.is_mounted:
                continue
            screen.post_message(ControllerChanged(event, frame))
            if frame and not isinstance(screen, CockpitScreen):
                screen.set_class(self._was_moving, "moving")

    def _refresh_frames(self) -> None:
        """The status bar and the restrictions of every screen that shows."""
        self._was_moving = self.controller.restrictions().moving
        for screen in self.shown_screens():
            if not screen.is_mounted:
                continue
            if isinstance(screen, CockpitScreen):
                screen.refresh_frame()
            else:
                screen.set_class(self._was_moving, "moving")

    def _readings_settled(self) -> None:
        self._readings_pending = False
        if self.screen_stack:  # not quitting
            self._refresh_frames()

    def _tick(self) -> None:
        self.controller.catch_up()
        try:
            self.controller.tick()
        except CockpitError as exc:
            self.notify(str(exc), severity="warning", timeout=3)
        if not self.screen_stack:  # quitting: the last screen is already gone
            return
        for screen in self.shown_screens():  # the clock (redrawn only when what it shows changed)
            for bar in screen.query(StatusBar):
                bar.update_status()
        self.idle.maybe_collect()  # only in the app process (manage_gc)
        if self._idle_imports and self.idle.idle():
            importlib.import_module(self._idle_imports.pop(0))

    def apply_theme(self) -> None:
        name = theme_name(self.controller)
        if self.theme != name:
            self.theme = name
        self.title = self.controller.car.brand.title

    # ---------------------------------------------------------------- navigation
    def open_menu(self, menu_id: str) -> bool:
        """Open a top-level menu over the home screen; False (and why, as a notice) when it cannot.
        Its screen is built once and kept between visits (opening it again costs a repaint, not a
        compose: about 20 ms instead of 60); it refreshes what it shows in on_screen_resume (it
        hears no controller event while hidden), and starts over at its first row
        (CockpitScreen.start_over)."""
        m = menus.menu(menu_id)
        reason = menus.unavailable_reason(self.controller, m)
        if reason:
            self.notify(reason, severity="warning", timeout=2)
            return False
        from tui.screens.menu_screens import screen_for

        screen_cls = screen_for(m.id)
        self.action_go_home()
        name = f"menu:{m.id}"
        if not self.is_screen_installed(name):
            self.install_screen(screen_cls(), name)
        else:
            self.get_screen(name).start_over()
        self.push_screen(name)
        return True

    def open_path(self, menu_id: str, section: str) -> None:
        if not self.open_menu(menu_id):
            return  # not available now (the reason was shown)
        screen = self.screen

        def choose() -> None:
            # the menu's widgets exist only once the pushed screen has been composed
            from tui.widgets.menu_list import MenuList

            found = screen.query(MenuList)
            if found and self.screen is screen:
                found.first().choose(section)  # as if chosen there: the screen's handler opens it

        screen.call_after_refresh(choose)

    async def run_action(self, action, default_namespace=None) -> bool:
        # A key can reach a screen before its widgets are composed, or after fast keys popped it;
        # the key is then dropped instead of stopping the app. Anything else still raises.
        try:
            return await super().run_action(action, default_namespace)
        except NoMatches:
            screen = default_namespace if isinstance(default_namespace, Screen) else getattr(default_namespace, "screen", None)
            if screen is None or screen not in self.screen_stack or not screen.is_mounted or screen is not self.screen:
                return False
            raise

    # ---- Ctrl+P guard (workaround for Textual 8.2.x, seen with 8.2.8): PageUp/PageDown reaching the
    # palette's list before its first layout raised `KeyError: 0` in OptionList._move_page and the
    # app died. The palette is Textual's, with those two keys made safe (tui/screens/dialogs.py).
    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from tui.screens.dialogs import CockpitPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CockpitPalette(id="--command-palette"))
    # ---- end of the Ctrl+P guard

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_assistant(self) -> None:
        """The assistant bar (issue 6): a request in plain words, on every screen."""
        from tui.widgets.assistant_bar import open_assistant

        open_assistant(self)

    def notify(self, message, *, title: str = "", severity="information", timeout=None, markup: bool = True) -> None:
        """A toast, calmly: it goes to the message log first, and replaces the toast before it
        (toasts never stack over the rows; the log keeps them all)."""
        now = self.controller.clock.now()
        self.messages.add(str(message), severity, now)
        self._last_toast = now.timestamp()
        notification = Notification(message, title, severity, self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
                                    markup=markup)
        self._newest_toast = notification
        self.post_message(Notify(notification))  # as App.notify does; one_toast_at_a_time shows it

    @on(Notify)
    def one_toast_at_a_time(self, event: Notify) -> None:
        """Textual's Notify message (handled before App's own handler): the newest toast replaces
        those shown; one already replaced before it arrived is never shown."""
        if event.notification is not self._newest_toast:
            event.prevent_default()
            return
        self.clear_notifications()

    def calm_on_switch(self) -> None:
        """A screen came to the top: a toast from the screen before stays there (it is in the
        log), unless it was raised as the switch happened (a choice that closes its screen)."""
        if self._notifications and self.controller.clock.now().timestamp() - self._last_toast > 0.5:
            self.clear_notifications()

    def action_messages(self) -> None:
        from tui.screens.messages import MessagesScreen

        if not isinstance(self.screen, MessagesScreen):
            self.push_screen(MessagesScreen())

    def action_alerts(self) -> None:
        """The alert centre (issue 17); its m key opens the message log (every toast)."""
        from tui.screens.alerts import AlertsScreen

        if not isinstance(self.screen, AlertsScreen):
            self.push_screen(AlertsScreen())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        screen = self.screen
        keys = help_keys(self, screen)
        ours = isinstance(screen, CockpitScreen)  # a dialog has no crumbs nor purpose of its own
        crumbs = " > ".join(("Home", *(screen.CRUMBS if ours else ())))
        self.push_screen(HelpScreen(crumbs, screen.HELP if ours else "", keys))

    def action_undo(self) -> None:
        try:
            undone = self.controller.undo_action()  # a whole user action, said in one sentence
        except CockpitError as exc:
            self.notify(str(exc), timeout=2)
            return
        self.notify(undone.text, timeout=2)

    def switch_car(self, vin: str) -> None:
        try:
            car = self.controller.use_vehicle(vin)
        except CockpitError as exc:
            self.notify(str(exc), severity="warning", timeout=3)
            return
        self.notify(f"Now in a {car.title}", timeout=2)


def help_keys(app, screen):
    """The keys of this screen, exactly those that work there, from its active bindings (the
    footer's source too: tui/widgets/keys.py), its own first, then those of every screen."""
    from tui.widgets.keys import key_lines

    return key_lines(screen)
