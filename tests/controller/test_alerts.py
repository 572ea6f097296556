"""The alert centre (issue 17): sourced, timed, read/unread, persisted, bounded; raised by the home,
the services, the PINs and driver assistance through one API."""

from __future__ import annotations

import pytest

from tui.controller import Controller
from tui.controller.alerts import KEEP, AlertsChanged
from tui.controller.errors import InvalidValue, NotAllowed, UnknownName

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


def test_raise_list_newest_first_and_read(controller, clock):
    a = controller.alerts
    assert a.unread() == 0 and a.summary() == "No unread alerts."
    first = a.raise_("car", "tyre_low", "Front left tyre is low: 26 psi.")
    clock.advance(60)
    second = a.raise_("home", "alarm", "The alarm is going off at home!", "error")
    assert [x.id for x in a.list()] == [second, first]
    assert a.unread() == 2
    assert a.summary().startswith("2 unread alerts. Newest: The alarm")
    assert [x.source for x in a.list(source="car")] == ["car"]
    assert a.mark_read(first) == 1 and a.unread() == 1
    assert a.list(unread_only=True)[0].id == second
    assert a.mark_read() == 1 and a.unread() == 0
    assert a.mark_read() == 0


def test_the_same_alert_unread_is_counted_not_repeated(controller, clock):
    a = controller.alerts
    one = a.raise_("car", "tyre_low", "Front left tyre is low.")
    clock.advance(5)
    assert a.raise_("car", "tyre_low", "Front left tyre is low.") == one
    assert a.get(one).count == 2 and a.unread() == 1
    a.mark_read(one)
    assert a.raise_("car", "tyre_low", "Front left tyre is low.") != one  # read: a new one


def test_time_is_the_drivers_clock(controller, clock):
    a = controller.alerts
    alert = a.get(a.raise_("car", "x", "Something."))
    assert a.when(alert) == controller.time_text(clock.now())
    clock.advance(86400 * 2)
    assert controller.date_text(alert.at.astimezone(clock.now().tzinfo)) in a.when(alert)


def test_bad_source_or_severity_is_refused(controller):
    with pytest.raises(InvalidValue):
        controller.alerts.raise_("kitchen", "x", "y")
    with pytest.raises(InvalidValue):
        controller.alerts.raise_("car", "x", "y", "panic")
    with pytest.raises(UnknownName):
        controller.alerts.list(source="kitchen")
    with pytest.raises(UnknownName):
        controller.alerts.mark_read(999)


def test_persisted_across_a_restart(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    c.alerts.raise_("services", "trial", "Trial ends soon.", "information")
    c.close()
    c = Controller.open(db_path, clock=clock)
    assert c.alerts.unread() == 1 and c.alerts.list()[0].text == "Trial ends soon."
    c.close()


def test_bounded_old_ones_pruned(controller, clock):
    a = controller.alerts
    a.raise_("car", "old", "Very old.")
    clock.advance(91 * 86400)
    a.raise_("car", "new", "New.")
    assert [x.text for x in a.list()] == ["New."]
    for i in range(KEEP + 5):
        a.raise_("car", "n", f"Alert {i}.")
    assert len(a.list(limit=KEEP * 2)) == KEEP


def test_changes_are_announced_after_the_transaction(controller):
    seen = []
    controller.subscribe(lambda e: seen.append(e) if isinstance(e, AlertsChanged) else None)
    controller.alerts.raise_("car", "x", "One.")
    assert seen[-1].unread == 1
    with pytest.raises(RuntimeError):
        with controller.transaction():
            controller.alerts.raise_("car", "y", "Rolled back.")
            raise RuntimeError
    assert len(seen) == 1 and controller.alerts.unread() == 1  # the rolled-back one: no row, no event


def test_pin_lockout_is_an_alert(controller):
    c = controller
    c.ledger.set_operator_pin("4321")
    for _ in range(5):
        with pytest.raises(NotAllowed):
            c.ledger.verify_operator("0000")
    alert = c.alerts.list(source="security")[0]
    assert alert.kind == "pin_lockout" and "locked for 60 s" in alert.text


def test_home_alarm_and_a_device_offline_are_alerts(controller, clock):
    c = controller
    c.home.do("alarm", "arm_away")
    for _ in range(11):
        clock.advance(1)
        c.tick()
    c.home.backend.simulate("binary_sensor.front_door_contact", "on")
    for _ in range(31):
        clock.advance(1)
        c.tick()
    kinds = [a.kind for a in c.alerts.list(source="home")]
    assert "alarm" in kinds
    assert c.alerts.list(source="home")[0].severity == "error"
    old = c.home.backend.get("light.porch")
    new = type(old)(**{**old.__dict__, "state": "unavailable"})
    c.home._tell(old, new)
    assert c.alerts.list(source="home")[0].text == f"{old.name} went offline."


def test_valet_mode_hides_home_and_pin_alerts(controller):
    c = controller
    c.alerts.raise_("home", "alarm", "The alarm is going off at home!", "error")
    c.alerts.raise_("car", "tyre_low", "Tyre low.")
    c.set(VALET, True, source="system")
    assert [a.source for a in c.alerts.list()] == ["car"] and c.alerts.unread() == 1
    c.alerts.mark_read()
    c.set(VALET, False, source="system")
    assert c.alerts.unread() == 1 and c.alerts.list(unread_only=True)[0].source == "home"


def test_a_trial_ending_is_an_alert(controller, clock):
    c = controller
    c.services.start_trial("handsfree")
    clock.advance(28 * 86400)
    c.tick()
    alert = c.alerts.list(source="services")[0]
    assert alert.kind == "trial" and "trial ends" in alert.text


def test_the_assistant_shows_and_reads_alerts(controller):
    c = controller
    assert c.assistant.ask("show my alerts").text.startswith("No unread alerts")
    c.alerts.raise_("car", "tyre_low", "Front left tyre is low.")
    reply = c.assistant.ask("show my alerts")
    assert reply.intent == "alerts.show" and "Car: Front left tyre is low." in reply.text
    assert c.assistant.ask("mark my alerts read").text == "1 alert marked read."
    assert c.alerts.unread() == 0


def test_cli_alerts_list_and_read(tmp_path, clock):
    import json

    from click.testing import CliRunner

    from tui.cli import main

    db = tmp_path / "cli.db"
    c = Controller.open(db, clock=clock)
    first = c.alerts.raise_("car", "tyre_low", "Front left tyre is low.")
    c.alerts.raise_("home", "alarm", "The alarm is going off at home!", "error")
    c.close()
    run = lambda *a: CliRunner().invoke(main, ["--db", str(db), *a], catch_exceptions=False)  # noqa: E731
    listed = json.loads(run("alerts", "list", "--json").output)
    assert [a["source"] for a in listed] == ["home", "car"] and not listed[0]["read"]
    assert "2 unread." in run("alerts", "list").output
    assert json.loads(run("alerts", "read", str(first), "--json").output) == {"marked_read": 1, "unread": 1}
    assert [a["source"] for a in json.loads(run("alerts", "list", "--unread", "--json").output)] == ["home"]
    assert run("alerts", "read").output.startswith("1 alert marked read; 0 unread.")
    r = run("alerts", "read", "999")
    assert r.exit_code == 1 and "There is no alert 999." in r.output and "Traceback" not in r.output
    assert run("alerts", "list", "--source", "kitchen").exit_code == 2
