"""Issue 16, the assistant: a table of requests -> the action taken and the sentence said, for the
families of bugs found there: numbers (exact, in range, or a clear refusal; "1e5" is one hundred
thousand, not 1), cancel versus start (cancelling never starts anything; a trial ends by being
cancelled), services by the words people use ("music streaming", "spotify", "the wifi"), and names
(profiles created as typed, found with case, accents and the start of a name, the same way
`smartcockpit profile switch` finds them).

Each row runs on its own copy of one fresh database (real SQLite files); the demo car is the Jeep
Wagoneer S (°F, mph)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest

from tui.controller import Controller
from tui.controller.clock import FakeClock

VOL = "Vehicle.Cabin.Infotainment.Media.Volume"
FAN = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"
DT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
LIMIT = "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit"
FOLLOW = "Vehicle.Private.SmartCockpit.ADAS.FollowingDistance"
BRIGHT = "Vehicle.Cabin.Infotainment.HMI.Brightness"
HEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.Heating"


@dataclass
class Row:
    text: str
    intent: str | None
    says: str  # a piece of the reply
    state: dict = field(default_factory=dict)  # path -> value afterwards
    unchanged: tuple = ()  # paths that must keep their value
    refused: bool = False
    before: Callable[[Any], None] | None = None
    yes: bool = False  # answer yes when asked
    active: tuple | None = None  # the service ids active afterwards (trials and subscriptions)
    profiles: tuple | None = None  # names of profiles that exist afterwards
    wheel: str | None = None  # the profile at the wheel afterwards

    def __str__(self) -> str:
        return self.text


def music_trial(c):
    c.services.start_trial("music", source="cli")


def hotspot_trial(c):
    c.services.start_trial("hotspot", source="cli")


def two_trials(c):
    music_trial(c)
    hotspot_trial(c)


def people(c):
    c.profiles.create("Ana Müller")
    c.profiles.create("Alex")
    c.profiles.create("Alexis")


R = Row
ROWS = [
    # -- numbers: as said, in range, or refused in plain words
    R("set the volume to 1", "media.volume", "Volume 1.", {VOL: 1}),  # before: 0 (muted)
    R("volume 7", "media.volume", "Volume 7.", {VOL: 7}),  # before: 8
    R("volume 0", "media.volume", "Volume 0.", {VOL: 0}),
    R("volume 100", "media.volume", "Volume 100.", {VOL: 100}),
    R("volume 1e5", "media.volume", "Volume goes from 0 to 100.", unchanged=(VOL,), refused=True),  # before: 1
    R("set the volume to 1e5", "media.volume", "goes from 0 to 100", unchanged=(VOL,), refused=True),
    R("volume 1E5", "media.volume", "goes from 0 to 100", unchanged=(VOL,), refused=True),
    R("volume 1e999", "media.volume", "goes from 0 to 100", unchanged=(VOL,), refused=True),
    R("volume 101", "media.volume", "goes from 0 to 100", unchanged=(VOL,), refused=True),
    R("volume one hundred and one", "media.volume", "goes from 0 to 100", unchanged=(VOL,), refused=True),
    R("cancel connected navigation", "services.cancel", "no Connected Navigation to cancel", refused=True),  # was: the route
    R("cancel navigation", "nav.cancel", "No route to cancel."),
    R("open the driver window 45", "body.windows", "to 45 %."),  # was rounded to the screen's 40
    R("open the driver window 45.5", "body.windows", "whole percent", refused=True),
    R("volume 2.5", "media.volume", "whole numbers from 0 to 100", unchanged=(VOL,), refused=True),  # before: 2
    R("volume twenty one", "media.volume", "Volume 21.", {VOL: 21}),
    R("turn the volume up by 4", "media.volume", "Volume 34.", {VOL: 34}),
    R("set fan to 55", "climate.fan", "55 %", {FAN: 55}),  # before: 60, snapped
    R("set fan to 1e5", "climate.fan", "Fan goes from 0 to 100 %.", unchanged=(FAN,), refused=True),
    R("set fan to 55.5", "climate.fan", "whole numbers", unchanged=(FAN,), refused=True),
    R("set the temperature to 1e5", "climate.temperature", "goes from 60 °F to 83 °F", unchanged=(DT,),
      refused=True),  # before: read as 1
    R("set the charge limit to 83", "body.charging", "Charge limit 83 %.", {LIMIT: 83}),  # before: 85
    R("set the charge limit to 1e5", "body.charging", "Charge limit goes from 50 to 100 %.", unchanged=(LIMIT,),
      refused=True),
    R("set the charge limit to 85.5", "body.charging", "whole numbers from 50 to 100", unchanged=(LIMIT,),
      refused=True),
    R("set following distance to 2.5", "assist.following", "whole numbers from 1 to 4", unchanged=(FOLLOW,),
      refused=True),
    R("set following distance to 3", "assist.following", "Following distance 3.", {FOLLOW: 3}),
    R("brightness 1e5", "display.brightness", "goes from 10 to 100", unchanged=(BRIGHT,), refused=True),
    R("heat my seat to 1e5", "seats.heating", "goes from 0 (off) to 3", unchanged=(HEAT,), refused=True),
    # -- cancel never starts; a trial ends by cancelling it
    R("cancel the wi-fi hotspot trial", "services.cancel", "You have no Wi-Fi Hotspot to cancel.", refused=True,
      active=()),  # before: started a trial
    R("turn off the music trial", "services.cancel", "no Music Streaming to cancel", refused=True, active=()),
    R("quit the hotspot trial", "services.cancel", "no Wi-Fi Hotspot to cancel", refused=True, active=()),
    R("cancel the wi-fi hotspot trial", "services.cancel", "Wi-Fi Hotspot cancelled.", before=hotspot_trial, yes=True,
      active=()),
    R("stop the music trial", "services.cancel", "Music Streaming cancelled.", before=music_trial, yes=True,
      active=()),
    R("end my trial", "services.cancel", "Music Streaming cancelled.", before=music_trial, yes=True, active=()),
    R("end my trial", "services.cancel", "Which service? 1 Music Streaming, 2 Wi-Fi Hotspot", before=two_trials,
      active=("hotspot", "music")),
    R("turn off the music trial", "services.cancel", "Music Streaming cancelled.", before=two_trials, yes=True,
      active=("hotspot",)),
    R("cancel the wi-fi hotspot trial", "services.cancel", "End the Wi-Fi Hotspot free trial now?",
      before=hotspot_trial, active=("hotspot",)),  # asked first: nothing ends before the yes
    R("start the music trial", "services.trial", "Music Streaming trial started", active=("music",)),
    R("turn on the music trial", "services.trial", "Music Streaming trial started", active=("music",)),
    # -- services by their words, common names and category
    R("cancel music streaming", "services.cancel", "Music Streaming cancelled.", before=music_trial, yes=True,
      active=()),  # before: "No service called 'music streaming'"
    R("cancel music streaming", "services.cancel", "You have no Music Streaming to cancel.", refused=True),
    R("cancel spotify", "services.cancel", "Music Streaming cancelled.", before=music_trial, yes=True, active=()),
    R("cancel the wifi", "services.cancel", "Wi-Fi Hotspot cancelled.", before=hotspot_trial, yes=True, active=()),
    R("start the wifi trial", "services.trial", "Wi-Fi Hotspot trial started", active=("hotspot",)),
    R("start the spotify trial", "services.trial", "Music Streaming trial started", active=("music",)),
    R("cancel navigation", "nav.cancel", "No route to cancel."),  # the route's, not live traffic's
    R("stop the music", "media.pause", "Paused."),  # the media's, not the subscription's
    # -- names: created as typed; found by case, accents and the start of a name
    R("create a profile called Bob", "profiles.create", "Created Bob.", yes=True,
      profiles=("Bob", "Driver", "Guest")),  # before: "There is no profile called 'create a cooled bob'"
    R("add a profile named Zoë Çelik", "profiles.create", "Created Zoë Çelik.", yes=True,
      profiles=("Driver", "Zoë Çelik", "Guest")),
    R("create a profile called Bob", "profiles.create", "Create a profile called Bob", profiles=("Driver", "Guest")),
    R("create a new profile", "profiles.create", "What should the profile be called?", refused=True),
    R("create a profile called Alex", "profiles.create", "There is already a profile called Alex.", before=people,
      refused=True),
    R("switch to ana", "profiles.switch", "Hello Ana Müller.", before=people, wheel="Ana Müller"),
    R("switch to ANA MULLER", "profiles.switch", "Hello Ana Müller.", before=people, wheel="Ana Müller"),
    R("switch to müller", "profiles.switch", "Hello Ana Müller.", before=people, wheel="Ana Müller"),
    R("switch to alexis", "profiles.switch", "Hello Alexis.", before=people, wheel="Alexis"),
    R("switch to ale", "profiles.switch", "1 Alex, 2 Alexis", before=people, wheel="Driver"),
    R("switch to bob", "profiles.switch", "There is no profile called 'bob'.", before=people, refused=True,
      wheel="Driver"),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("assistant16") / "template.db"
    Controller.open(path, clock=FakeClock()).close()
    return path


@pytest.fixture
def fresh(template, tmp_path):
    made = []

    def make():
        path = tmp_path / f"c{len(made)}.db"
        shutil.copy(template, path)
        c = Controller.open(path, clock=FakeClock())
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def test_the_table_is_big_enough():
    assert len(ROWS) >= 40


@pytest.mark.parametrize("r", ROWS, ids=[f"{i:02d} {r.text}"[:60] for i, r in enumerate(ROWS)])
def test_request(fresh, r: Row):
    c = fresh()
    if r.before is not None:
        r.before(c)
    kept = {p: c.get(p) for p in r.unchanged}
    reply = c.assistant.ask(r.text)
    assert reply.intent == r.intent, (reply.intent, reply.text)
    if r.yes:
        assert reply.needs == "confirm", reply.text
        reply = c.assistant.answer(confirm=True)
    assert r.says in reply.text, reply.text
    assert reply.refused == r.refused, reply.text
    for path, value in r.state.items():
        assert c.get(path) == value, (path, c.get(path), reply.text)
    for path, value in kept.items():
        assert c.get(path) == value, (path, c.get(path), reply.text)
    if r.active is not None:
        assert tuple(sorted(o.id for o in c.services.active())) == r.active, reply.text
    if r.profiles is not None:
        assert tuple(p.name for p in c.profiles.list()) == r.profiles
    if r.wheel is not None:
        assert c.active_profile_name() == r.wheel


def test_the_command_line_finds_profiles_as_the_assistant_does(fresh):
    """One resolver: `profile switch ana` (Profiles.switch by name) finds what "switch to ana" finds,
    and says both names when the start fits two."""
    from tui.controller.errors import UnknownName
    from tui.controller.profiles.names import AmbiguousName

    c = fresh()
    people(c)
    assert c.profiles.get("ana").name == "Ana Müller"
    assert c.profiles.get("ANA MÜLLER").name == "Ana Müller"
    assert c.profiles.get("mull").name == "Ana Müller"
    with pytest.raises(AmbiguousName, match="Alex or Alexis"):
        c.profiles.get("ale")
    with pytest.raises(UnknownName, match="no profile called 'zed'"):
        c.profiles.get("zed")
    c.profiles.switch("ana", source="cli")
    assert c.active_profile_name() == "Ana Müller"


# the same families in other intents: cancelling switches off, fractions of whole levels refused,
# a signed target refused rather than read as a change
MORE = [
    R("cancel valet mode", "profiles.valet", "Valet mode is not on.", refused=True),  # before: asked a PIN to start it
    R("cancel the massage", "seats.massage", "Massage is already off."),  # before: massage 50 %
    R("heat my seat to 2.5", "seats.heating", "whole levels", unchanged=(HEAT,), refused=True),  # before: medium
    R("set the massage to 55.5", "seats.massage", "whole numbers from 0 to 100", refused=True),  # before: 60 %
    R("set the volume to -5", "media.volume", "Volume goes from 0 to 100.", unchanged=(VOL,), refused=True),
    R("turn the volume down by 5", "media.volume", "Volume 25.", {VOL: 25}),
    R("cancel charging", "body.charging", "Not charging."),
]


@pytest.mark.parametrize("r", MORE, ids=[f"{i:02d} {r.text}"[:60] for i, r in enumerate(MORE)])
def test_more_requests(fresh, r: Row):
    test_request(fresh, r)


def test_a_new_cancel_request_is_not_taken_for_a_no(fresh):
    """While a yes is awaited, "cancel music streaming" is a new request (before: "OK, I won't."),
    and "cancel that" or "no thanks" still answer no."""
    c = fresh()
    two_trials(c)
    a = c.assistant
    assert a.ask("cancel the wi-fi hotspot trial").needs == "confirm"
    reply = a.ask("cancel music streaming")
    assert reply.needs == "confirm" and "Music Streaming" in reply.text, reply.text
    assert a.ask("yes").text == "Music Streaming cancelled."
    for no in ("cancel that", "no thanks", "cancel", "nevermind"):
        assert a.ask("cancel the wifi").needs == "confirm"
        assert a.ask(no).text == "OK, I won't.", no
    assert [o.id for o in c.services.active()] == ["hotspot"]
