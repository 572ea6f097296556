"""The Software Update tile, driven by keys as a person would (Textual Pilot, 80x24): versions and
notes, install with a progress bar, a failed precondition named, a rollback said, postpone and
tonight; and a snapshot of the screen."""

from __future__ import annotations

import pytest

from tests.tui.waits import must
from tui.controller.updates.preconditions import IGNITION

pytestmark = pytest.mark.usefixtures("_no_key_guard")


@pytest.fixture
def _no_key_guard(monkeypatch):
    from tui.screens import dialogs

    monkeypatch.setattr(dialogs, "KEY_GUARD_S", 0.0)


def notes(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def open_updates(pilot) -> None:
    await pilot.press("end", "left", "enter")  # the tile before Settings, the last one
    await must(pilot, lambda: type(pilot.app.screen).__name__ == "SoftwareUpdateScreen")
    await must(pilot, lambda: not pilot.app.screen.checking, tries=500)  # the signed check, on its thread
    await pilot.pause()


def text_of(app, selector: str) -> str:
    widget = app.screen.query_one(selector)
    content = getattr(widget, "content", None)
    if content is not None and not isinstance(content, str):
        from rich.console import Console

        console = Console(width=60, record=True)
        console.print(content)
        return console.export_text()
    return str(content)


def menu_text(app) -> str:
    menu = app.screen.query_one("#update-components")
    return "\n".join(str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count))


async def test_versions_notes_and_an_install_with_progress(app, controller):
    controller.updates.chunk = 256 * 1024
    async with app.run_test(size=(80, 24)) as pilot:
        await open_updates(pilot)
        listing = menu_text(app)
        assert "Head unit  5.2.0 → 5.3.0" in listing and "Connectivity  1.9.2" in listing
        detail = text_of(app, "#update-detail")
        assert "Installed 5.2.0 (slot A)" in detail and "Maps start twice as fast" in detail
        assert "factory" in detail
        await pilot.press("enter")
        await must(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("right", "enter")
        await must(pilot, lambda: controller.updates.running() is not None)
        phases = set()

        def note_phase():
            box = app.screen.query_one("#update-progress")
            if box.display:
                phases.add(text_of(app, "#update-phase").split()[0])
            return controller.updates.running() is None

        await must(pilot, note_phase, tries=400)
        assert "Downloading" in phases or "Installing" in phases
        # the end is told from the install's worker thread: it reaches the screen a moment later
        await must(pilot, lambda: "Installed 5.3.0 (slot B)." in notes(app))
        await must(pilot, lambda: "Head unit  5.3.0" in menu_text(app))
        assert "Installed 5.3.0 (slot B) · slot A: 5.2.0" in text_of(app, "#update-detail")
        assert controller.updates.problems() == []


async def test_a_failed_precondition_is_named_and_nothing_is_asked(app, controller):
    controller.set_many({IGNITION: "ON"}, source="simulator")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_updates(pilot)
        assert "Switch the ignition off (it is ON)." in text_of(app, "#update-detail")
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "SoftwareUpdateScreen"
        assert "Not now: Switch the ignition off (it is ON)." in notes(app)
        assert controller.updates.running() is None


async def test_a_rollback_is_said(app, controller):
    controller.updates.chunk = 1 << 20
    controller.simulator.fail_next_update("boot")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_updates(pilot)
        await pilot.press("enter")
        await must(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("right", "enter")
        await must(pilot, lambda: "rolled back" in notes(app), tries=400)
        assert "5.3.0 did not start; rolled back to 5.2.0 (slot A)." in notes(app)
        assert "Head unit  5.2.0" in menu_text(app)


async def test_postpone_and_tonight(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_updates(pilot)
        await pilot.press("p")
        await must(pilot, lambda: "postponed until tomorrow" in notes(app))
        assert controller.updates.available()[0].state == "postponed"
        await pilot.press("n")
        await must(pilot, lambda: "installs tonight at 2:00 AM" in notes(app))
        assert controller.updates.available()[0].state == "scheduled"
        assert "[tonight]" in text_of(app, "#update-detail")


async def test_the_guest_is_refused(app, controller):
    controller.profiles.use_guest()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_updates(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SoftwareUpdateScreen"
        assert "may not install or postpone a software update" in notes(app)


def test_software_update_80x24(fixed_app, snap_compare):
    async def open_it(pilot):
        await open_updates(pilot)

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_it)


async def test_while_moving_notes_are_short_and_installing_waits(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_updates(pilot)
        assert "dropping out after a call." in text_of(app, "#update-detail")
        controller.set_many({"Vehicle.Speed": 50.0}, source="simulator")
        await must(pilot, lambda: "dropping out" not in text_of(app, "#update-detail"))
        assert "Maps start twice as fast" in text_of(app, "#update-detail")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SoftwareUpdateScreen"
        assert "Install software updates when parked." in notes(app)


@pytest.fixture
def held_check(monkeypatch):
    """The real signed check, held until the test lets it go; notes the thread it ran on."""
    import threading

    from tui.controller.updates import CheckPlan

    gate, threads = threading.Event(), []
    real = CheckPlan.run

    def held(plan):
        threads.append(threading.current_thread())
        assert gate.wait(10)
        return real(plan)

    monkeypatch.setattr(CheckPlan, "run", held)
    return gate, threads


async def test_the_check_runs_on_a_worker_thread_and_keys_work_meanwhile(app, controller, held_check):
    import threading

    gate, threads = held_check
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end", "left", "enter")
        await must(pilot, lambda: type(app.screen).__name__ == "SoftwareUpdateScreen" and threads)
        assert app.screen.checking and "Checking" in text_of(app, "#update-note")
        assert "Head unit  5.2.0" in menu_text(app) and "→" not in menu_text(app)  # what the car knows
        menu = app.screen.query_one("#update-components")
        await pilot.press("down")  # a key while the check runs
        await must(pilot, lambda: menu.highlighted == 1)
        await pilot.press("c")  # a second check is not started while one runs
        await pilot.pause()
        assert len(threads) == 1 and threads[0] is not threading.main_thread()
        gate.set()
        await must(pilot, lambda: not app.screen.checking, tries=500)
        assert "Checked at" in text_of(app, "#update-note")
        assert "Head unit  5.2.0 → 5.3.0" in menu_text(app)
        assert [j.version for j in controller.updates.available()] == ["5.3.0"]


async def test_leaving_while_the_check_runs_is_safe_and_keeps_its_result(app, controller, held_check):
    gate, threads = held_check
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end", "left", "enter")
        await must(pilot, lambda: type(app.screen).__name__ == "SoftwareUpdateScreen" and threads)
        await pilot.press("backspace")
        await must(pilot, lambda: type(app.screen).__name__ != "SoftwareUpdateScreen")
        gate.set()
        await must(pilot, lambda: controller.updates.available(), tries=500)
        assert [j.version for j in controller.updates.available()] == ["5.3.0"]
        await pilot.press("enter")  # the home still answers (Software Update opens again)
        await must(pilot, lambda: type(app.screen).__name__ == "SoftwareUpdateScreen")
        await must(pilot, lambda: not app.screen.checking, tries=500)
        assert "Head unit  5.2.0 → 5.3.0" in menu_text(app)
        assert "Checked at" in text_of(app, "#update-note")  # the kept screen says what the check found


async def test_leaving_during_an_install_and_coming_back_follows_it_again(app, controller):
    """The screen is kept between visits: away from it, it steps nothing (its timer stops; the
    app's tick goes on with the install); back on it, the progress shows and the install ends."""
    controller.updates.chunk = 64 * 1024
    async with app.run_test(size=(80, 24)) as pilot:
        await open_updates(pilot)
        kept = app.screen
        await pilot.press("enter")
        await must(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
        await pilot.press("right", "enter")
        await must(pilot, lambda: controller.updates.running() is not None and kept._timer is not None)
        await pilot.press("backspace")
        await must(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        assert kept._timer is None  # nothing stepped from a screen nobody sees
        await pilot.press("enter")
        await must(pilot, lambda: app.screen is kept)
        if controller.updates.running() is not None:
            await must(pilot, lambda: kept._timer is not None)
            await must(pilot, lambda: kept.query_one("#update-progress").display)
        await must(pilot, lambda: controller.updates.running() is None, tries=600)
        await must(pilot, lambda: "Head unit  5.3.0" in menu_text(app))
