"""Moving around the app ("open climate", "go home", "go back"), help ("what can I say"), undo,
and a few courtesies. The assistant returns a navigation target; the app goes there."""

from __future__ import annotations

from tui.controller import menus
from tui.controller.assistant import fuzzy
from tui.controller.assistant.engine import intent
from tui.controller.assistant.words import learn
from tui.controller.restrictions import PARKED_ONLY

OPEN_VERBS = ("open", "show", "go to", "goto", "take me to", "bring up", "navigate to", "launch", "view", "see")
FILLER = {"the", "a", "an", "my", "me", "menu", "screen", "page", "please", "to", "up", "open", "show", "go",
          "goto", "take", "bring", "navigate", "launch", "view", "see", "can", "you", "i", "want", "would", "like",
          "let", "us", "tab", "app", "in", "of", "now", "on", "for"}
# sub-pages of a menu a request can name: (menu id, section id, words)
SECTIONS = [
    ("settings", "units", ("units", "unit")),
    ("settings", "display", ("display settings", "display")),
    ("settings", "car", ("car", "vehicle", "brand", "model")),
    ("settings", "about", ("about", "version")),
]


def _menu_candidates():
    for m in menus.MENUS:
        yield m.title, m.id
        yield m.id.replace("_", " "), m.id


def _find_menu(phrase: str):
    if not phrase:
        return None
    found = fuzzy.pick(phrase, list(_menu_candidates()), cutoff=82)
    if found.found:
        return found.best
    if found.unsure:
        return found.ambiguous[0][1]
    for m in menus.MENUS:  # a keyword of the menu ("units" opens Settings)
        if phrase in m.keywords.split():
            return m.id
    return None


@intent("app.home", examples=("go home",), priority=20)
def go_home(req, a):
    text = req.text
    if req.has("homescreen") or text in ("home", "go home", "back home", "take me home", "go back home",
                                         "go to home", "home please", "go home please", "back to home"):
        return {"target": "home"}
    return None


@go_home.act
def act_home(turn):
    turn.navigate = "home"
    return "Home."


@intent("app.back", examples=("go back",), priority=20)
def go_back(req, a):
    if req.has("song", "track", "station") and not req.text in ("back", "back please"):
        return None
    if req.has("goback") or req.text in ("back", "previous screen", "back please"):
        return {"target": "back"}
    return None


@go_back.act
def act_back(turn):
    turn.navigate = "back"
    return "Back."


@intent("app.open", examples=("open settings", "show the units settings"), priority=70)
def open_menu(req, a):
    if req.question and not req.starts("can you show", "can you open"):
        return None
    verb = req.starts(*OPEN_VERBS) or req.has("menu", "screen", "page")
    phrase = req.rest(FILLER)
    if not verb and len(req.words) > 2:
        return None
    for menu_id, section, keys in SECTIONS:
        if not menus_has(menu_id):
            continue
        rest = " ".join(w for w in phrase.split() if w not in (menu_id, "settings", "setting"))
        if rest in keys and (verb or rest != phrase):
            return {"menu": menu_id, "section": section}
    menu_id = _find_menu(phrase)
    if menu_id is not None:
        return {"menu": menu_id}
    return None  # "open the trunk" and friends belong to other intents; see app.unknown_screen


def menus_has(menu_id: str) -> bool:
    return any(m.id == menu_id for m in menus.MENUS)


@open_menu.act
def act_open(turn):
    s = turn.slots
    m = menus.menu(s["menu"])
    reason = menus.unavailable_reason(turn.c, m)
    if reason:
        turn.refused = True
        return f"{m.title}: {reason.lower()}." if reason != PARKED_ONLY else f"{m.title} is available when parked."
    turn.navigate = s["menu"] + (f"/{s['section']}" if s.get("section") else "")
    return f"Opening {m.title}" + (f" > {s['section'].title()}." if s.get("section") else ".")


@intent("app.unknown_screen", priority=95)
def unknown_screen(req, a):
    if not req.starts("open", "show", "go to", "goto", "take me to") or req.question:
        return None
    phrase = req.rest(FILLER)
    if not phrase or len(phrase.split()) > 3:
        return None
    return {"screen": phrase}


@unknown_screen.act
def act_unknown_screen(turn):
    titles = ", ".join(m.title for m in menus.MENUS[:4])
    return f"There's no '{turn.slots['screen']}' here. Try: {titles}."


@intent("app.help", examples=("what can I say", "help with climate"), priority=15)
def help_(req, a):
    if not (req.has("help", "whatcanisay", "examples", "commands") or req.text in (
            "what can i ask", "what do you do", "how does this work", "what can i ask you")):
        return None
    if req.has("undo"):
        return None
    topic = None
    for w in req.words:
        t = HELP_TOPICS.get(w)
        if t is not None:
            topic = t
            break
    return {"topic": topic} if topic else {}


HELP_TOPICS = {
    "climate": "climate", "temperature": "climate", "fan": "climate", "heat": "climate", "ac": "climate",
    "seat": "seats", "seats": "seats", "mirrors": "seats", "lights": "lights", "light": "lights",
    "display": "display", "screen": "display", "drive": "drive", "driving": "drive", "drivemode": "drive",
    "assist": "assist", "cruise": "assist", "windows": "body", "window": "body", "doors": "body", "trunk": "body",
    "car": "car", "media": "media", "music": "media", "radio": "media", "home": "home", "house": "home",
    "profiles": "profiles", "profile": "profiles", "services": "services", "updates": "updates", "update": "updates",
    "app": "app", "screens": "app", "menus": "app",
}


@help_.act
def act_help(turn):
    a = turn.assistant
    topic = turn.slots.get("topic")
    moving = turn.c.restrictions().moving
    if topic:
        examples = a.examples(topic, 3 if moving else 5)
        if not examples:
            return f"Nothing about {topic} on this console yet. Say 'what can I say'."
        return "Try " + ", ".join(f"'{e}'" for e in examples) + "."
    examples = a.examples(None, 3 if moving else 6)
    text = "Try " + ", ".join(f"'{e}'" for e in examples) + "."
    if not moving:
        topics = [t for t in a.topics() if t != "app"]
        text += f" Or ask 'help with {topics[0]}'" + (f" ({', '.join(topics[1:6])}...)." if len(topics) > 1 else ".")
    return text


@intent("app.undo", examples=("undo that",), priority=22)
def undo(req, a):
    if req.text in ("undo", "undo that", "undo it", "revert", "revert that", "put it back", "change it back",
                    "undo the last change", "undo last change", "take that back", "go back to how it was"):
        return {}
    if req.starts("undo") and len(req.words) <= 4:
        return {}
    return None


@undo.act
def act_undo(turn):
    undone = turn.c.undo_action()  # a whole user action (tui/controller/undo.py)
    turn.acted = True
    return undone.text


@intent("app.hello", priority=90)
def hello(req, a):
    if req.text in ("hello", "hello there", "good morning", "good evening", "good afternoon", "hello assistant"):
        return {"kind": "hello"}
    if req.has("thanks") and len(req.words) <= 4:
        return {"kind": "thanks"}
    if req.text in ("nevermind", "cancel", "stop", "no", "okay", "ok", "nothing", "cancel that"):
        return {"kind": "cancel"}
    return None


@hello.act
def act_hello(turn):
    return {"hello": "Hello! What can I do for you?", "thanks": "You're welcome.", "cancel": "OK."}[turn.slots["kind"]]


learn(OPEN_VERBS, FILLER, HELP_TOPICS, [w for _, _, keys in SECTIONS for w in keys])
