"""What is allowed while the car moves, as the controller decides it (tui/controller/restrictions.py)."""

from __future__ import annotations

from tui.controller import restrictions
from tui.controller.restrictions import MOVING, PARKED, PARKED_ONLY


def test_moving_means_a_speed_above_zero(controller):
    assert not controller.restrictions().moving
    controller.set("Vehicle.Speed", 0.4, source="simulator")
    r = controller.restrictions()
    assert r.moving and r.state == "Moving"
    assert (r.text_entry, r.setup, r.animation) == (False, False, False)
    assert (r.max_visible_rows, r.max_items, r.max_depth, r.max_text) == (6, 50, 3, 80)
    controller.set("Vehicle.Speed", 0.0, source="simulator")
    assert controller.restrictions() == PARKED


def test_screen_block():
    assert restrictions.screen_block(PARKED, text_entry=True, setup=True, depth=5) is None
    assert restrictions.screen_block(MOVING) is None
    assert restrictions.screen_block(MOVING, depth=3) is None
    assert restrictions.screen_block(MOVING, depth=4) == PARKED_ONLY
    assert restrictions.screen_block(MOVING, text_entry=True) == PARKED_ONLY
    assert restrictions.screen_block(MOVING, setup=True) == PARKED_ONLY


def test_caps_text_and_animation():
    assert restrictions.cap_items(200, PARKED) is None
    assert restrictions.cap_items(50, MOVING) is None
    assert restrictions.cap_items(51, MOVING) == 50
    long = "x" * 120
    assert restrictions.fit_text(long, PARKED) == long
    assert len(restrictions.fit_text(long, MOVING)) == 80 and restrictions.fit_text(long, MOVING).endswith("…")
    assert restrictions.animation_level(MOVING) == "none" and restrictions.animation_level(PARKED) == "full"


def test_parked_only_menus_say_so_while_moving(controller):
    from tui.controller import menus

    controller.set("Vehicle.Speed", 50.0, source="simulator")
    for m in menus.MENUS:
        reason = menus.unavailable_reason(controller, m)
        assert reason == (PARKED_ONLY if m.parked_only else None)


def test_notices_are_short_while_moving(controller):
    seen = []
    controller.subscribe(lambda e: seen.append(e))
    controller.notice("y" * 200)
    assert len(seen[-1].text) <= 80
