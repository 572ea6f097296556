"""The operator's "Simulate month" is a what-if: it says what the next month would bring (trial
ends, renewals, access fees, the closed settlement) and never touches the driver's real
subscriptions, trials, ledger, alerts or the app's calendar (issue 16)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from tui.controller import Controller, InvalidValue
from tui.controller.clock import FakeClock

UTC = timezone.utc


@pytest.fixture
def c(tmp_path):
    controller = Controller.open(tmp_path / "w.db", clock=FakeClock(datetime(2026, 12, 6, 9, 0, tzinfo=UTC)))
    yield controller
    controller.close()


def everything(c) -> tuple:
    """The whole database as SQL text, and the calendar the app reads."""
    return "\n".join(c.store.db.conn.iterdump()), c.clock.now(), c.ledger.now(), c.ledger.current_month()


def files(path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


def test_simulate_month_changes_nothing_real(c):
    c.services.start_trial("handsfree")  # the trial "Simulate month" used to end for real
    c.services.buy("music", "monthly")
    c.tick()
    before, on_disk = everything(c), files(c.store.path)
    trials = [p for p in c.store.services.active() if p.plan == "trial"]
    assert [p.service_id for p in trials] == ["handsfree"]

    seen = c.ledger.what_if(1)

    assert everything(c) == before  # subscriptions, trials, ledger, alerts, settings, clock
    assert files(c.store.path) == on_disk  # not a byte written to the file or its journal
    assert [p.service_id for p in c.store.services.active() if p.plan == "trial"] == ["handsfree"]
    assert c.ledger.current_month() == "2026-12" and c.ledger.simulated_months() == 0
    assert (seen.start_month, seen.end_month, seen.month) == ("2026-12", "2027-01", "2026-12")
    jeep = seen.settlement.lines[0]
    assert not seen.settlement.open and jeep.brand == "Jeep" and jeep.fees == Decimal("2.90")
    assert any("trial ended" in text.lower() for text in seen.happenings), seen.happenings
    assert "Music Streaming would renew on 01/06/2027 for $10.99." in seen.happenings, seen.happenings


def test_what_if_again_gives_the_same_answer_and_real_months_still_run(c):
    c.services.buy("music", "monthly")
    first, second = c.ledger.what_if(2), c.ledger.what_if(2)
    assert [s.month for s in first.closed] == ["2026-12", "2027-01"]
    assert [(s.month, [ln.fees for ln in s.lines]) for s in first.closed] == \
        [(s.month, [ln.fees for ln in s.lines]) for s in second.closed]
    assert [e for e in c.ledger.entries() if e.kind in ("access_fee", "renewal")] == []
    c.clock.advance(31 * 86400)  # real time still closes the month, once
    c.tick()
    assert len([e for e in c.ledger.entries() if e.kind == "access_fee"]) == 1


@pytest.mark.parametrize("bad", [0, 37, -1, True, "2"])
def test_what_if_refuses_a_silly_number_of_months(c, bad):
    with pytest.raises(InvalidValue):
        c.ledger.what_if(bad)


# ---------------------------------------------------------------------------- the command line
def test_ledger_names_each_total_for_its_currency(cli):
    assert cli("vehicle", "add", "peugeot-e-208-2024").exit_code == 0  # EUR beside the demo Jeep's USD
    assert cli("ledger", "set-pin", "--new", "1111", "--owner-pin", "").exit_code == 0
    text = cli("ledger", "--pin", "1111").output
    totals = [line.split("  ")[0] for line in text.splitlines() if line.startswith("Total")]
    assert totals == ["Total in USD", "Total in EUR"] or totals == ["Total in EUR", "Total in USD"], text
    assert len(set(totals)) == len(totals)


def test_ledger_simulate_is_a_what_if_that_changes_nothing(cli):
    cli("services", "trial", "handsfree")
    cli("ledger", "set-pin", "--new", "1111", "--owner-pin", "")
    c = Controller.open(cli.db)
    before = "\n".join(c.store.db.conn.iterdump())
    month = c.ledger.current_month()
    c.close()
    out = cli("ledger", "--pin", "1111", "simulate", "2")
    assert out.exit_code == 0
    assert "nothing was changed" in out.output and f"still {month} now" in out.output
    assert "(closed, in the what-if)" in out.output
    c = Controller.open(cli.db)
    try:
        assert "\n".join(c.store.db.conn.iterdump()) == before
        assert [p.service_id for p in c.store.services.active()] == ["handsfree"]
    finally:
        c.close()
