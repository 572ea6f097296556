"""Media: the volume (a car setting, always there), and with the media domain: play something by
name (genre, station, artist, song; fuzzy), pause, resume, next, previous, source, what's playing."""

from __future__ import annotations

from tui.controller.assistant.slots import change_of, extreme, is_relative
from tui.controller.assistant.common import within
from tui.controller.assistant.engine import intent
from tui.controller.assistant.words import learn

VOLUME = "Vehicle.Cabin.Infotainment.Media.Volume"
NOT_MEDIA = ("fan", "temperature", "brightness", "seat", "seats", "heat", "heating", "ambient", "lights", "wheel",
             "window", "windows", "massage", "cruise", "following", "thermostat", "ac")


def _media(turn):
    return getattr(turn.c, "media", None)


def _method(obj, *names):
    for name in names:
        method = getattr(obj, name, None)
        if callable(method):
            return method
    return None


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
    media = _media(turn)
    spec = turn.c.spec(VOLUME)
    step = spec.step or 2
    current = turn.get(VOLUME) or 0
    if "mute" in s:
        method = _method(media, "mute" if s["mute"] else "unmute") if media is not None else None
        if method is not None:
            turn.call(method)
            return "Muted." if s["mute"] else "Sound back on."
        if s["mute"]:
            turn.assistant.__dict__["_volume_before_mute"] = current
            turn.set(VOLUME, 0)
            return "Muted."
        value = turn.assistant.__dict__.pop("_volume_before_mute", None) or spec.default or 30
        turn.set(VOLUME, int(value))
        return f"Sound back on, volume {int(value)}."
    if "change" in s:
        amount = s.get("amount") or step * 3
        value = min(spec.max, max(spec.min, current + s["change"] * amount))
    else:
        value = s["volume"]
        within(spec, value, "Volume", unit="")
    value = int(min(spec.max, max(spec.min, spec.min + round((value - spec.min) / step) * step)))
    method = _method(media, "set_volume") if media is not None else None
    if method is not None:
        turn.call(method, value)
    else:
        turn.set(VOLUME, value)
    if value == current:
        return f"Volume is already {value}."
    return f"Volume {value}."


learn(NOT_MEDIA)


# ---------------------------------------------------------------------------- the media domain
# Reached through its public methods when it has them: play(query), pause(), resume()/play(),
# next()/skip(), previous(), set_source(source), now_playing(); stations()/genres()/library()
# give names for spelling correction.
from tui.controller.assistant.conversation import NAME_SOURCES  # noqa: E402
from tui.controller.assistant.domains import domain, field, invoke, listing, method, name_of  # noqa: E402
from tui.controller.assistant.words import learn  # noqa: E402
from tui.controller.errors import NotOnThisCar  # noqa: E402

SOURCES = {"fm": "FM", "am": "AM", "dab": "DAB", "radio": "FM", "bluetooth": "BLUETOOTH", "phone": "BLUETOOTH",
           "usb": "USB", "internet": "INTERNET", "streaming": "INTERNET", "online": "INTERNET"}
PLAY_FILLER = {"play", "some", "me", "the", "a", "please", "music", "put", "on", "listen", "to", "i", "want", "would",
               "like", "can", "you", "let", "us", "hear"}


def _media_names(a):
    dom = domain(a.c, "media")
    if dom is None:
        return []
    names = []
    for attr in ("stations", "genres", "playlists"):
        names.extend(name_of(i) for i in listing(dom, attr)[:200])
    return names


NAME_SOURCES.append(_media_names)


def _need(turn, *names):
    fn = method(domain(turn.c, "media"), *names)
    if fn is None:
        raise NotOnThisCar("Media can't do that here yet.")
    return fn


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
    if s.get("resume"):
        invoke(_need(turn, "resume", "play"))
        turn.acted = True
        return "Playing."
    if s.get("source"):
        invoke(_need(turn, "set_source", "source", "switch_source"), s["source"])
        turn.acted = True
        return f"Source {s['source'].title() if s['source'] != 'FM' else 'FM radio'}."
    result = invoke(_need(turn, "play", "play_query", "search_and_play"), s["query"])
    turn.acted = True
    title = name_of(result) if result is not None and not isinstance(result, bool) else s["query"]
    return f"Playing {title}."


def _transport(name, words, methods, reply, examples=(), exact=()):
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
        invoke(_need(turn, *methods))
        turn.acted = True
        return reply

    return match


_transport("media.pause", ("pause", "stop"), ("pause", "stop"), "Paused.", ("pause the music",),
           exact=("pause", "stop the music", "pause music", "stop music"))
_transport("media.resume", ("resume", "continue", "unpause"), ("resume", "play"), "Playing.", ("resume",),
           exact=("resume", "continue", "unpause", "play"))
_transport("media.next", ("next", "skip"), ("next", "skip", "next_track"), "Next song.", ("next song", "skip"),
           exact=("next", "skip", "next song", "skip this", "skip it", "next one"))
_transport("media.previous", ("previous", "last"), ("previous", "prev", "previous_track"), "Previous song.",
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
    invoke(_need(turn, "set_source", "source", "switch_source"), turn.slots["source"])
    turn.acted = True
    return f"Source {turn.slots['source'].title() if turn.slots['source'] not in ('FM', 'AM', 'DAB', 'USB') else turn.slots['source']}."


@intent("media.now_playing", domain="media", examples=("what's playing",), priority=16)
def now_playing(req, a):
    if req.question and req.has("playing", "song", "artist", "listening") and req.has("what", "who", "which"):
        return {}
    return None


@now_playing.act
def act_now_playing(turn):
    dom = domain(turn.c, "media")
    fn = method(dom, "now_playing", "current", "playing")
    item = invoke(fn) if fn is not None else None
    if item is None or item is False:
        return "Nothing is playing."
    if isinstance(item, str):
        return item
    title = field(item, "title", "track", "name", default="")
    artist = field(item, "artist", "station", default="")
    station = field(item, "station", default="")
    text = f"{title} — {artist}" if artist else f"{title}"
    if station and station != artist:
        text += f", on {station}"
    if field(item, "playing", default=True) is False:
        text += " (paused)"
    return text + "."


learn(SOURCES, PLAY_FILLER, ("pause", "resume", "continue", "unpause", "next", "skip", "previous", "playing",
                             "podcast", "playback", "artist", "listening"))
