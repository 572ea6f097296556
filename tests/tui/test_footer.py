"""The footer (one widget drawing every key): the keys of the screen shown, one per action, the
palette key on the right, disabled keys dimmed, clicks and hover as Textual's footer has them,
and a repaint when the keys change (buying a plan hides Media's "Services" key)."""

from __future__ import annotations

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
