"""The assistant bar: `/` or `:` on any screen opens it at the bottom; type a request, Enter.

It only shows what the controller's assistant answers and obeys it: a navigation target closes
the bar and goes there; a PIN request opens the PIN pad and a confirmation the yes/no dialog (the
same dialogs the menus use); numbered choices are answered by typing the number. Up and Down
recall earlier requests. Escape closes the bar (and forgets a question left unanswered).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.widgets.pin_pad import PIN_MAX, PIN_MIN

HINT = "Enter ask · Up earlier requests · Esc close · try 'what can I say'"
HINT_MOVING = "Enter ask · Up earlier · Esc close"


class AssistantInput(Input):
    """One line of text with the request history on Up and Down."""

    BINDINGS = [
        # Enter is taken in on_key (below); the binding names it in the bar's footer
        Binding("enter", "submit", "Ask", show=True, key_display="⏎"),
        Binding("up", "earlier", "Earlier request", show=True),
        Binding("down", "later", "Later request", show=False),
    ]

    def __init__(self, history: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.history = list(history)  # newest first
        self._index = -1  # -1: the line being typed
        self._draft = ""

    def remember(self, text: str) -> None:
        if text in self.history:
            self.history.remove(text)
        self.history.insert(0, text)
        self._index = -1

    def on_key(self, event) -> None:
        # Enter sends the request as it stands when Enter is typed, and empties the line at once:
        # as a binding it ran only once the key had gone up to the app, after the keys typed
        # behind it (the next request) had been added to this one.
        if event.key != "enter":
            return
        event.stop()
        event.prevent_default()
        text, self.value = self.value, ""
        self.post_message(self.Submitted(self, text))

    def action_earlier(self) -> None:
        if not self.history or self._index + 1 >= len(self.history):
            return
        if self._index == -1:
            self._draft = self.value
        self._index += 1
        self.value = self.history[self._index]
        self.cursor_position = len(self.value)

    def action_later(self) -> None:
        if self._index < 0:
            return
        self._index -= 1
        self.value = self._draft if self._index == -1 else self.history[self._index]
        self.cursor_position = len(self.value)


class AssistantScreen(ModalScreen[str | None]):
    """The bar over the current screen. Dismissed with a navigation target (or None)."""

    BINDINGS = [Binding("escape", "close", "Close", show=True)]

    def __init__(self) -> None:
        super().__init__(id="assistant")
        self.last_reply = None

    @property
    def controller(self):
        return self.app.controller

    def compose(self):
        moving = self.controller.restrictions().moving
        with Vertical(id="assistant-box"):
            yield Static("", id="assistant-reply")
            yield AssistantInput(self.controller.assistant.history(), placeholder="Ask in plain words…",
                                 id="assistant-input", max_length=200)
            yield Static(HINT_MOVING if moving else HINT, id="assistant-hint")
        from tui.widgets.footer import CockpitFooter

        yield CockpitFooter()  # the bar's keys, over the footer of the screen beneath

    def on_mount(self) -> None:
        waiting = self.controller.assistant.waiting()
        if waiting:
            self.show(waiting["question"])
        self.query_one(AssistantInput).focus()

    def show(self, text: str, refused: bool = False) -> None:
        reply = self.query_one("#assistant-reply", Static)
        reply.update(text)
        reply.set_class(refused, "-refused")
        reply.set_class(bool(text), "-shown")

    # ------------------------------------------------------------------ asking
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        field = self.query_one(AssistantInput)
        if field.value == event.value:  # (the bar's own Enter has emptied it already)
            field.value = ""
        if not (text.isdigit() and PIN_MIN <= len(text) <= PIN_MAX):  # never keep something that may be a PIN
            field.remember(text)
        self.handle(self.controller.assistant.ask(text))

    def handle(self, reply) -> None:
        self.last_reply = reply
        if reply.needs == "pin":
            from tui.screens.dialogs import PinScreen

            self.show(reply.text)
            self.app.push_screen(PinScreen(reply.text), self._pin_given)
            return
        if reply.needs == "confirm":
            from tui.screens.dialogs import ConfirmScreen

            self.show(reply.text)
            # sensitive: the driver was typing here, and the keys of the next request must not
            # answer it (only keys pressed after it shows, No by default, no bare y)
            self.app.push_screen(ConfirmScreen(reply.text, sensitive=True), self._confirmed)
            return
        if reply.navigate:
            self.app.notify(reply.text, timeout=2)
            self._close(reply.navigate)
            return
        self.show(reply.text, refused=reply.refused or not reply.understood)

    def _pin_given(self, pin: str | None) -> None:
        if pin is None:
            self.controller.assistant.cancel()
            self.show("Cancelled.")
            return
        self.handle(self.controller.assistant.answer(pin=pin))

    def _confirmed(self, yes: bool | None) -> None:
        self.handle(self.controller.assistant.answer(confirm=bool(yes)))

    def action_close(self) -> None:
        self.controller.assistant.cancel()
        self._close(None)

    def _close(self, target: str | None) -> None:
        if self.is_attached and self.app.screen is self:
            self.dismiss(target)


def go(app, target: str | None) -> None:
    """Obey a navigation target from the assistant: home, back, a menu, or menu/section."""
    if not target:
        return
    if target == "home":
        app.action_go_home()
    elif target == "back":
        if len(app.screen_stack) > 1:
            app.pop_screen()
    elif "/" in target:
        menu_id, _, section = target.partition("/")
        if app.open_menu(menu_id):  # opened: choose the section once its menu is there
            app.screen.call_after_refresh(_choose, app.screen, section)
    else:
        app.open_menu(target)


def _choose(screen, section: str) -> None:
    from tui.widgets.menu_list import MenuList

    menus = screen.query(MenuList)
    if menus and screen.app.screen is screen:
        menus.first().choose(section)  # as if chosen there: the screen's handler opens it


def open_assistant(app) -> None:
    """Open the bar over the screen that shows (once: a second `/` inside it types a slash)."""
    if any(isinstance(s, AssistantScreen) for s in app.screen_stack):
        return
    if isinstance(app.screen, ModalScreen):  # a dialog (PIN pad, yes/no, help) keeps the keys
        return
    warm_up = getattr(app, "warm_up_assistant", None)
    if warm_up is not None:
        warm_up()
    app.push_screen(AssistantScreen(), lambda target: go(app, target))
