"""The footer (one widget drawing every key): the keys of the screen shown, one per action, the
palette key on the right, disabled keys dimmed, clicks and hover as Textual's footer has them,
and a repaint when the keys change (buying a plan hides Media's "Services" key)."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tui.widgets.footer import CockpitFooter

SIZE = (100, 30)


def footer(app) -> CockpitFooter:
    return app.screen.query_one(CockpitFooter)


def line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


async def settle(pilot):
    await pilot.pause()
    await pilot.pause()


async def test_home_footer_shows_each_action_once_and_the_palette_on_the_right(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = line(app)
        assert text.startswith(" ⏎ Open  ⌫ Back  g Home  ? Help  ^q Quit  / Ask ")
        assert text.endswith("▏^p palette ") and len(text) == SIZE[0]
        assert text.count("Open") == 1 and text.count("Home") == 1  # enter,space and g,home: one key each
        assert footer(app).descriptions() == ["Open", "Back", "Home", "Help", "Quit", "Ask", "palette"]


async def test_a_click_on_a_key_presses_it_and_hover_tells_what_it_does(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_menu("settings")
        await settle(pilot)
        assert app.screen.CRUMBS == ("Settings",)
        f = footer(app)
        back = next(x for x in range(SIZE[0]) if f.item_at(x) and f.item_at(x).description == "Back")
        def back_style():
            strip = app.screen._compositor.render_strips()[-1]
            return next(seg.style for seg in strip if seg.text.strip() == "Back")

        plain = back_style()
        await pilot.hover(CockpitFooter, offset=(back, 0))
        await settle(pilot)
        assert back_style().bgcolor != plain.bgcolor  # the key under the mouse is highlighted
        await pilot.hover("#crumbs")
        await settle(pilot)
        assert back_style().bgcolor == plain.bgcolor
        await pilot.click(CockpitFooter, offset=(back, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        palette = SIZE[0] - 3
        assert footer(app).item_at(palette).description == "palette"
        assert footer(app).item_at(2).description == "Open"


async def test_the_keys_follow_the_screen_when_a_plan_is_bought(app, controller):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_menu("media")
        await settle(pilot)
        assert "Services" in footer(app).descriptions()  # streaming needs its plan: s opens Services
        controller.services.buy("music", "monthly")
        await settle(pilot)
        assert "Services" not in footer(app).descriptions()
        assert " s Services " not in line(app)


async def test_too_many_keys_leave_out_whole_keys_never_half_of_one(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_menu("media")
        await settle(pilot)
        text = line(app)
        assert text.endswith("▏^p palette ") and len(text) == 80
        shown = text[: text.index("▏")].rstrip()
        for piece in shown.split("  "):  # every key shown has its key and its whole description
            assert len(piece.strip().split(" ", 1)) == 2, piece


class Disabled(Screen):
    BINDINGS = [Binding("x", "thing", "Thing"), Binding("y", "other", "Other")]

    def compose(self):
        yield CockpitFooter()

    def check_action(self, action, parameters):
        return None if action == "thing" else True  # shown, but not now

    def action_other(self) -> None:
        self.app.pressed.append("other")

    def action_thing(self) -> None:  # never reached: the key is disabled
        self.app.pressed.append("thing")


class DisabledApp(App):
    ENABLE_COMMAND_PALETTE = False

    def __init__(self) -> None:
        super().__init__()
        self.pressed = []

    def on_mount(self) -> None:
        self.push_screen(Disabled())


async def test_a_disabled_key_is_dimmed_and_a_click_on_it_does_nothing():
    app = DisabledApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await settle(pilot)
        f = app.screen.query_one(CockpitFooter)
        assert [(i.description, i.enabled) for i in f.items()] == [("Thing", False), ("Other", True)]
        strip = app.screen._compositor.render_strips()[-1]
        styles = {seg.text.strip(): seg.style for seg in strip if seg.text.strip()}
        # Textual turns "dim" into a fainter colour: the disabled key is drawn fainter than the other
        assert styles["Thing"].color != styles["Other"].color
        thing = next(x for x in range(60) if f.item_at(x) and f.item_at(x).description == "Thing")
        other = next(x for x in range(60) if f.item_at(x) and f.item_at(x).description == "Other")
        await pilot.click(CockpitFooter, offset=(thing, 0))
        await pilot.click(CockpitFooter, offset=(other, 0))
        await settle(pilot)
        assert app.pressed == ["other"]
        assert "palette" not in strip.text


# ---------------------------------------------------------------------------- exactly the keys that work (issue 16)
from tests.tui.test_screen_journeys import JOURNEYS, tile  # noqa: E402
from tests.tui.waits import until  # noqa: E402
from tui.screens.help import HelpScreen  # noqa: E402
from tui.widgets.keys import UNLISTED  # noqa: E402


def shown_bindings(screen) -> list[str]:
    """The descriptions of the screen's active bindings marked show, one per action, in order."""
    out, actions = [], set()
    for active in screen.active_bindings.values():
        b = active.binding
        if b.show and b.action not in actions and b.action != "command_palette":
            actions.add(b.action)
            out.append(b.description)
    return out


def working_actions(screen) -> set[str]:
    return {a.binding.action for a in screen.active_bindings.values() if a.binding.action not in UNLISTED}


async def go_home(pilot) -> None:
    app = pilot.app
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause()
    assert await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
    from tui.widgets.tile_grid import TileGrid

    app.screen.query_one(TileGrid).cursor = 0  # where the home screen starts: the journeys' keys count from it


# a few screens of each kind for the default run: the home grid, menus, control and setting lists,
# screens with keys the footer hides, and dialogs (the PIN pad, help, the assistant bar)
QUICK = {"drive", "seats_memory", "services", "vehicle_health", "profile_pin_pad", "help_on_climate", "assistant_bar"}


async def check_footer_and_help(app, journeys) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        for name, keys, screen_name, text in journeys:
            await go_home(pilot)
            for key in keys:
                before = app.screen
                await pilot.press(key)
                await until(pilot, lambda: app.screen is not before, frames=5)
            assert await until(pilot, lambda: type(app.screen).__name__ == screen_name), (name, type(app.screen))
            await pilot.pause()
            screen = app.screen
            footers = screen.query(CockpitFooter)
            assert len(footers) == 1, name  # a dialog has its own footer, over the one beneath
            assert await until(pilot, lambda: [d for d in footers.first().descriptions() if d != "palette"]
                               == shown_bindings(screen)), (name, footers.first().descriptions(),
                                                            shown_bindings(screen))
            if screen.is_modal:
                below = app.screen_stack[-2]
                assert all(a.node is screen or screen in a.node.ancestors for a in screen.active_bindings.values()), name
                beneath = {a.binding.description for a in below.active_bindings.values() if a.binding.show}
                shown = set(footers.first().descriptions())
                assert not shown & (beneath - {"Cancel", "Confirm", "Open", "Close", "Ask"}), (name, shown & beneath)
                continue
            working = working_actions(screen)
            await pilot.press("question_mark")
            assert await until(pilot, lambda: isinstance(app.screen, HelpScreen)), name
            listed = {action for line in app.screen.lines for action in line.actions}
            assert listed == working, (name, listed ^ working)


async def test_footer_and_help_list_exactly_the_working_keys(fixed_app):
    """Screens of every kind, reached by keys: the footer shows the screen's shown bindings and
    nothing else (a dialog: its own, none of the screen beneath), and help lists every key that
    works there (the active bindings, those the footer hides too) and nothing more."""
    await check_footer_and_help(fixed_app, [j for j in JOURNEYS if j[0] in QUICK])


@pytest.mark.slow
async def test_every_screen_footer_and_help_list_exactly_its_working_keys(fixed_app):
    """The same for every screen of the journeys (tests/tui/test_screen_journeys.py)."""
    await check_footer_and_help(fixed_app, JOURNEYS)


async def seat_rows(app, pilot, keys) -> None:
    await go_home(pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_left_right_change_shows_only_on_rows_it_changes(fixed_app, fixed_controller):
    """Seat memory rows are recalled with Enter (Left/Right only gave a hint): no "←→ Change"
    there; a seat's rows step with Left/Right: "←→ Change" shows; Health's readings: neither."""
    app = fixed_app
    fixed_controller.seats.save_preset(1)
    async with app.run_test(size=(80, 24)) as pilot:
        await seat_rows(app, pilot, tile("seats") + ["down", "down", "enter"])
        assert type(app.screen).__name__ == "SeatMemoryScreen"
        assert "Change" not in footer(app).descriptions() and "Select" in footer(app).descriptions()
        await seat_rows(app, pilot, tile("seats") + ["enter"])
        assert type(app.screen).__name__ == "SeatPartScreen"
        assert "Change" in footer(app).descriptions() and "←→ Change" in line(app)
        await seat_rows(app, pilot, tile("vehicle") + ["3"])
        assert type(app.screen).__name__ == "HealthScreen"
        descriptions = footer(app).descriptions()
        assert "Change" not in descriptions and "Select" not in descriptions, descriptions
        before = fixed_controller.recent_changes() if hasattr(fixed_controller, "recent_changes") else None
        await pilot.press("left", "right")  # nothing to change: the keys do nothing (and say nothing)
        await pilot.pause()
        assert not app._notifications
        if before is not None:
            assert fixed_controller.recent_changes() == before


async def test_help_on_services_lists_the_keys_that_work_on_the_offer(fixed_app):
    """Services: b, t, e and o (o and the hidden ones too), never c or r on an offer not bought."""
    app = fixed_app
    async with app.run_test(size=(80, 24)) as pilot:
        await seat_rows(app, pilot, tile("services"))
        assert type(app.screen).__name__ == "ServicesScreen"
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = {line.text: line.description for line in app.screen.lines}
        for key in ("b", "t", "e", "o"):
            assert key in keys, (key, keys)
        assert "c" not in keys and "r" not in keys and "a" not in keys
        assert "←, h" not in keys  # no Left/Right line: they change nothing on Services
