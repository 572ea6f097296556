"""Media: the volume, playing something by name (genre, station, artist, song; fuzzy), pause,
resume, next, previous, the source, and what's playing.

Through the media domain (tui/controller/media.py), as its screen does: `set_volume`, `mute`,
`unmute`, `play(query)`, `resume`, `pause`, `next`, `previous`, `set_source(code)` (every change
with source "assistant") and `now_playing()` (a `NowPlaying` or None); `stations()`,
`playlists()` and `genres()` give names for spelling correction."""

from __future__ import annotations

from tui.controller.assistant.common import exact
from tui.controller.assistant.conversation import NAME_SOURCES
from tui.controller.assistant.engine import SOURCE, intent
from tui.controller.assistant.slots import change_of, extreme, is_relative
from tui.controller.assistant.words import learn

VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"
NOT_MEDIA = ("fan", "temperature", "brightness", "seat", "seats", "heat", "heating", "ambient", "lights", "wheel",
             "window", "windows", "massage", "cruise", "following", "thermostat", "ac")


@intent("media.volume", examples=("volume 12", "louder", "mute"), priority=38)
def volume(req, a):
    if req.question and not req.has("can you"):
        return None
    if req.has(*NOT_MEDIA) or req.has("navigation", "nav", "voice", "guidance"):
        return None
    if req.has("mute", "silence") and not req.has("unmute"):
        return {"mute": True}
    if req.has("unmute"):
        return {"mute": False}
    louder = req.has("louder", "quieter")
    if not (req.has("volume", "sound", "music") or louder or req.text in ("turnup", "turndown", "turnup it",
                                                                             "turndown it", "turnup the music",
                                                                             "turndown the music") or
            req.starts("turnup it", "turndown it", "turn it up", "turn it down")):
        return None
    q = req.number(None, "%")
    if q is not None and not is_relative(req, q):
        return {"volume": q.number}
    end = extreme(req, ("full",))
    if end is not None:
        return {"volume": 100 if end == "max" else 0}
    d = change_of(req, q)
    if req.has("louder"):
        d = 1
    elif req.has("quieter"):
        d = -1
    if d is None:
        return None
    return {"change": d, "amount": int(abs(q.value)) if q is not None else None}


@volume.act
def act_volume(turn):
    s = turn.slots
    media = turn.c.media
    if "mute" in s:
        if s["mute"]:
            media.mute(source=SOURCE)
        else:
            media.unmute(source=SOURCE)
        turn.acted = True
        return "Muted." if s["mute"] else "Sound back on."
    spec = turn.c.spec(VOLUME)
    step = spec.step or 2
    current = turn.get(VOLUME) or 0
    if "change" in s:
        amount = s.get("amount") or step * 3
        value = int(min(spec.max, max(spec.min, current + s["change"] * amount)))
    else:  # a target is taken as said (7 is 7), or refused in plain words
        value = exact(spec, s["volume"], "Volume", unit="")
    media.set_volume(value, source=SOURCE)
    turn.acted = True
    if value == current:
        return f"Volume is already {value}."
    return f"Volume {value}."


learn(NOT_MEDIA)


# ---------------------------------------------------------------------------- playing
SOURCES = {"fm": "FM", "am": "AM", "dab": "DAB", "radio": "FM", "bluetooth": "BLUETOOTH", "phone": "BLUETOOTH",
           "usb": "USB", "internet": "INTERNET", "streaming": "INTERNET", "online": "INTERNET"}
PLAY_FILLER = {"play", "some", "me", "the", "a", "please", "music", "put", "on", "listen", "to", "i", "want", "would",
               "like", "can", "you", "let", "us", "hear"}


def _media_names(a):
    media = a.c.media
    return ([i.name for i in media.stations()[:200]] + list(media.genres()[:200])
            + [i.name for i in media.playlists()[:200]])


NAME_SOURCES.append(_media_names)


@intent("media.play", domain="media", examples=("play jazz", "play some rock music"), priority=55)
def play(req, a):
    if req.question or not (req.starts("play", "put on", "listen to", "i want to hear", "let us hear", "can you play")
                            or req.has("play") and req.has("some")):
        return None
    query = req.after("play", "listen", "on", "hear")
    query = " ".join(w for w in query.split() if w not in PLAY_FILLER)
    if not query:
        return {"resume": True}
    if query in SOURCES or (query.startswith("the ") and query[4:] in SOURCES):
        return {"source": SOURCES[query.removeprefix("the ")]}
    return {"query": query}


@play.act
def act_play(turn):
    s = turn.slots
    media = turn.c.media
    if s.get("resume"):
        media.resume(source=SOURCE)
        turn.acted = True
        return "Playing."
    if s.get("source"):
        media.set_source(s["source"], source=SOURCE)
        turn.acted = True
        return f"Source {s['source'].title() if s['source'] != 'FM' else 'FM radio'}."
    now = media.play(s["query"], source=SOURCE)
    turn.acted = True
    return f"Playing {now.name if now is not None else s['query']}."


def _transport(name, words, do, reply, examples=(), exact=()):
    """A transport intent: `do(media)` carries it out ("pause", "next song", ...)."""
    @intent(name, domain="media", examples=examples, priority=56)
    def match(req, a):
        if req.question:
            return None
        said = req.has(*words) or ("previous" in words and req.has("goback"))
        if req.text in exact or (said and req.has("song", "music", "track", "radio", "media", "station", "it", "this",
                                                  "playback", "podcast")):
            return {}
        return None

    @match.act
    def act(turn):
        do(turn.c.media)
        turn.acted = True
        return reply

    return match


_transport("media.pause", ("pause", "stop"), lambda m: m.pause(source=SOURCE), "Paused.", ("pause the music",),
           exact=("pause", "stop the music", "pause music", "stop music"))
_transport("media.resume", ("resume", "continue", "unpause"), lambda m: m.resume(source=SOURCE), "Playing.",
           ("resume",), exact=("resume", "continue", "unpause", "play"))
_transport("media.next", ("next", "skip"), lambda m: m.next(source=SOURCE), "Next song.", ("next song", "skip"),
           exact=("next", "skip", "next song", "skip this", "skip it", "next one"))
_transport("media.previous", ("previous", "last"), lambda m: m.previous(source=SOURCE), "Previous song.",
           ("previous song",), exact=("previous", "previous song", "go back a song", "last song"))


@intent("media.source", domain="media", examples=("switch to bluetooth", "listen to the radio"), priority=45)
def source(req, a):
    if req.question:
        return None
    found = [SOURCES[w] for w in req.words if w in SOURCES]
    if not found or req.has("station") and req.number() is None and len(req.words) > 4:
        return None
    if not (req.starts("switch to", "change to", "listen to", "use", "source", "turn on the", "put on the") or
            req.has("source") or len(req.words) <= 2):
        return None
    return {"source": found[0]}


@source.act
def act_source(turn):
    code = turn.slots["source"]
    turn.c.media.set_source(code, source=SOURCE)
    turn.acted = True
    return f"Source {code if code in ('FM', 'AM', 'DAB', 'USB') else code.title()}."


@intent("media.now_playing", domain="media", examples=("what's playing",), priority=16)
def now_playing(req, a):
    if req.question and req.has("playing", "song", "artist", "listening") and req.has("what", "who", "which"):
        return {}
    return None


@now_playing.act
def act_now_playing(turn):
    now = turn.c.media.now_playing()
    if now is None:
        return "Nothing is playing."
    text = f"{now.title} — {now.artist}" if now.artist else now.title
    if now.station and now.station != now.artist:
        text += f", on {now.station}"
    if not now.playing:
        text += " (paused)"
    return text + "."


learn(SOURCES, PLAY_FILLER, ("pause", "resume", "continue", "unpause", "next", "skip", "previous", "playing",
                             "podcast", "playback", "artist", "listening"))
