"""What a driver reads names things as the screens do: a setting's undo message uses the row's
label and value words; history says what the driver saw (a station, a song), never a URI or an
enum; receipts and the routine log say who in plain words; `home do` finds the device the driver
meant and says what it can do. A walk over many actions asserts no internal name leaks out."""

from __future__ import annotations

import pytest

from tui.controller.errors import CockpitError, InvalidValue, UnknownName
from tui.controller.home.actions import Unsupported
from tui.controller.labels import CHANNEL_WORDS, channel_name, channel_text, leaks, media_text, plain_note

SEAT_HEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
M = "Vehicle.Cabin.Infotainment.Media."
VOL = M + "Volume"


def row(c, label):
    return next(r for r in c.climate.controls() if r.label == label)


def test_the_leak_finder_finds_what_the_issue_found():
    for text in ("Media selected URI: radio:eu-fm-1024 -> usb:usb-1",
                 "Played source: FM -> USB_STICK", "Cancelled (ui)", "Garage light can: arm_away", "Moving: True",
                 "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"):
        assert leaks(text), text
    for text in ("Undone: Driver seat heating back to Medium.", "Radio Italia (FM 102.4 MHz) → Symphony No. 5 (USB stick)",
                 "Cancelled on the screen", "none of the lights are on"):
        assert not leaks(text), text


def test_undo_of_seat_heating_says_the_rows_words(controller):
    c = controller
    c.climate.set_seat_level("DriverSide", 2)
    assert row(c, "Driver seat heating").value == "Medium"
    c.climate.set_seat_level("DriverSide", 3)
    undone = c.undo_action()
    assert undone.text == "Undone: Driver seat heating back to Medium."
    assert row(c, "Driver seat heating").value == "Medium"


def test_history_shows_what_the_driver_saw_for_media(controller):
    c = controller
    stations = c.media.stations()
    c.media.play_uri(stations[0].uri)
    c.media.play_uri(c.media.items("USB")[0].uri)
    page = c.profiles.history()
    lines = [f"{e.label}: {e.old} → {e.new} ({e.by})" for e in page.entries]
    text = "\n".join(lines)
    assert not leaks(text), text
    playing = next(e for e in page.entries if e.path == M + "SelectedURI")
    assert playing.label == "Playing" and playing.new.endswith("(USB stick)") and playing.old.startswith(stations[0].title)
    source = next(e for e in page.entries if e.path == M + "Played.Source")
    assert source.label == "Source" and source.new == "USB" and "radio" in source.old.lower()
    assert playing.by == "Screen"


def test_media_text_names_stations_songs_and_playlists():
    assert media_text("radio:eu-fm-1024") == "Radio Italia (FM 102.4 MHz)"
    assert media_text("usb:usb-1") == "Symphony No. 5 (USB stick)"
    assert media_text("stream:pl-jazz/0").endswith("(Jazz Classics)")
    assert not leaks(media_text("radio:nope")) and not leaks(media_text("bt:nothing"))


def test_every_channel_has_plain_words_and_old_notes_read_plainly():
    from tui.controller.authority import CHANNEL_OF_SOURCE, CHANNELS

    for source in {*CHANNELS, *CHANNEL_OF_SOURCE, "sync", "phone"}:
        assert source in CHANNEL_WORDS, source
        assert not leaks(channel_text(source)) and not leaks(channel_name(source))
    assert channel_text("ui") == "on the screen" and channel_text("assistant") == "by voice"
    assert channel_text("phone") == "from the phone app"
    assert plain_note("Cancelled (ui); nothing was charged") == "Cancelled on the screen; nothing was charged"


def test_receipts_say_who_in_plain_words(controller):
    c = controller
    offer = next(o for o in c.services.catalog() if o.status == "available" and o.trial_days)
    c.services.start_trial(offer.id, source="ui")
    c.services.cancel(offer.id, source="ui")
    paid = next(o for o in c.services.catalog() if o.status == "available" and o.id != offer.id)
    c.services.buy(paid.id, "monthly", source="assistant")
    c.services.cancel(paid.id, source="cli")
    notes = [r.note for r in c.services.receipts()]
    assert any(n.startswith("Cancelled on the screen") for n in notes), notes
    assert "Bought by voice" in notes and any(n.startswith("Cancelled from the command line") for n in notes), notes
    assert not any(leaks(n) for n in notes), notes


def test_home_do_finds_the_device_the_verb_means(controller):
    c = controller
    assert c.home.device_for("garage", "open").entity_id == "cover.garage_door"
    assert c.home.device_for("garage", "on").entity_id == "light.garage"
    with pytest.raises(Unsupported) as info:
        c.home.device_for("garage light", "open")
    assert [a.name for a in info.value.actions][:2] == ["on", "off"]
    assert str(info.value) == "The garage light cannot open; it can: turn on, turn off, toggle, brightness, colour."
    with pytest.raises(UnknownName, match=r"^Which one: .*lights.* or .*\?$"):
        c.home.device_for("lights", "on")
    with pytest.raises(InvalidValue) as info:
        c.home.do("alarm", "open")
    assert not leaks(str(info.value)), str(info.value)  # "arm (away)", never arm_away
    assert "Garage door" in c.home.do("garage", "open", source="cli")


def test_a_walk_over_many_actions_leaks_no_internal_name(controller):
    """History, undo, receipts and home answers, after many kinds of change."""
    c = controller
    said = []

    def attempt(fn, *args, **kw):
        try:
            out = fn(*args, **kw)
        except CockpitError as exc:
            said.append(str(exc))
            return None
        if isinstance(out, str):
            said.append(out)
        return out

    attempt(c.home.run_scene, "Good night")
    said.append(attempt(c.undo_action) or "")  # a scene at home is not undone, and says so
    c.climate.set_seat_level("DriverSide", 1)
    c.climate.set_seat_level("DriverSide", 3, source="assistant")
    c.set(VOL, 12, source="cli")
    attempt(c.media.play_uri, c.media.stations()[0].uri)
    attempt(c.media.play_uri, c.media.items("USB")[1].uri, source="assistant")
    attempt(c.media.play_uri, c.media.playlists()[0].uri)
    for path in ("Vehicle.Cabin.HVAC.IsRecirculationActive", "Vehicle.Cabin.HVAC.IsAirConditioningActive"):
        if c.has(path):
            c.toggle(path)
    for path in c.signal_paths():
        spec = c.spec(path)
        if spec.writable and spec.kind == "choice" and spec.allowed and len(spec.allowed) > 1:
            attempt(c.toggle, path)
    for device, action in (("garage", "open"), ("garage", "close"), ("porch", "on"), ("alarm", "open"),
                           ("thermostat", "open"), ("coffee", "brightness"), ("nothing", "on"), ("lights", "on")):
        attempt(c.home.do, device, action, source="cli")
    for _ in range(12):
        undone = attempt(c.undo_action)
        if undone is not None:
            said.append(undone.text)
    page = c.profiles.history(limit=100)
    said += [f"{e.when} {e.label}: {e.old} → {e.new} ({e.by}) {e.why_not}" for e in page.entries]
    said += [f"{r.note} {c.services.receipt_line(r)}" for r in c.services.receipts()]
    assert len(said) > 40
    found = {text: leaks(text) for text in said if leaks(text)}
    assert not found, found


def test_the_command_line_says_it_in_plain_words(db_path):
    from click.testing import CliRunner

    from tui.cli import main

    def run(*args):
        return CliRunner().invoke(main, ["--db", str(db_path), *args])

    out = run("home", "do", "garage", "open")
    assert out.exit_code == 0 and out.output.strip() == "Garage door opening.", out.output
    out = run("home", "do", "garage light", "open")
    assert out.exit_code == 1 and "The garage light cannot open; it can: turn on, turn off" in out.output
    run("state", "set", VOL, "17")
    run("media", "volume", "21")
    log = run("home", "log").output
    history = run("profile", "history", "Driver").output
    assert "Command line" in log and "Command line" in history, (log, history)
    for text in (log, history):
        assert not leaks(text), text


@pytest.mark.parametrize("model", [None, "fiat-500e-2024", "maserati-grecale-folgore-2024"])
def test_every_row_of_a_setting_reads_as_its_undo_and_history_do(controller, model):
    """One label table: a comfort row for a VSS setting has the name labels.label() gives it (what
    undo and history say) and starts with the value words controller.format() gives."""
    from tui.controller.controls import ControlDomain
    from tui.controller.labels import label

    c = controller
    if model:
        c.car_for_model(model)
    own_heading = {"seats"}  # rows under a "Driver seat" heading: "Height" is "Driver seat height"
    other_name = {"Vehicle.Cabin.Infotainment.HMI.DayNightMode", "Vehicle.ADAS.CruiseControl.IsEnabled"}
    checked = 0
    for name in ("climate", "lights", "driver_assistance", "charging", "mirrors", "seats", "drive"):
        domain = getattr(c, name)
        assert isinstance(domain, ControlDomain)
        for r in domain.controls():
            if r.id not in c.signal_catalog or not c.has(r.id):
                continue
            checked += 1
            if name not in own_heading and r.id not in other_name:
                assert r.label == label(r.id), (name, r.id)
            assert r.value.startswith(c.format(r.id)), (name, r.id, r.value, c.format(r.id))
    assert checked > 10


def test_receipts_written_before_read_plainly_after_the_upgrade(tmp_path):
    """m141 rewrites the notes an older version wrote ("Cancelled (ui)")."""
    import sqlite3

    from store.migrations_later import m141_plain_receipt_notes

    db = sqlite3.connect(tmp_path / "old.db")
    db.execute("CREATE TABLE service_receipts (id INTEGER PRIMARY KEY, note TEXT)")
    db.executemany("INSERT INTO service_receipts (note) VALUES (?)",
                   [("Cancelled (ui): 20 of 30 days unused",), ("Bought in the car (ui)",), ("Bought in the car (cli)",),
                    ("Cancelled (assistant); nothing was charged",), ("Renewed",)])
    m141_plain_receipt_notes(db)
    notes = [r[0] for r in db.execute("SELECT note FROM service_receipts ORDER BY id")]
    assert notes == ["Cancelled on the screen: 20 of 30 days unused", "Bought on the screen",
                     "Bought from the command line", "Cancelled by voice; nothing was charged", "Renewed"]
    assert not any(leaks(n) for n in notes)
