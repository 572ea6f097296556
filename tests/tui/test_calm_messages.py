"""Calm messages (issue 16): a toast only for what the screen does not already show, one at a time
(the newest replaces the one before), none following the driver to another screen, and every one
kept to read again on the Messages screen (from the palette). Help lists every key of its screen."""

from __future__ import annotations

from tests.tui.waits import palette_shows, until
from tui.screens.help import HelpScreen
from tui.screens.messages import MessagesScreen

DT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_a_step_says_nothing_its_row_does_not_show(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("climate")
        await until(pilot, lambda: type(app.screen).__name__ == "ClimateScreen")
        await pilot.press("right", "right", "left")
        await pilot.pause()
        assert controller.get(DT) == 21.5
        assert toasts(app) == [] and app.messages.texts() == []  # the row shows 71 °F: nothing else to say
        controller.set(DT, controller.spec(DT).max, source="cli")
        await pilot.pause()
        await pilot.press("right")  # at the top of the range: that the row cannot show
        await until(pilot, lambda: toasts(app) != [])
        assert len(toasts(app)) == 1 and "at its limit" in toasts(app)[0]


async def test_one_toast_at_a_time_and_repeats_are_counted(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for text in ("First", "Second", "Too many wrong PINs.", "Too many wrong PINs.", "Too many wrong PINs."):
            app.notify(text, severity="warning" if "PIN" in text else "information")
        await pilot.pause()
        assert toasts(app) == ["Too many wrong PINs."]
        newest = app.messages.newest_first()
        assert [(m.text, m.count) for m in newest] == [("Too many wrong PINs.", 3), ("Second", 1), ("First", 1)]
        assert app.messages.unread == 1


async def test_a_toast_does_not_follow_the_driver_to_another_screen(app, controller, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("climate")
        await until(pilot, lambda: type(app.screen).__name__ == "ClimateScreen")
        app.notify("Something about the climate.")
        await pilot.pause()
        assert toasts(app) == ["Something about the climate."]
        clock.advance(2)  # a while after it was raised
        await pilot.press("backspace")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.pause()
        assert toasts(app) == []
        assert app.messages.texts() == ["Something about the climate."]  # still there to read


async def test_messages_screen_from_the_palette(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify("The garage did not answer.", severity="warning")
        app.notify("Garage closing")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"messages")
        await palette_shows(pilot, "Messages")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, MessagesScreen))
        text = screen_text(app)
        assert text.index("Garage closing") < text.index("The garage did not answer.")  # newest first
        assert app.messages.unread == 0


async def test_help_lists_every_key_of_its_screen(app, controller):
    """Services' footer shows b and e; its help also lists t and o, which the footer hides, and not
    what does not apply to the highlighted offer (c: it is not yours to cancel)."""
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_menu("services")
        await until(pilot, lambda: type(app.screen).__name__ == "ServicesScreen")
        await pilot.press("question_mark")
        assert await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed = dict(app.screen.keys)
        for key in ("b", "t", "e", "o"):
            assert key in listed, (key, listed)
        assert "c" not in listed and "r" not in listed
