"""The assistant as a conversation: questions back kept across requests (and processes), the PIN
never stored, history per profile (hidden in valet mode), every rule of the controller still
holding, short answers while moving, domains it lacks skipped, and never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tui.controller import Controller, NotAllowed
from tui.controller.assistant.conversation import PENDING_SECONDS

DT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
WIN = "Vehicle.Cabin.Door.Row1.{}.Window.Position"
LOCK = "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked"
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
MOVING = {"Vehicle.Speed": 60.0, "Vehicle.Powertrain.Transmission.SelectedGear": 127}


def test_every_change_is_audited_with_source_assistant(controller):
    a = controller.assistant
    for text in ("set the driver side to 22", "heat my seat", "fold the mirrors", "volume 12", "sport mode"):
        assert a.ask(text).acted
    entries = controller.store.audit.page(limit=20)
    assert entries and {e.source for e in entries} == {"assistant"}
    assert any(e.path == DT and e.new == 22.0 for e in entries)


def test_the_controllers_rules_hold(controller):
    def valet(c, spec, value, source):
        raise NotAllowed("Valet mode: settings are locked.")

    controller.add_write_guard(valet)
    reply = controller.assistant.ask("warmer")
    assert reply.refused and reply.text == "Valet mode: settings are locked."
    assert controller.get(DT) == 21.0
    assert controller.store.audit.count() == 0


def test_a_choice_is_kept_until_answered_and_forgotten_after_two_minutes(controller, clock):
    a = controller.assistant
    assert a.ask("open the window").needs == "choice"
    assert a.waiting()["choices"][:2] == ["driver", "passenger"]
    clock.advance(PENDING_SECONDS + 1)
    assert a.waiting() is None
    reply = a.ask("2")
    assert reply.intent != "body.windows"
    assert controller.get(WIN.format("PassengerSide")) == 0


def test_a_choice_can_be_answered_by_name_or_through_answer(controller):
    a = controller.assistant
    a.ask("open the window")
    assert a.ask("passenger").acted
    controller.clock.advance(10)  # a window moves at its motor's speed (issue 17)
    controller.body.tick()
    assert controller.get(WIN.format("PassengerSide")) == 100
    a.ask("close the window")
    reply = a.answer(choice=1)
    assert reply.acted and controller.get(WIN.format("DriverSide")) == 0


def test_a_new_request_replaces_an_unanswered_question(controller):
    a = controller.assistant
    a.ask("open the window")
    assert a.ask("warmer").intent == "climate.temperature"
    assert a.waiting() is None
    assert a.answer(choice=2).understood is False


def test_the_pin_is_checked_and_never_kept(controller):
    controller.security.set_pin("2468")
    a = controller.assistant
    assert a.ask("unlock the car").needs == "pin"
    reply = a.ask("1111")
    assert reply.refused and "Wrong PIN" in reply.text and controller.get(LOCK) is True
    a.ask("unlock the car")
    assert a.answer(pin="2468").acted and controller.get(LOCK) is False
    texts = [r.text for r in a.requests.recent(controller.active_profile_id())]
    assert "2468" not in texts and "1111" not in texts and "(PIN)" in texts
    assert "(PIN)" not in a.history()


def test_five_wrong_pins_lock_as_in_the_menus(controller):
    controller.security.set_pin("2468")
    a = controller.assistant
    for _ in range(5):
        a.ask("unlock the car")
        reply = a.answer(pin="0000")
    assert "locked for 60 s" in reply.text
    # the authority does not ask a PIN that is locked out (body.unlock): it says why at once
    assert "Too many wrong PINs" in a.ask("unlock the car").text
    assert controller.get(LOCK) is True


def test_history_is_per_profile_and_hidden_in_valet_mode(controller):
    a = controller.assistant
    a.ask("fan up")
    a.ask("what's my range")
    a.ask("fan up")
    assert a.history() == ["fan up", "what's my range"]
    store = controller.store
    with store.write():
        other = store.profiles.add("Alex", "AL", "#FF0000")
        store.settings.set("active_profile_id", other.id)
    assert a.history() == []
    a.ask("heat my seat")
    assert a.history() == ["heat my seat"]
    controller.set(VALET, True, source="system")
    assert a.history() == []


def test_questions_back_survive_a_restart(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    assert c.assistant.ask("open the window").needs == "choice"
    c.close()
    c = Controller.open(db_path, clock=clock)
    try:
        assert c.assistant.ask("3").acted
        clock.advance(10)  # a window moves at its motor's speed (issue 17)
        c.body.tick()
        assert c.get(WIN.format("PassengerSide")) == 0
        assert c.get("Vehicle.Cabin.Door.Row2.DriverSide.Window.Position") == 100
    finally:
        c.close()


def test_every_example_answers_in_80_characters_while_moving(controller):
    controller.set_many(MOVING, source="simulator")
    a = controller.assistant
    for item in a.intents():
        for example in item.examples:
            reply = a.ask(example)
            assert len(reply.text) <= 80, (example, reply.text)
            assert reply.text != "Sorry, that did not work.", example
            a.cancel()


HOSTILE = ["", " ", "x" * 100_000, "\x00\x01\x1b[31mred\x07", "line\nbreak", "\u202eevil\u202c", "🚗🔥" * 10,
           "'; DROP TABLE assistant_requests; --", "NaN", "inf", "1e309", "１２", "set temperature to 1e309",
           "set the driver side to nan", "volume -0", "fan to 99999999999999999999 percent", "open " * 100]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_requests_get_a_plain_answer(controller, text):
    reply = controller.assistant.ask(text)
    assert isinstance(reply.text, str) and reply.text and "Traceback" not in reply.text
    assert reply.text != "Sorry, that did not work."
    assert "assistant_requests" in controller.store.db.table_names()
    assert controller.get(DT) == 21.0


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["set", "the", "driver", "warmer", "fan", "seat", "heat", "open", "window", "two",
                                 "twenty", "percent", "mode", "sport", "lights", "off", "on", "volume", "what",
                                 "is", "my", "range", "undo", "yes", "no", "1", "-5", "99", "mph", "F", "?"]),
                max_size=8).map(" ".join) | st.text(max_size=60))
def test_any_request_is_answered_without_an_internal_error(controller, text):
    reply = controller.assistant.ask(text)
    assert reply.text and reply.text != "Sorry, that did not work.", text
    assert isinstance(reply.to_dict()["slots"], dict)
