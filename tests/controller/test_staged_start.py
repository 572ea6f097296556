"""The staged start of the full-screen app: the core first, the domains right after the first
paint. Whatever needs a domain before then finishes the start itself, so no rule is skipped."""

from __future__ import annotations

import pytest

from store import open_store
from tui.controller import Controller, NotAllowed
from tui.controller.composition import DOMAIN_ORDER

VOL = "Vehicle.Cabin.Infotainment.Media.Volume"
SPEED = "Vehicle.Speed"
EAGER = list(DOMAIN_ORDER)


def built(c) -> list[str]:
    return [attribute for attribute in EAGER if attribute in c.__dict__]


def test_a_staged_controller_builds_no_domain_until_asked(db_path, clock):
    Controller.open(db_path, clock=clock).close()  # first run: catalog, demo car, profile
    c = Controller.open(db_path, clock=clock, staged=True)
    assert not c.ready and built(c) == []
    # the core answers on its own: what the home screen and the status bar read
    assert c.status().profile == "Driver" and c.status().media == ""
    assert c.get(VOL) is not None and c.restrictions().state == "Parked"
    assert c.finish_start() is True
    assert c.ready and built(c) == EAGER
    assert c.finish_start() is False  # once only
    c.media.play()
    assert c.status().media == c.media.status_line() != ""  # now playing, once media is there
    c.close()


@pytest.mark.parametrize("first", ["set", "tick", "sync", "feature_block", "validate", "attribute"])
def test_anything_that_needs_a_domain_finishes_the_start_first(db_path, clock, first):
    Controller.open(db_path, clock=clock).close()
    c = Controller.open(db_path, clock=clock, staged=True)
    if first == "set":
        c.set(VOL, 12)
        assert c.get(VOL) == 12
    elif first == "tick":
        c.tick()
    elif first == "sync":
        c.catch_up()
    elif first == "feature_block":
        c.feature_block("home.remote_access")
    elif first == "validate":
        c.validate(VOL, 13)
    else:
        assert c.media is not None
    assert c.ready and built(c) == EAGER
    c.close()


def test_the_guards_of_domains_not_built_yet_still_hold(db_path, clock):
    """Valet mode is a rule of the profiles domain: a write on a staged controller obeys it."""
    c = Controller.open(db_path, clock=clock)
    c.profiles.valet_on("4321")
    c.close()
    c = Controller.open(db_path, clock=clock, staged=True)
    assert "profiles" not in c.__dict__
    with pytest.raises(NotAllowed, match="valet"):
        c.set(VOL, 10)
    with pytest.raises(NotAllowed, match="70 mph"):
        c.set_many({SPEED: 130}, source="simulator")
    assert c.get(SPEED) != 130
    c.close()


def test_the_store_makes_each_query_object_on_first_use(db_path):
    Controller.open(db_path).close()
    s = open_store(db_path)
    try:
        assert "ledger" not in s.__dict__
        assert s.ledger is s.ledger  # made once, then kept
        assert "ledger" in s.__dict__
        with pytest.raises(AttributeError):
            s.no_such_queries  # noqa: B018
    finally:
        s.close()


def test_no_domain_shadows_a_controller_method():
    """A domain is an instance attribute named in DOMAIN_ORDER: one named like a Controller method
    (as the profile-sync domain once was, `sync`) would hide that method from every caller."""
    from tui.controller import Controller
    from tui.controller.composition import DOMAIN_ORDER, ON_FIRST_USE

    assert [name for name in (*DOMAIN_ORDER, *ON_FIRST_USE) if name in vars(Controller)] == []
