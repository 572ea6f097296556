"""Opening the trunk, tailgate or frunk asks the authority (body.trunk, issue 17), from every entry
point: parked only; in valet mode a valet may not, the owner may with the valet PIN (the one the
owner set), and valet mode stays on. Closing always may. The Vehicle screen asks by keys (the PIN
pad), as it asks the yes or the PIN for unlocking on the Locks screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from tests.tui.waits import until
from tui.cli import main
from tui.controller import Controller
from tui.controller.authority import PinNeeded
from tui.controller.clock import FakeClock
from tui.controller.errors import CockpitError, NotAllowed

REAR, FRONT = "Vehicle.Body.Trunk.Rear.IsOpen", "Vehicle.Body.Trunk.Front.IsOpen"


def valet(c: Controller) -> Controller:
    c.profiles.valet_on("9999")
    return c


def moving(c: Controller) -> None:
    c.set("Vehicle.Speed", 40.0, source="simulator")
    with c.store.write():
        c.store.settings.set("motion.live_until", (datetime.now(UTC) + timedelta(hours=1)).timestamp())


def test_the_rule(controller):
    decide = controller.authority.decide
    assert decide("body.trunk").allowed  # parked, the owner at the wheel
    assert decide("body.trunk", source="routine").allowed
    moving(controller)
    assert decide("body.trunk").reason == "Open the tailgate when parked."  # this car's name for it
    assert decide("body.trunk", doing="open the frunk").reason == "Open the frunk when parked."


@pytest.mark.parametrize("which, path, name", [("rear", REAR, "Tailgate"), ("frunk", FRONT, "Frunk")])
def test_a_valet_may_not_open_it_the_owner_may_with_the_valet_pin(controller, which, path, name):
    c = valet(controller)
    body = c.body
    d = c.authority.decide("body.trunk", doing=f"open the {name.lower()}")
    assert d.asks and d.pin == "valet" and d.reason.startswith(f"A valet may not open the {name.lower()}")
    with pytest.raises(PinNeeded):
        body.set_trunk(which, True)
    with pytest.raises(CockpitError, match="Wrong"):
        body.set_trunk(which, True, pin="1234")
    assert c.get(path) is False
    assert body.set_trunk(which, True, pin="9999") == f"{name} opening."
    assert c.get(path) is True and c.profiles.valet_active()
    assert body.set_trunk(which, False) == f"{name} closing."  # closing: always


@pytest.mark.parametrize("source", ["routine", "ui", "cli", "assistant"])
def test_no_write_opens_it_behind_the_authoritys_back(controller, source):
    """`state set`, a routine's car action, undo: a raw write of IsOpen=True asks the same rule."""
    c = valet(controller)
    with pytest.raises(NotAllowed) as refused:
        c.set(REAR, True, source=source)
    assert "valet" in str(refused.value)
    assert c.get(REAR) is False


def test_a_routine_in_valet_mode_is_refused_outright(controller):
    c = valet(controller)
    d = c.authority.decide("body.trunk", source="routine")
    assert d.refused and "valet PIN" in d.reason
    with pytest.raises(NotAllowed):
        c.body.set_trunk("rear", True, source="routine")


def test_moving_refuses_on_every_entry_point(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    try:
        moving(c)
        with pytest.raises(NotAllowed, match="Open the tailgate when parked"):
            c.body.set_trunk("rear", True)
        reply = c.assistant.ask("open the trunk")
        assert reply.refused and "when parked" in reply.text
        with pytest.raises(NotAllowed, match="when parked"):
            c.set(REAR, True, source="routine")
    finally:
        c.close()
    result = CliRunner().invoke(main, ["--db", str(db_path), "body", "trunk", "open"])
    assert result.exit_code == 1 and "Open the tailgate when parked." in result.output


def test_the_cli_and_the_assistant_ask_the_valet_pin(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    try:
        valet(c)
        reply = c.assistant.ask("open the frunk")
        assert reply.needs == "pin" and "valet PIN" in reply.text
        assert c.assistant.answer(pin="9999").text == "Frunk opening."
        assert c.get(FRONT) is True
    finally:
        c.close()
    runner = CliRunner()
    asked = runner.invoke(main, ["--db", str(db_path), "body", "trunk", "open"], input="")
    assert asked.exit_code == 1 and "valet PIN" in asked.output
    done = runner.invoke(main, ["--db", str(db_path), "body", "trunk", "open", "rear", "--pin", "9999"])
    assert done.exit_code == 0 and done.output.strip() == "Tailgate opening."
    closed = runner.invoke(main, ["--db", str(db_path), "body", "trunk", "close", "tailgate"])
    assert closed.exit_code == 0 and closed.output.strip() == "Tailgate closing."


# --------------------------------------------------------------------------- the screens, by keys
def highlight(app, control_id: str) -> None:
    from tui.widgets.control_list import ControlList

    lst = app.screen.query_one(ControlList)
    lst.highlighted = [i.id for i in lst._items].index(control_id)


async def open_part(pilot, part: str) -> None:
    from tui.controller import menus

    await pilot.press(str([m.id for m in menus.MENUS].index("vehicle") + 1))
    assert await until(pilot, lambda: type(pilot.app.screen).__name__ == "VehicleScreen")
    await pilot.press(part)
    assert await until(pilot, lambda: type(pilot.app.screen).__name__ in ("OpeningsScreen", "LocksScreen"))


async def test_the_screen_asks_the_valet_pin_for_the_tailgate(app, controller):
    from tui.screens.dialogs import PinScreen

    valet(controller)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_part(pilot, "1")  # Doors & windows
        highlight(app, "trunk:Rear")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, PinScreen))
        await pilot.pause()  # its resume (which stamps when it showed) before the keys
        await pilot.press("1", "2", "3", "4", "enter")  # a valet guessing
        assert await until(pilot, lambda: not isinstance(app.screen, PinScreen))
        assert controller.get(REAR) is False
        highlight(app, "trunk:Rear")
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, PinScreen))
        await pilot.pause()  # its resume (which stamps when it showed) before the keys
        await pilot.press("9", "9", "9", "9", "enter")  # the owner
        assert await until(pilot, lambda: controller.get(REAR) is True)
        assert controller.profiles.valet_active()


async def test_the_locks_screen_asks_the_pin_to_unlock(app, controller):
    from tui.screens.dialogs import PinScreen

    controller.security.set_pin("2468")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_part(pilot, "2")  # Locks
        await pilot.press("left")  # central locking off
        assert await until(pilot, lambda: isinstance(app.screen, PinScreen))
        await pilot.pause()  # its resume (which stamps when it showed) before the keys
        assert controller.body.all_locked()
        await pilot.press("2", "4", "6", "8", "enter")
        assert await until(pilot, lambda: not controller.body.all_locked())
