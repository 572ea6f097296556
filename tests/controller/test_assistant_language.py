"""The assistant's language layer: numbers in words, units, synonyms, misspellings, fuzzy names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tui.controller.assistant import fuzzy, words
from tui.controller.assistant.conversation import load_intents
from tui.controller.assistant.engine import REGISTRY


@pytest.mark.parametrize("text, value", [
    ("twenty one", 21), ("twenty-one", 21), ("twenty one and a half", 21.5), ("nineteen point five", 19.5),
    ("one hundred and thirty", 130), ("a hundred", 100), ("two thousand", 2000), ("seventy", 70), ("zero", 0),
    ("21.5", 21.5), ("21,5", 21.5), ("minus five", -5), ("-5", -5), ("plus 5", 5), ("point five", 0.5),
    ("fourty", 40), ("ninteen", 19), ("tweny two", 22), ("１２", 12),
])
def test_numbers_in_words_and_digits(text, value):
    q = words.parse(f"set it to {text}").number()
    assert q is not None and q.value == value


@pytest.mark.parametrize("text, unit", [
    ("21 C", "C"), ("21°C", "C"), ("21c", "C"), ("70 F", "F"), ("70°F", "F"), ("70 degrees fahrenheit", "F"),
    ("21 degrees celsius", "C"), ("21 degrees", "deg"), ("21°", "deg"), ("50%", "%"), ("50 percent", "%"),
    ("50 per cent", "%"), ("100 km", "km"), ("5 miles", "mi"), ("100 km/h", "km/h"), ("100 kph", "km/h"),
    ("60 mph", "mph"), ("60 miles per hour", "mph"), ("20 minutes", "min"), ("21", None),
])
def test_units(text, unit):
    assert words.parse(f"set it to {text}").number().unit == unit


def test_signed_numbers_are_changes():
    assert words.parse("offset +5").number().signed
    assert words.parse("offset minus 5").number().signed
    assert not words.parse("volume 5").number().signed


@pytest.mark.parametrize("typed, meant", [
    ("temprature", "temperature"), ("wramer", "warmer"), ("seet", "seat"), ("mirors", "mirrors"),
    ("hazzard", "hazard"), ("brigtness", "brightness"), ("opne", "open"), ("defrst", "defrost"),
    ("follwing", "following"), ("tunr", "turn"), ("kitchn", "kitchen"), ("pasenger", "passenger"),
])
def test_misspellings_are_corrected(typed, meant):
    assert meant in words.parse(f"{typed} please").words or words.CANON.get(meant) in words.parse(typed).words


def test_short_and_unknown_words_are_left_alone():
    r = words.parse("play Bohemian Rhapsody by Queen")
    assert r.after("play") == "bohemian rhapsody by queen"
    assert words.parse("fod it").words == ["fod", "it"]


@pytest.mark.parametrize("typed, canonical", [
    ("air conditioning", "ac"), ("a/c", "ac"), ("windshield", "windscreen"), ("boot", "trunk"),
    ("high beams", "highbeam"), ("what's", "what is"), ("I'm", "i am"), ("driver's side", "driver"),
    ("24 hour clock", "hourclock"), ("lane keeping", "lanekeep"),
])
def test_synonyms_become_one_word(typed, canonical):
    assert canonical in words.parse(typed).text


ORDINARY = [
    "set the driver side to 21", "make it a little warmer please", "I'm cold", "turn the fan down a bit",
    "turn on the air conditioning", "defrost the windscreen", "heat my seat", "cool the passenger seat",
    "fold the mirrors", "move my seat back a little", "turn the headlights off", "switch on the high beams",
    "make the screen brighter", "switch to night mode", "use kilometres", "sport mode please",
    "following distance three", "set cruise control to 65 mph", "turn lane keeping off",
    "open the passenger window halfway", "close all the windows", "open the trunk", "lock the car",
    "what's my range", "how warm is it outside", "is the trunk open", "are the doors locked",
    "how fast am I going", "what can I say", "help with climate", "open settings", "go home", "go back",
    "undo that", "volume twelve", "turn it down", "any updates?", "who is driving", "what time is it",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_requests_need_no_correction(text):
    load_intents()
    assert not words.parse(text).corrections


def test_every_intent_has_examples_it_understands(controller):
    for item in REGISTRY.all():
        for example in item.examples:
            found = controller.assistant.understand(example)
            assert found.intent == item.name, (example, found)


def test_fuzzy_pick_one_several_or_none():
    names = [("Kitchen lights", 1), ("Kitchen ceiling", 2), ("Hall light", 3), ("Alex", 4), ("Alexandra", 5)]
    assert fuzzy.pick("hall", names).best == 3
    assert fuzzy.pick("alex", names).best == 4  # exact beats a longer name
    assert fuzzy.pick("alx", names).best == 4
    found = fuzzy.pick("kitchen", names)
    assert not found.found and [i for _, i in found.ambiguous] == [1, 2]
    assert fuzzy.pick("kitchen lights", names).best == 1
    assert not fuzzy.pick("garage", names).found and not fuzzy.pick("garage", names).unsure


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses(text):
    r = words.parse(text)
    assert isinstance(r.text, str)
    assert len(r.words) == len(r.spans)
    for q in r.quantities:
        assert 0 <= q.index < len(r.words)
