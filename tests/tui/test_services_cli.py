"""`smartcockpit services ...`, `ledger ...` and `media ...` from the command line."""

from __future__ import annotations

import csv
import io
import json

from tui.controller import Controller


def test_services_list_json_is_priced_in_the_cars_currency(cli):
    result = cli("services", "list", "--json")
    assert result.exit_code == 0
    offers = {o["id"]: o for o in json.loads(result.output)}
    assert offers["music"]["currency"] == "USD" and offers["music"]["prices"]["monthly"] == "10.99"
    assert offers["heated_seats"]["status"] == "built_in"
    text = cli("services", "list").output
    assert "Music Streaming" in text and "$10.99 a month" in text and "built in" in text


def test_buy_asks_first_and_no_buys_nothing(cli):
    result = cli("services", "buy", "music", "monthly", input="n\n")
    assert result.exit_code == 1 and "Nothing bought" in result.output
    result = cli("services", "buy", "music", "monthly", input="y\n")
    assert result.exit_code == 0 and "$10.99" in result.output
    again = cli("services", "buy", "music", "monthly", "--yes")
    assert again.exit_code == 1 and "already have" in again.output


def test_buy_needs_the_pin_where_the_profile_has_one(cli):
    c = Controller.open(cli.db)
    c.security.set_pin("1234")
    c.close()
    assert cli("services", "buy", "traffic", "yearly", "--yes").exit_code == 1
    wrong = cli("services", "buy", "traffic", "yearly", "--yes", "--pin", "0000")
    assert wrong.exit_code == 1 and "Wrong PIN" in wrong.output
    ok = cli("services", "buy", "traffic", "yearly", "--yes", "--pin", "1234")
    assert ok.exit_code == 0


def test_cancel_shows_the_refund_then_cancels(cli):
    cli("services", "buy", "music", "yearly", "--yes")
    result = cli("services", "cancel", "music", input="y\n")
    assert result.exit_code == 0
    assert "days are unused" in result.output and "Refund: $" in result.output
    receipts = cli("services", "receipts").output
    assert "Charge" in receipts and "Refund" in receipts


def test_unknown_service_and_bad_plan_are_refused(cli):
    bad = cli("services", "buy", "teleport", "monthly", "--yes")
    assert bad.exit_code == 1 and "no service called" in bad.output
    assert cli("services", "buy", "music", "weekly").exit_code == 2  # click lists the plans


def test_trial_and_keep(cli):
    assert "nothing is charged" in cli("services", "trial", "music").output
    assert "After the trial: yearly" in cli("services", "keep", "music", "yearly").output
    assert "end by itself" in cli("services", "keep", "music", "none").output


def test_ledger_month_csv_and_simulate(cli):
    cli("services", "buy", "music", "monthly", "--yes")
    assert "No operator PIN" in cli("ledger").output  # until the owner sets one, nobody reads it
    assert cli("ledger", "set-pin", "--new", "1111").exit_code == 0  # the owner at the wheel, no PIN of theirs
    text = cli("ledger", "--pin", "1111").output
    assert "Jeep" in text and "$11.00" in text
    assert "now" in cli("ledger", "--pin", "1111", "simulate", "2").output
    rows = list(csv.DictReader(io.StringIO(cli("ledger", "--pin", "1111", "--csv").output)))
    assert rows[0]["brand"] == "Jeep" and rows[-1]["brand"] == "Total"
    bad = cli("ledger", "--pin", "1111", "--month", "2026-13")
    assert bad.exit_code == 1 and "YYYY-MM" in bad.output


def test_ledger_help_asks_no_pin_but_simulate_does(cli):
    """--help on a subcommand prints its help (it used to ask for the operator PIN first)."""
    help_text = cli("ledger", "simulate", "--help")
    assert help_text.exit_code == 0 and "what-if" in help_text.output.lower()
    assert "No operator PIN" in cli("ledger", "simulate").output  # running it still needs one


def test_ledger_needs_the_operator_pin_once_set(cli):
    c = Controller.open(cli.db)
    c.ledger.set_operator_pin("4321")
    c.close()
    refused = cli("ledger")
    assert refused.exit_code == 1 and "operator PIN" in refused.output
    assert cli("ledger", "--pin", "4321", "--json").exit_code == 0


def test_media_commands(cli):
    assert "WJZZ Smooth Jazz" in cli("media", "play", "jazz").output
    assert "Classic Rock" in cli("media", "next").output
    assert "⏸" in cli("media", "pause").output
    assert cli("media", "volume", "20").output.strip() == "Volume 20."
    refused = cli("media", "source", "streaming")
    assert refused.exit_code == 1 and "Needs Music Streaming" in refused.output
    assert "Jazz Lounge" not in cli("media", "list", "FM").output


def test_ledger_set_pin_then_change_it(cli):
    assert cli("ledger", "set-pin", "--new", "1111").exit_code == 0
    assert cli("ledger", "--pin", "1111", "set-pin", "--new", "2222").exit_code == 0
    assert cli("ledger", "--pin", "1111").exit_code == 1
    assert cli("ledger", "--pin", "2222").exit_code == 0
