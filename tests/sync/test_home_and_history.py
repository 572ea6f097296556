"""The consent groups "home" and "history" carry real data between two cars (two database files,
one real nats-server): the home favourites of the profile at the wheel, mapped onto the other
car's home (a device it does not have is kept and shown as unavailable), and the profile's recent
destinations and items played, merged as a union. Each group honoured both ways."""

from __future__ import annotations

import time

import pytest

from tests.sync.test_sync_rules import cars, sync  # noqa: F401  (the two-car fixture)


def _garden_light(c):
    """A device only this car's home has."""
    with c.store.write():
        c.store.home.add_entity("light.garden", "Garden light", "Garden", None, "off", {}, 99, time.time())
    c.home.backend.reload()


def _car_keys(c):
    return {f.slot: f.target for f in c.store.home.favourites()}


def test_home_favourites_roam_mapped_to_the_other_home_and_an_unknown_device_is_kept(cars):
    a, b = cars
    a.sync.consent("Ana", groups=["comfort", "home"])
    _garden_light(a)
    a.home.toggle_favourite("entity", "light.porch")  # slot 2 freed
    a.home.toggle_favourite("entity", "light.garden")  # -> slot 2
    a.home.toggle_favourite("scene", str(a.home.scene("Good night").id))  # -> slot 6
    sync(a)
    sync(b)
    b.profiles.switch("Ana")
    view = {f["key"]: (f["name"], f["available"]) for f in b.sync.home_favourites("Ana")}
    assert view[2] == ("Garden light", False)  # B's home has no garden light: kept, unavailable
    assert view[6] == ("Good night", True) and view[1] == ("Garage door", True)
    ana = [p for p in b.sync.consents() if p["profile"] == "Ana"][0]
    assert ana["home_unavailable"] == ["Garden light (key 2)"]  # what the Sync screen shows
    keys = _car_keys(b)
    assert 2 not in keys  # the key stays empty in this car
    assert keys[6] == str(b.home.scene("Good night").id)  # the scene mapped to this car's own id
    b.home.toggle_favourite("entity", "lock.front_door")  # B's driver removes one (slot 3)
    sync(b)
    sync(a)
    assert 3 not in _car_keys(a)
    assert _car_keys(a)[2] == "light.garden"  # B did not drop what its home lacks
    assert [f for f in b.sync.home_favourites("Ana") if f["key"] == 2][0]["available"] is False


def test_home_favourites_do_not_leave_without_consent(cars):
    a, b = cars
    a.sync.consent("Ana", groups=["comfort"])
    a.home.toggle_favourite("entity", "light.porch")  # removed on A
    sync(a)
    sync(b)
    b.profiles.switch("Ana")
    assert _car_keys(b)[2] == "light.porch"  # B's own favourites untouched
    assert b.sync.home_favourites("Ana") == []


def test_history_roams_as_a_union_and_only_with_consent(cars):
    a, b = cars
    a.sync.consent("Ana", groups=["comfort", "history"])
    sync(a)
    sync(b)
    b.profiles.switch("Ana")
    a.profiles.switch("Driver")
    a.services.start_trial("traffic")  # routes need Connected Navigation (bought by the owner)
    a.profiles.switch("Ana")
    dest = [d for d in a.navigation.destinations() if d.kind == "work"][0]
    a.navigation.go(dest.name)
    station = a.media.items("FM")[0]
    a.media.play_uri(station.uri)
    hist = a.sync.history("Ana")
    assert [d[0] for d in hist["destinations"]] == [dest.name]
    assert [p[0] for p in hist["played"]] == [station.uri]
    b.media.play_uri(b.media.items("FM")[1].uri)  # while apart: merged, not a conflict
    sync(a)
    sync(b)
    sync(a)
    sync(b)
    for c in (a, b):
        played = {p[0] for p in c.sync.history("Ana")["played"]}
        assert played == {station.uri, b.media.items("FM")[1].uri}
        assert c.sync.conflicts() == []
    assert dest.name in [p.name for p in b.store.places.all("recent")]  # joins B's recent places

    # history off on A: nothing is even written down, nothing leaves
    a.sync.consent("Ana", groups=["comfort"])
    a.media.play_uri(a.media.items("FM")[2].uri)
    assert a.media.items("FM")[2].uri not in {p[0] for p in a.sync.history("Ana")["played"]}


def test_history_that_arrives_for_a_group_switched_off_here_is_ignored(cars):
    a, b = cars
    a.sync.consent("Ana", groups=["comfort", "history"])
    sync(a)
    sync(b)
    b.sync.consent("Ana", groups=["comfort"])  # B's driver: no history in this car
    a.media.play_uri(a.media.items("FM")[0].uri)
    sync(a)
    sync(b)
    assert b.sync.history("Ana") == {"destinations": [], "played": []}


@pytest.mark.parametrize("path, value, reason", [
    ("@home", {"favourites": [[7, "entity", "light.x", "X"]]}, "home favourites are malformed"),
    ("@home", {"favourites": [[1, "entity", "light.x", "X"], [1, "scene", "Y", "Y"]]}, "home favourites are malformed"),
    ("@history", {"destinations": [["Far", 95.0, 0.0, "2026-12-06"]], "played": []}, "history is malformed"),
    ("@history", {"destinations": [], "played": [["u", "t", "x"]] * 21}, "history is malformed"),
])
def test_malformed_home_or_history_is_refused_and_changes_nothing(cars, path, value, reason):
    from tui.controller.sync.crypto import Refused

    a, b = cars
    a.sync.consent("Ana", groups=["comfort", "home", "history"])
    sync(a)
    sync(b)
    sp = b.store.sync.by_uid(a.store.sync.profile(a.active_profile_id()).uid)
    stamp = "9" * 16 + ".00000.evil"
    before = (b.store.home.favourites(), b.sync.history("Ana"))
    with pytest.raises(Refused, match=reason):
        b.sync.arrive(sp.uid, {"profile": sp.uid, "hlc": stamp, "settings": {path: {"v": value, "h": stamp}}})
    assert (b.store.home.favourites(), b.sync.history("Ana")) == before


def test_a_favourite_changed_before_another_driver_takes_the_wheel_is_kept(cars):
    a, _b = cars
    a.sync.consent("Ana", groups=["comfort", "home"])
    sync(a)
    a.home.toggle_favourite("entity", "light.porch")  # key 2 emptied while Ana drives
    a.profiles.switch("Driver")
    a.profiles.switch("Ana")  # her favourites come back to the keys: as she left them
    assert 2 not in _car_keys(a)


def test_cloud_history_on_the_command_line(cars):
    import json

    from click.testing import CliRunner

    from tui.cli import main

    a, _b = cars
    a.sync.consent("Ana", groups=["comfort", "history"])
    station = a.media.items("FM")[0]
    a.media.play_uri(station.uri)
    db = a.store.path
    a.close()
    out = CliRunner().invoke(main, ["--db", str(db), "cloud", "history", "Ana", "--json"], catch_exceptions=False)
    assert [p[0] for p in json.loads(out.output)["played"]] == [station.uri]
    out = CliRunner().invoke(main, ["--db", str(db), "cloud", "history", "Ana"], catch_exceptions=False)
    assert "played" in out.output and out.exit_code == 0
