"""Connected services: catalog per car, fair rules (trials, proration, built-in hardware, models
that cannot run a service), buying with permission and PIN, renewals on the calendar, entitlements."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tui.controller import Controller, InvalidValue, NotAllowed, NotOnThisCar, UnknownName
from tui.controller.clock import FakeClock
from tui.controller.ledger import add_months, money, money_text

DAY = 86400
UTC = timezone.utc


def at(*args) -> FakeClock:
    return FakeClock(datetime(*args, tzinfo=UTC))


@pytest.fixture
def make(tmp_path):
    opened = []

    def _make(when=(2026, 11, 23, 8, 0), model=None):
        c = Controller.open(tmp_path / f"c{len(opened)}.db", clock=at(*when))
        opened.append(c)
        if model:
            c.car_for_model(model)
        return c

    yield _make
    for c in opened:
        c.close()


def receipts(c):
    return [(r.kind, r.plan, r.amount) for r in c.services.receipts()]


# ---------------------------------------------------------------------------- the catalog
def test_catalog_is_priced_in_the_cars_market_currency(make):
    c = make()
    assert c.car.brand.currency == "USD"
    music = c.services.offer("music")
    assert music.currency == "USD" and music.prices["monthly"] == Decimal("10.99")
    assert music.price == "$10.99 a month"
    c.car_for_model("vauxhall-corsa-electric-2024")
    music = c.services.offer("music")
    assert music.currency == "GBP" and music.price_text("yearly") == "£89.00 a year"
    c.car_for_model("fiat-500e-2024")
    assert c.services.offer("music").price_text("lifetime") == "€299.00 once"


def test_nothing_is_sold_for_hardware_the_car_has_built_in(make):
    c = make(model="citroen-e-c5-aircross-2025")  # STLA SmartCockpit: hotspot data included, heated seats fitted
    hotspot = c.services.offer("hotspot")
    assert hotspot.status == "built_in" and "Included" in hotspot.note
    assert c.feature_block("wifi.hotspot") is None
    with pytest.raises(NotAllowed, match="built into"):
        c.services.buy("hotspot", "monthly")
    with pytest.raises(NotAllowed, match="built into"):
        c.services.start_trial("heated_seats")
    assert c.store.services.all() == [] and c.ledger.balances() == {}


def test_a_service_the_model_cannot_run_is_not_offered(make):
    c = make(model="dodge-challenger-rt-2023")  # combustion, no hands-free hardware
    ids = [o.id for o in c.services.catalog()]
    assert "handsfree" not in ids and "smart_charging" not in ids and "music" in ids
    assert ("AutoDrive Hands-Free", "cannot run on the Dodge Challenger R/T") in c.services.not_offered() or any(
        name == "AutoDrive Hands-Free" for name, _ in c.services.not_offered())
    with pytest.raises(NotOnThisCar, match="cannot run"):
        c.services.buy("handsfree", "monthly")
    assert "not available on the Dodge" in c.feature_block("autodrive.hands_free")


def test_unknown_service_and_plan_are_refused_clearly(make):
    c = make()
    with pytest.raises(UnknownName, match="no service called"):
        c.services.buy("teleport", "monthly")
    with pytest.raises(InvalidValue, match="monthly, yearly or lifetime"):
        c.services.buy("music", "weekly")
    assert c.store.services.all() == []


# ---------------------------------------------------------------------------- buying
def test_buying_needs_the_purchase_permission(make):
    c = make()
    pid = c.active_profile_id()
    with c.store.write():
        c.store.profiles.update(pid, permissions={"home_security": True, "purchases": False})
    with pytest.raises(NotAllowed, match="may not buy services"):
        c.services.buy("music", "monthly")
    with pytest.raises(NotAllowed, match="may not buy services"):
        c.services.start_trial("music")
    assert c.store.services.all() == []


def test_buying_needs_the_pin_where_the_profile_has_one(make):
    c = make()
    c.security.set_pin("2468")
    with pytest.raises(NotAllowed, match="Enter your PIN"):
        c.services.buy("music", "monthly")
    with pytest.raises(NotAllowed, match="Wrong PIN"):
        c.services.buy("music", "monthly", pin="1111")
    assert c.store.services.all() == []
    receipt = c.services.buy("music", "monthly", pin="2468")
    assert (receipt.kind, receipt.amount, receipt.currency) == ("charge", "10.99", "USD")
    assert c.feature_block("media.streaming") is None


def test_a_purchase_opens_the_gate_and_posts_sale_and_incentive(make):
    c = make()
    assert c.feature_block("media.streaming") == "Needs Music Streaming: get it in Services."
    c.services.buy("music", "yearly")
    assert c.feature_block("media.streaming") is None
    kinds = [(e.kind, e.payer, e.payee, e.amount) for e in c.ledger.entries()]
    pid = c.active_profile_id()
    assert ("sale", f"driver:{pid}", "provider", "109.00") in kinds
    assert ("incentive", "provider", "automaker:jeep", "11.00") in kinds
    with pytest.raises(NotAllowed, match="already have"):
        c.services.buy("music", "yearly")


def test_switching_plans_refunds_the_unused_part_and_pays_no_second_incentive(make):
    c = make()
    c.services.buy("music", "monthly")
    c.clock.advance(10 * DAY)
    quote = c.services.quote("music", "yearly")
    assert quote.replaces == "monthly" and quote.refund == Decimal("7.33")  # 20 of 30 days of 10.99
    assert "refund of $7.33" in quote.text
    c.services.buy("music", "yearly")
    assert receipts(c) == [("charge", "monthly", "10.99"), ("refund", "monthly", "7.33"), ("charge", "yearly", "109.00")]
    assert len(c.ledger.entries()) == 4  # sale, incentive (once), refund, sale
    assert c.services.offer("music").purchase.plan == "yearly"


# ---------------------------------------------------------------------------- trials
def test_a_trial_never_renews_without_an_explicit_yes(make):
    c = make()
    p = c.services.start_trial("music")
    assert p.plan == "trial" and p.price == "0.00"
    assert c.feature_block("media.streaming") is None
    c.clock.advance(29 * DAY)
    c.tick()
    assert c.feature_block("media.streaming") is None
    c.clock.advance(2 * DAY)
    c.tick()
    assert c.feature_block("media.streaming") is not None
    assert receipts(c) == [("trial", "trial", "0.00"), ("trial_end", "trial", "0.00")]
    assert [e for e in c.ledger.entries() if e.kind != "access_fee"] == []  # no money moved, no sign-up
    with pytest.raises(NotAllowed, match="trial already"):
        c.services.start_trial("music")


def test_a_trial_continues_only_with_the_plan_the_driver_chose(make):
    c = make()
    c.services.start_trial("traffic")
    c.services.keep_after_trial("traffic", "monthly")
    assert "then monthly" in c.services.offer("traffic").note
    c.clock.advance(31 * DAY)
    c.tick()
    offer = c.services.offer("traffic")
    assert offer.status == "active" and offer.purchase.plan == "monthly"
    assert [k for k, _, _ in receipts(c)] == ["trial", "trial_end", "charge"]
    assert {e.kind for e in c.ledger.entries()} >= {"sale", "incentive"}


def test_saying_no_after_saying_yes_lets_the_trial_end(make):
    c = make()
    c.services.start_trial("traffic")
    c.services.keep_after_trial("traffic", "yearly")
    c.services.keep_after_trial("traffic", None)
    c.clock.advance(31 * DAY)
    c.tick()
    assert c.services.offer("traffic").status == "available"
    assert [e for e in c.ledger.entries() if e.kind == "sale"] == []


def test_choosing_a_plan_after_the_trial_needs_the_pin(make):
    c = make()
    c.services.start_trial("traffic")
    c.security.set_pin("1357")
    with pytest.raises(NotAllowed, match="PIN"):
        c.services.keep_after_trial("traffic", "monthly")
    c.services.keep_after_trial("traffic", "monthly", pin="1357")


def test_buying_during_a_trial_ends_it_at_once(make):
    c = make()
    c.services.start_trial("music")
    quote = c.services.quote("music", "monthly")
    assert quote.ends_trial and "trial ends now" in quote.text
    c.services.buy("music", "monthly")
    assert [k for k, _, _ in receipts(c)] == ["trial", "trial_end", "charge"]


# ---------------------------------------------------------------------------- cancelling
def test_cancel_shows_the_prorated_refund_first_and_pays_exactly_that(make):
    c = make()
    c.services.buy("traffic", "monthly")  # 23 Nov -> 23 Dec: 30 days of $4.99
    c.clock.advance(12 * DAY + 3600)
    quote = c.services.cancel_quote("traffic")
    assert (quote.days_left, quote.period_days) == (17, 30)
    assert quote.refund == Decimal("2.83")  # 4.99 * 17 / 30 = 2.8276..., to the cent
    assert "17 of 30 days are unused" in quote.text and "$2.83" in quote.text
    assert c.services.offer("traffic").status == "active"  # nothing changed by asking
    c.services.cancel("traffic")
    assert c.feature_block("nav.live_traffic") is not None
    refund = [e for e in c.ledger.entries() if e.kind == "refund"]
    assert [(e.payer, e.amount) for e in refund] == [("provider", "2.83")]


def test_cancelling_a_trial_charges_and_refunds_nothing(make):
    c = make()
    c.services.start_trial("music")
    assert "Nothing was charged" in c.services.cancel_quote("music").text
    c.services.cancel("music")
    assert [e for e in c.ledger.entries() if e.kind != "access_fee"] == []
    assert c.feature_block("media.streaming") is not None


def test_lifetime_is_refundable_for_14_days_then_yours_to_keep(make):
    c = make()
    c.services.buy("traffic", "lifetime")
    c.clock.advance(13 * DAY)
    assert c.services.cancel_quote("traffic").refund == Decimal("179.00")
    c.clock.advance(2 * DAY)
    with pytest.raises(NotAllowed, match="yours for life"):
        c.services.cancel_quote("traffic")
    c.ledger.simulate_months(24)
    assert c.feature_block("nav.live_traffic") is None  # never expires, never renews
    assert [k for k, _, _ in receipts(c)] == ["charge"]


def test_renewal_can_be_turned_off_and_the_plan_ends_at_the_period_end(make):
    c = make()
    c.services.buy("music", "monthly")
    c.services.set_auto_renew("music", False)
    assert "renewal off" in c.services.offer("music").note
    c.clock.advance(31 * DAY)
    c.tick()
    assert c.feature_block("media.streaming") is not None
    assert [k for k, _, _ in receipts(c)] == ["charge", "expiry"]


def test_only_the_buyer_cancels(make):
    c = make()
    c.services.buy("hotspot", "monthly")  # stays with the car
    with c.store.write():
        other = c.store.profiles.add("Sam", "SA", "#00FF00")
        c.store.settings.set("active_profile_id", other.id)
    assert c.feature_block("wifi.hotspot") is None  # the car has it, whoever drives
    with pytest.raises(NotAllowed, match="Only Driver"):
        c.services.cancel("hotspot")


# ---------------------------------------------------------------------------- renewals on the calendar
def test_monthly_renewals_keep_the_anchor_day_across_short_months(make):
    c = make(when=(2027, 1, 31, 9, 0))
    c.services.buy("music", "monthly")
    for _ in range(3):
        c.ledger.simulate_months(1)
    ends = [r.period_end[:10] for r in c.services.receipts() if r.kind in ("charge", "renewal")]
    assert ends == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]
    months = [e.month for e in c.ledger.entries() if e.kind in ("sale", "renewal")]
    assert months == ["2027-01", "2027-02", "2027-03", "2027-04"]


def test_monthly_renewal_in_a_leap_year_lands_on_29_february(make):
    c = make(when=(2028, 1, 31, 9, 0))
    c.services.buy("music", "monthly")
    assert c.services.offer("music").until.date().isoformat() == "2028-02-29"
    c.clock.advance(30 * DAY)
    c.tick()
    assert c.services.offer("music").until.date().isoformat() == "2028-03-31"


def test_yearly_from_29_february_renews_28_february_then_29_again(make):
    c = make(when=(2028, 2, 29, 12, 0))
    c.services.buy("traffic", "yearly")
    c.ledger.simulate_months(36)
    c.ledger.simulate_months(12)
    starts = [r.period_start[:10] for r in c.services.receipts() if r.kind in ("charge", "renewal")]
    assert starts == ["2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]


def test_renewals_missed_while_the_console_was_off_are_each_charged_on_their_date(make):
    c = make(when=(2026, 11, 23, 8, 0))
    c.services.buy("music", "monthly")
    c.clock.advance(95 * DAY)  # no tick for three months
    c.tick()
    renewals = [r for r in c.services.receipts() if r.kind == "renewal"]
    assert [r.at[:10] for r in renewals] == ["2026-12-23", "2027-01-23", "2027-02-23"]
    assert sum(money(r.amount) for r in renewals) == Decimal("32.97")


def test_yearly_proration_counts_the_days_of_a_leap_year(make):
    c = make(when=(2028, 1, 1, 0, 0))
    c.services.buy("music", "yearly")  # 366 days
    c.clock.advance(100 * DAY + 60)
    quote = c.services.cancel_quote("music")
    assert (quote.days_left, quote.period_days) == (265, 366)
    assert quote.refund == (Decimal("109.00") * 265 / 366).quantize(Decimal("0.01"))  # 78.92


# ---------------------------------------------------------------------------- transfers
def test_lifetime_follows_the_profile_or_stays_with_the_car_as_the_service_says(make):
    c = make()
    c.services.buy("music", "lifetime")  # follows the profile
    c.services.buy("traffic", "lifetime")  # stays with the car
    first = c.car.vin
    c.car_for_model("jeep-compass-2026")
    assert c.feature_block("media.streaming") is None
    assert c.feature_block("nav.live_traffic") is not None
    assert c.services.offer("music").status == "lifetime"
    with c.store.write():
        other = c.store.profiles.add("New Owner", "NO", "#FF0000")
        c.store.settings.set("active_profile_id", other.id)
    c.use_vehicle(first)
    assert c.feature_block("nav.live_traffic") is None  # the car's next owner keeps it
    assert c.feature_block("media.streaming") is not None  # the music went with its buyer


# ---------------------------------------------------------------------------- money helpers
@pytest.mark.parametrize("value, text", [("0.005", "0.01"), ("2.675", "2.68"), ("1.004", "1.00"), ("-0.005", "-0.01"),
                                         ("10", "10.00")])
def test_amounts_round_half_up_to_the_cent(value, text):
    assert str(money(value)) == text


def test_money_text_per_currency():
    assert money_text("1234.5", "USD") == "$1,234.50"
    assert money_text("-7.33", "EUR") == "-€7.33"
    assert money_text("3", "CHF") == "3.00 CHF"
    with pytest.raises(InvalidValue):
        money("ten")
    with pytest.raises(InvalidValue):
        money("NaN")


def test_add_months_clamps_to_the_month_and_returns_to_the_anchor():
    d = datetime(2027, 1, 31, tzinfo=UTC)
    assert add_months(d, 1).day == 28
    assert add_months(add_months(d, 1), 1, anchor_day=31).day == 31
    assert add_months(datetime(2028, 2, 29, tzinfo=UTC), 12).date().isoformat() == "2029-02-28"
    assert add_months(datetime(2027, 12, 15, tzinfo=UTC), 1).date().isoformat() == "2028-01-15"
    assert add_months(d, 0) == d + timedelta(0)


# ---------------------------------------------------------------------------- gates and valet
FEATURES = {"media.streaming": "music", "autodrive.hands_free": "handsfree", "wifi.hotspot": "hotspot",
            "nav.live_traffic": "traffic", "home.remote_access": "remote_home"}


@pytest.mark.parametrize("feature, service", FEATURES.items())
def test_each_feature_gate_opens_with_its_service_and_closes_when_it_ends(make, feature, service):
    c = make(model=None if service != "remote_home" else "peugeot-308-phev-2024")  # Wagoneer S: all but home
    reason = c.feature_block(feature)
    assert reason.startswith("Needs ") and "Services" in reason
    assert c.services.service_for_feature(feature) == service
    c.services.buy(service, "monthly")
    assert c.feature_block(feature) is None
    c.services.cancel(service)
    assert c.feature_block(feature) == reason


def test_remote_home_access_is_included_with_the_smartcockpit_head_units(make):
    c = make()  # Uconnect 5
    assert c.services.offer("remote_home").status == "built_in"
    assert c.feature_block("home.remote_access") is None


def test_hands_free_cannot_be_engaged_without_its_service(make):
    c = make()
    path = "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive"
    with pytest.raises(NotAllowed, match="(?i)needs AutoDrive Hands-Free"):
        c.set(path, True)
    assert c.get(path) is False
    c.services.start_trial("handsfree")
    # the car's own conditions for hands-free (issue 4): adaptive cruise, monitoring, lane keeping
    conditions = {"Vehicle.ADAS.CruiseControl.IsEnabled": True, "Vehicle.ADAS.DMS.IsEnabled": True,
                  "Vehicle.Private.SmartCockpit.ADAS.LaneKeepAssist.Mode": "CENTERING"}
    c.set_many({p: v for p, v in conditions.items() if c.has(p)})
    c.set(path, True)
    c.clock.advance(31 * 86400)
    c.tick()  # the trial ended: hands-free disengages and says so
    assert c.get(path) is False


def test_unknown_features_are_not_gated_by_services(make):
    assert make().feature_block("climate.anything") is None


def test_no_buying_or_cancelling_in_valet_mode(make):
    c = make()
    c.services.buy("music", "monthly")
    c.set_many({"Vehicle.Private.SmartCockpit.Valet.IsActive": True}, source="profile")
    for attempt in (lambda: c.services.buy("traffic", "monthly"), lambda: c.services.start_trial("traffic"),
                    lambda: c.services.cancel("music")):
        with pytest.raises(NotAllowed, match="valet"):
            attempt()
    assert c.services.offer("music").status == "active"


# ---------------------------------------------------------------------------- the assistant
def test_assistant_buys_with_the_price_said_first_and_the_pin(make):
    c = make()
    a = c.assistant
    reply = a.ask("subscribe to live traffic yearly")
    assert reply.needs == "confirm" and "$49.00 a year" in reply.text
    assert a.answer(confirm=False).acted is False
    assert c.services.offer("traffic").status == "available"
    c.security.set_pin("1357")
    a.ask("subscribe to live traffic yearly")
    assert a.answer(confirm=True).needs == "pin"
    assert "Wrong PIN" in a.answer(pin="0000").text
    a.ask("subscribe to live traffic yearly")
    a.answer(confirm=True)
    assert a.answer(pin="1357").acted
    assert c.services.offer("traffic").purchase.plan == "yearly"
    receipt = c.services.receipts()[-1]
    assert receipt.note == "Bought by voice"


def test_assistant_cancel_says_the_refund_before_the_yes(make):
    c = make()
    c.services.buy("music", "monthly")
    reply = c.assistant.ask("cancel my music subscription")
    assert reply.needs == "confirm" and "you get $10.99 back" in reply.text
    assert c.assistant.answer(confirm=True).acted
    assert c.services.offer("music").status == "available"


def test_the_driver_is_told_ahead_of_a_trial_end_and_a_yearly_renewal_once(make):
    from tui.controller.events import Notice

    c = make()
    said = []
    c.subscribe(lambda e: said.append(e.text) if isinstance(e, Notice) else None)
    c.services.start_trial("music")
    c.services.buy("traffic", "yearly")
    c.clock.advance(26 * DAY)
    c.tick()
    assert said == []
    c.clock.advance(2 * DAY)
    c.tick()
    c.tick()
    assert said == ["Music Streaming trial ends 12/23/2026; nothing will be charged."]  # the demo car's US dates
    c.clock.advance(330 * DAY)
    c.tick()
    assert said[1:] == ["Connected Navigation renews 11/23/2027 for $49.00; cancel any time.",
                        "Music Streaming trial ended. Nothing was charged."]
    c.tick()
    assert sum("renews" in s for s in said) == 1


def test_changing_your_mind_within_48_hours_refunds_everything(make):
    c = make()
    c.services.buy("music", "yearly")
    c.clock.advance(47 * 3600)
    quote = c.services.cancel_quote("music")
    assert quote.refund == Decimal("109.00") and (quote.days_left, quote.period_days) == (365, 365)
    c.clock.advance(2 * 3600)
    quote = c.services.cancel_quote("music")  # 49 h in: three started days are used
    assert (quote.days_left, quote.refund) == (362, Decimal("108.10"))  # 109 * 362 / 365 = 108.104...
