"""The ledger between driver, provider and automakers: access fees per connected car per month,
incentives per sign-up, settlement per brand and month, CSV, the operator PIN, simulated months,
and property tests that the books always balance and no money appears or vanishes."""

from __future__ import annotations

import csv
import io
import os
import stat
import tempfile
from collections import defaultdict
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from tests.isolation import entries
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.controller import CockpitError, Controller, InvalidValue, NotAllowed
from tui.controller.clock import FakeClock

UTC = timezone.utc
DAY = 86400


@pytest.fixture
def c(tmp_path):
    controller = Controller.open(tmp_path / "l.db", clock=FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC)))
    yield controller
    controller.close()


def test_access_fee_per_connected_car_per_month_at_the_brand_rate(c):
    c.add_vehicle("fiat-500e-2024")  # EUR 1.50
    c.add_vehicle("vauxhall-corsa-electric-2024")  # GBP 1.70
    assert [e for e in c.ledger.entries() if e.kind == "access_fee"] == []  # November is not over
    c.clock.advance(8 * DAY)  # 1 December
    c.tick()
    fees = {(e.brand_id, e.amount, e.currency, e.month) for e in c.ledger.entries() if e.kind == "access_fee"}
    assert fees == {("jeep", "2.90", "USD", "2026-11"), ("fiat", "1.50", "EUR", "2026-11"),
                    ("vauxhall", "1.70", "GBP", "2026-11")}
    c.tick()
    assert len([e for e in c.ledger.entries() if e.kind == "access_fee"]) == 3  # once per car and month


def test_a_car_without_connectivity_pays_no_fee(c):
    c.set_many({"Vehicle.Connectivity.IsConnectivityAvailable": False}, source="simulator")
    c.ledger.simulate_months(1)
    assert [e for e in c.ledger.entries() if e.kind == "access_fee"] == []


def test_incentive_once_per_sign_up_in_the_car_none_for_trials_or_renewals(c):
    c.services.start_trial("music")
    assert [e for e in c.ledger.entries() if e.kind == "incentive"] == []
    c.services.buy("music", "monthly")
    c.ledger.simulate_months(2)
    c.services.cancel("music")
    c.services.buy("music", "monthly")
    incentives = [e for e in c.ledger.entries() if e.kind == "incentive"]
    assert [(e.payer, e.payee, e.amount) for e in incentives] == [("provider", "automaker:jeep", "11.00")]


def test_settlement_per_brand_and_month(c):
    c.services.buy("music", "monthly")
    c.services.buy("traffic", "yearly")
    open_month = c.ledger.settlement()
    assert open_month.open and open_month.month == "2026-11"
    jeep = open_month.lines[0]
    assert (jeep.brand, jeep.vehicles, jeep.fees, jeep.signups, jeep.incentives) == (
        "Jeep", 1, Decimal("2.90"), 2, Decimal("22.00"))
    assert jeep.net == Decimal("19.10") and jeep.sales == Decimal("59.99")
    c.ledger.simulate_months(1)
    closed = c.ledger.settlement("2026-11")
    assert not closed.open and closed.lines[0].fees == Decimal("2.90")
    december = c.ledger.settlement("2026-12")
    assert december.lines[0].sales == Decimal("10.99") and december.lines[0].signups == 0
    assert "2026-11" in c.ledger.months() and "2026-12" in c.ledger.months()


def test_csv_export_has_one_row_per_brand_and_a_total_per_currency(c, tmp_path):
    c.add_vehicle("peugeot-e-208-2024")
    c.use_vehicle(c.vehicles()[0].vin)
    c.services.buy("music", "monthly")
    c.ledger.simulate_months(1)
    rows = list(csv.DictReader(io.StringIO(c.ledger.csv("2026-11"))))
    assert [(r["brand"], r["currency"]) for r in rows] == [("Jeep", "USD"), ("Peugeot", "EUR"), ("Total", "USD"),
                                                           ("Total", "EUR")]
    assert rows[0]["net_to_automaker"] == "8.10" and rows[1]["access_fees"] == "2.20"
    path = Path(c.ledger.export_csv("2026-11", tmp_path))
    assert path.name == "settlement-2026-11.csv" and path.read_text().startswith("month,brand,currency")


def test_bad_months_are_refused(c):
    for bad in ("2026-13", "november", "2026/11", "26-11"):
        with pytest.raises(InvalidValue, match="YYYY-MM"):
            c.ledger.settlement(bad)
    for bad in (0, -1, 37, True, "2"):
        with pytest.raises(InvalidValue):
            c.ledger.simulate_months(bad)


def test_operator_pin_guards_and_locks_out(c):
    with pytest.raises(NotAllowed, match="No operator PIN"):
        c.ledger.verify_operator("0000")
    c.ledger.set_operator_pin("4321")
    c.ledger.verify_operator("4321")
    with pytest.raises(NotAllowed, match="4 tries left"):
        c.ledger.verify_operator("0000")
    for _ in range(3):
        with pytest.raises(NotAllowed):
            c.ledger.verify_operator("0000")
    with pytest.raises(NotAllowed, match="locked for 60 s"):
        c.ledger.verify_operator("0000")
    with pytest.raises(NotAllowed, match="Try again in"):
        c.ledger.verify_operator("4321")
    c.clock.advance(61)
    c.ledger.verify_operator("4321")
    with pytest.raises(InvalidValue, match="4 to 6 digits"):
        c.ledger.set_operator_pin("12")
    # the owner decides: once the owner has a PIN, changing the operator PIN needs it
    c.security.set_pin("2468")
    with pytest.raises(NotAllowed, match="owner"):
        c.ledger.set_operator_pin("1111")
    with pytest.raises(NotAllowed, match="Wrong PIN"):
        c.ledger.set_operator_pin("1111", owner_pin="9999")
    c.ledger.set_operator_pin("111111", owner_pin="2468")
    c.ledger.verify_operator("111111")


def test_simulated_months_survive_a_restart(tmp_path):
    path = tmp_path / "s.db"
    clock = FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    c = Controller.open(path, clock=clock)
    c.services.buy("music", "monthly")
    c.ledger.simulate_months(2)
    c.close()
    again = Controller.open(path, clock=clock)
    try:
        assert again.ledger.current_month() == "2027-01"
        assert len([r for r in again.services.receipts() if r.kind == "renewal"]) == 2
    finally:
        again.close()


# ---------------------------------------------------------------------------- properties
SERVICES = ("music", "traffic", "hotspot", "remote_home")
PLANS = ("monthly", "yearly", "lifetime")
MODELS = ("jeep-wagoneer-s-2024", "fiat-500e-2024", "vauxhall-corsa-electric-2024", "citroen-e-c5-aircross-2025")

operation = st.one_of(
    st.tuples(st.just("buy"), st.sampled_from(SERVICES), st.sampled_from(PLANS)),
    st.tuples(st.just("trial"), st.sampled_from(SERVICES)),
    st.tuples(st.just("keep"), st.sampled_from(SERVICES), st.sampled_from(PLANS)),
    st.tuples(st.just("cancel"), st.sampled_from(SERVICES)),
    st.tuples(st.just("renew_off"), st.sampled_from(SERVICES)),
    st.tuples(st.just("advance"), st.integers(min_value=1, max_value=400)),
    st.tuples(st.just("simulate"), st.integers(min_value=1, max_value=3)),
    st.tuples(st.just("car"), st.sampled_from(MODELS)),
    st.tuples(st.just("profile"), st.integers(min_value=0, max_value=1)),
)


def run(c, op) -> None:
    kind = op[0]
    try:
        if kind == "buy":
            c.services.buy(op[1], op[2])
        elif kind == "trial":
            c.services.start_trial(op[1])
        elif kind == "keep":
            c.services.keep_after_trial(op[1], op[2])
        elif kind == "cancel":
            c.services.cancel(op[1])
        elif kind == "renew_off":
            c.services.set_auto_renew(op[1], False)
        elif kind == "advance":
            c.clock.advance(op[1] * 3600 * 7)
            c.tick()
        elif kind == "simulate":
            c.ledger.simulate_months(op[1])
        elif kind == "car":
            c.car_for_model(op[1])
        elif kind == "profile":
            profiles = c.store.profiles.list()
            with c.store.write():
                c.store.settings.set("active_profile_id", profiles[op[1] % len(profiles)].id)
    except CockpitError:
        pass  # refused by a rule: fine, and nothing may have moved (checked below)


def check_books(c) -> None:
    entries = c.ledger.entries()
    for e in entries:
        amount = Decimal(e.amount)
        assert amount > 0 and amount == amount.quantize(Decimal("0.01")) and e.payer != e.payee
    balances = c.ledger.balances()
    per_currency = defaultdict(Decimal)
    for (_account, currency), amount in balances.items():
        per_currency[currency] += amount
    assert all(total == 0 for total in per_currency.values()), per_currency  # nothing appears or vanishes
    # what each driver paid is exactly what their receipts say
    paid = defaultdict(Decimal)
    charged = defaultdict(Decimal)
    refunded = defaultdict(Decimal)
    for r in c.store.services.receipts():
        amount = Decimal(r.amount)
        if r.kind in ("charge", "renewal"):
            paid[(f"driver:{r.profile_id}", r.currency)] -= amount
            charged[r.purchase_id] += amount
        elif r.kind == "refund":
            paid[(f"driver:{r.profile_id}", r.currency)] += amount
            refunded[r.purchase_id] += amount
        else:
            assert amount == 0  # trials and expiries move no money
    drivers = {k: v for k, v in balances.items() if k[0].startswith("driver:")}
    assert {k: v for k, v in drivers.items() if v} == {k: v for k, v in paid.items() if v}
    for purchase_id, amount in refunded.items():
        assert amount <= charged[purchase_id]  # never more back than was paid
    # each receipt that moved money has exactly one ledger entry with the same amount
    by_receipt = defaultdict(list)
    for e in entries:
        if e.kind in ("sale", "renewal", "refund"):
            by_receipt[e.receipt_id].append(e.amount)
    for r in c.store.services.receipts():
        if Decimal(r.amount) > 0:
            assert by_receipt[r.id] == [r.amount]
    # one incentive per profile and service at most
    signups = [(e.profile_id, e.service_id) for e in entries if e.kind == "incentive"]
    assert len(signups) == len(set(signups))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=18))
def test_the_books_always_balance(ops):
    folder = tempfile.mkdtemp()
    c = Controller.open(Path(folder) / "p.db", clock=FakeClock(datetime(2027, 1, 30, 22, 0, tzinfo=UTC)))
    try:
        with c.store.write():
            c.store.profiles.add("Second", "SE", "#00FF00")
        for op in ops:
            run(c, op)
            check_books(c)
    finally:
        c.close()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["0.99", "4.99", "10.99", "109.00", "3500.00"]), st.integers(1, 366), st.integers(0, 366))
def test_a_prorated_refund_is_never_negative_nor_more_than_the_price(price, period, left):
    from tui.controller.services import CENT, ROUND_HALF_UP

    left = min(left, period)
    refund = (Decimal(price) * left / period).quantize(CENT, rounding=ROUND_HALF_UP)
    assert Decimal("0") <= refund <= Decimal(price)


def test_csv_export_never_replaces_a_pipe(c, tmp_path):
    pipe = tmp_path / "settlement-2026-11.csv"
    os.mkfifo(pipe)
    with pytest.raises(NotAllowed, match="not a plain file"):
        c.ledger.export_csv("2026-11", tmp_path)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert [n for n in entries(tmp_path) if "settlement" in n] == ["settlement-2026-11.csv"]  # no temporary file
