"""The Assistant: hung off the Controller as `controller.assistant`.

    reply = controller.assistant.ask("set the driver side to 21")
    reply.text, reply.intent, reply.slots, reply.acted, reply.navigate, reply.needs, reply.choices

A question back to the driver (which one, yes or no, the PIN) is kept in the request history, so
the next request (or `answer(...)`) completes it, in the app or from the command line.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass

from store.assistant import AssistantQueries
from tui.controller.assistant import fuzzy, words
from tui.controller.assistant.engine import REGISTRY, TOPIC_ORDER, Ask, Intent, NeedChoice, Reply, Turn
from tui.controller.restrictions import MAX_ROWS_MOVING, MAX_TEXT_MOVING, short
from tui.controller.errors import CockpitError

log = logging.getLogger(__name__)

PENDING_SECONDS = 120  # a question back to the driver is forgotten after this long
HISTORY_RECALL = 50
YES = {"yes", "yeah", "yep", "yup", "sure", "okay", "confirm", "correct", "affirmative", "please", "go ahead",
       "do it", "ok", "of course", "absolutely", "y"}
NO = {"no", "nope", "nah", "cancel", "stop", "nevermind", "do not", "dont", "abort", "forget it", "n", "not now"}
NO_WORDS = frozenset({"cancel", "nevermind", "no", "nope", "not", "now", "thanks", "you", "that", "it", "this", "please",
                      "stop", "okay", "abort", "do", "i", "will", "pass"})  # the words of a spoken "no"
PIN_TEXT = re.compile(r"^\s*(?:\d\s*){4,6}$")  # 4 to 6 digits, spoken with or without gaps
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
# the first example of each of these, in this order, is what "what can I say" offers
FEATURED = ("climate.temperature", "seats.heating", "media.play", "home.lights", "car.range", "lights.headlights",
            "drive.mode", "profiles.switch", "body.windows", "services.trial", "app.open", "updates.check")
GENERAL_EXAMPLES = ("warmer", "heat my seat", "what's my range", "open climate")

# the modules whose intents make up the assistant, in the order they register
INTENT_MODULES = (
    "tui.controller.assistant.intents_app",
    "tui.controller.assistant.intents_questions",
    "tui.controller.assistant.intents_climate",
    "tui.controller.assistant.intents_seats",
    "tui.controller.assistant.intents_lights",
    "tui.controller.assistant.intents_drive",
    "tui.controller.assistant.intents_body",
    "tui.controller.assistant.intents_profiles",
    "tui.controller.assistant.intents_media",
    "tui.controller.assistant.intents_home",
    "tui.controller.assistant.intents_services",
    "tui.controller.assistant.intents_updates",
    "tui.controller.assistant.intents_settings",
    "tui.controller.assistant.intents_nav",  # navigation and alerts (issue 17)
    "tui.controller.assistant.intents_charging",  # charging and trips (issue 17)
)
NAME_SOURCES: list = []  # functions (assistant) -> iterable of names, for spelling correction


def load_intents() -> None:
    import importlib

    for name in INTENT_MODULES:
        importlib.import_module(name)


@dataclass(frozen=True)
class Understanding:
    intent: str | None
    slots: dict

    def to_dict(self) -> dict:
        return {"intent": self.intent, "slots": self.slots}


class Assistant:
    def __init__(self, controller):
        self.c = controller
        self.requests = AssistantQueries(controller.store.db)
        self.session = os.urandom(8).hex()  # questions asking a PIN are answered in this conversation only
        load_intents()
        self._vocab_key: tuple | None = None
        self._vocab = words.default_vocabulary()

    # ------------------------------------------------------------------ public
    def ask(self, text: str) -> Reply:
        """Understand a request in plain words and carry it out. Never raises for what a person types."""
        # control and direction-override characters become spaces: never stored in the history
        text = "".join(ch if ch.isprintable() else " " for ch in (text or "")[: words.MAX_REQUEST]).strip()
        if not text:
            return self._finish(Reply(self._try_saying(), understood=False), record=None)
        profile_id = self.c.active_profile_id()
        last = self.requests.last(profile_id)
        pending = self._live_pending(last)
        try:
            req = self.parse(text)
            reply = None
            if pending is not None:
                reply = self._answer_text(req, text, pending)
            if reply is None:
                reply = self._run(req)
        except CockpitError as exc:  # e.g. the database is busy: the driver reads why
            reply = Reply(str(exc), refused=True)
        except Exception:  # never a traceback for what a person types
            log.exception("assistant request failed: %r", text)
            reply = Reply("Sorry, that did not work.", refused=True)
        recorded = "(PIN)" if pending is not None and pending.get("kind") == "pin" and PIN_TEXT.match(text) else text
        return self._finish(reply, record=recorded, profile_id=profile_id, cleared=last if pending else None)

    def answer(self, *, choice: int | None = None, confirm: bool | None = None, pin: str | None = None) -> Reply:
        """Answer the question the assistant asked: a numbered choice, yes/no, or the PIN."""
        profile_id = self.c.active_profile_id()
        last = self.requests.last(profile_id)
        pending = self._live_pending(last)
        if pending is None:
            return self._finish(Reply("There is no question waiting for an answer.", understood=False), record=None)
        try:
            if choice is not None:
                reply = self._resolve_choice(pending, choice)
                recorded = str(choice)
            elif confirm is not None:
                reply = self._resolve_confirm(pending, confirm)
                recorded = "yes" if confirm else "no"
            elif pin is not None:
                reply = self._resolve_pin(pending, pin)
                recorded = "(PIN)"
            else:
                return self._finish(Reply(pending.get("question", ""), needs=pending.get("kind")), record=None)
        except CockpitError as exc:
            reply, recorded = Reply(str(exc), refused=True), "(answer)"
        except Exception:
            log.exception("assistant answer failed")
            reply, recorded = Reply("Sorry, that did not work.", refused=True), "(answer)"
        return self._finish(reply, record=recorded, profile_id=profile_id, cleared=last)

    def cancel(self) -> None:
        """Forget a question waiting for an answer (the bar was closed)."""
        last = self.requests.last(self.c.active_profile_id())
        if last is not None and last.pending:
            with self.c.store.write():
                self.requests.clear_pending(last.id)

    def waiting(self) -> dict | None:
        """The question waiting for an answer, if any: {"kind", "question", "choices"}."""
        pending = self._live_pending(self.requests.last(self.c.active_profile_id()))
        if pending is None:
            return None
        return {"kind": pending["kind"], "question": pending.get("question", ""),
                "choices": [label for label, _ in pending.get("options", [])]}

    def understand(self, text: str) -> Understanding:
        """What a request means (intent and slots), without carrying it out."""
        found = self._match(self.parse(text))
        if found is None:
            return Understanding(None, {})
        item, slots = found
        return Understanding(item.name, slots)

    def history(self, limit: int = HISTORY_RECALL) -> list[str]:
        """Earlier requests of the profile at the wheel, newest first (Up recalls them). Hidden in
        valet mode, like the rest of the personal data."""
        if self.c.get(VALET):
            return []
        return [t for t in self.requests.texts(self.c.active_profile_id(), limit + 10) if not t.startswith("(")][:limit]

    def forget_history(self) -> int:
        with self.c.store.write():
            return self.requests.forget(self.c.active_profile_id())

    def intents(self) -> list[Intent]:
        """The intents this console can carry out: all of them (every Controller has every domain)."""
        return REGISTRY.all()

    def examples(self, topic: str | None = None, limit: int = 4) -> list[str]:
        """Things to say: about one topic, or one per topic (climate, seats, lights, ...)."""
        found: list[str] = []
        if topic is not None:
            for i in self.intents():
                if i.topic == topic:
                    found.extend(e for e in i.examples if e not in found)
            return found[:limit]
        available = {i.name: i for i in self.intents()}
        for name in FEATURED:
            item = available.get(name)
            if item is not None and item.examples:
                found.append(item.examples[0])
        return found[:limit]

    def topics(self) -> list[str]:
        present = {i.topic for i in self.intents() if i.examples}
        return [t for t in TOPIC_ORDER if t in present]

    # ------------------------------------------------------------------ understanding
    def parse(self, text: str) -> words.Request:
        return words.parse(text, self._vocabulary())

    def _vocabulary(self) -> words.Vocabulary:
        names: set[str] = set()
        for source in NAME_SOURCES:
            try:
                for name in source(self):
                    names.update(_name_words(str(name)))
            except CockpitError:
                continue
        key = tuple(sorted(names))
        if key != self._vocab_key:
            self._vocab_key = key
            self._vocab = words.Vocabulary(frozenset(names)) if names else words.default_vocabulary()
        return self._vocab

    def _match(self, req) -> tuple[Intent, dict] | None:
        """The first intent (by priority) that understands the request, with its slots."""
        for item in REGISTRY.all():
            try:
                slots = item.match(req, self)
            except CockpitError:
                slots = None
            if slots is not None:
                return item, slots
        return None

    def _run(self, req) -> Reply:
        found = self._match(req)
        if found is None:
            return self._not_understood(req)
        item, slots = found
        return self._carry_out(Turn(self, req, item, slots))

    def _carry_out(self, turn: Turn) -> Reply:
        item = turn.intent
        try:
            text = item.act(turn) or "Done."
        except Ask as ask:
            return self._ask_back(turn, ask)
        except CockpitError as exc:
            return Reply(str(exc), intent=item.name, slots=_public(turn.slots), acted=turn.acted, refused=True)
        return Reply(text, intent=item.name, slots=_public(turn.slots), acted=turn.acted, navigate=turn.navigate)

    def _ask_back(self, turn: Turn, ask: Ask) -> Reply:
        options = getattr(ask, "options", [])
        if self.c.restrictions().moving:
            options = options[:MAX_ROWS_MOVING]
        question = ask.question
        labels = [label for label, _ in options]
        if labels:
            question = f"{question} " + ", ".join(f"{n} {label}" for n, label in enumerate(labels, 1)) + "."
        pending = {"kind": ask.kind, "intent": turn.intent.name, "slots": _public(turn.slots),
                   "question": question, "options": [[label, extra] for label, extra in options],
                   "confirmed": turn.confirmed, "at": self._now(), "vin": self.c.car.vin}
        reply = Reply(question, intent=turn.intent.name, slots=_public(turn.slots), acted=turn.acted, needs=ask.kind,
                      choices=labels)
        reply._pending = pending  # recorded with the request
        return reply

    def _not_understood(self, req) -> Reply:
        topic = self._guess_topic(req)
        examples = self.examples(topic, 2) if topic else []
        if examples:
            text = "Sorry, I didn't get that. Try " + " or ".join(f"'{e}'" for e in examples) + "."
        else:
            text = self._try_saying(prefix="Sorry, I didn't get that. ")
        return Reply(text, understood=False)

    def _try_saying(self, prefix: str = "") -> str:
        examples = [e for e in GENERAL_EXAMPLES if self._understood(e)][:2]
        return prefix + "Try " + ", ".join(f"'{e}'" for e in examples) + " or 'what can I say'."

    def _understood(self, text: str) -> bool:
        return self._match(self.parse(text)) is not None

    def _guess_topic(self, req) -> str | None:
        best, best_score = None, 0
        for topic, keys in TOPIC_WORDS.items():
            score = len(req.wordset & keys)
            if score > best_score and any(i.topic == topic for i in self.intents()):
                best, best_score = topic, score
        return best

    # ------------------------------------------------------------------ questions back
    def _now(self) -> float:
        return self.c.clock.now().timestamp()

    def _live_pending(self, last) -> dict | None:
        if last is None or not last.pending:
            return None
        pending = last.pending
        if pending.get("kind") == "pin" and pending.get("session") != self.session:
            return None
        if pending.get("vin") != self.c.car.vin or self._now() - float(pending.get("at", 0)) > PENDING_SECONDS:
            return None
        return pending

    def _answer_text(self, req, text: str, pending: dict) -> Reply | None:
        """A request that answers the question waiting; None when it is a new request instead."""
        kind = pending["kind"]
        plain = req.text
        # "no", "cancel", "no thanks", "cancel that"; but "cancel my music trial" or "cancel music
        # streaming" is a new request, not an answer: a short answer says nothing else
        short_answer = len(req.words) <= 3 and req.wordset <= NO_WORDS
        if plain in NO or short_answer and (req.has("cancel", "nevermind") or (kind != "choice" and req.has("no",
                                                                                                         "nope"))):
            return Reply("OK, I won't.", intent=pending["intent"], slots=pending.get("slots", {}))
        if kind == "confirm":
            if plain in YES or req.wordset and req.wordset <= (YES | {"please", "it", "do", "go", "ahead", "thanks"}):
                return self._resolve_confirm(pending, True)
            return None
        if kind == "pin":
            m = PIN_TEXT.match(text)
            if m:
                return self._resolve_pin(pending, "".join(ch for ch in text if ch.isdigit()))
            return None
        # a choice: "2", "the second one", "last", or a name among the choices
        options = pending.get("options", [])
        index = None
        if len(req.words) <= 4:
            if req.ordinal is not None:
                index = req.ordinal if req.ordinal > 0 else len(options)
            elif req.quantities and len(req.quantities) == 1 and float(req.quantities[0].value).is_integer():
                index = int(req.quantities[0].value)
        if index is not None:
            return self._resolve_choice(pending, index)
        if len(req.words) <= 5:
            phrase = req.rest({"the", "one", "please", "a", "an", "in", "on", "my"})
            found = fuzzy.pick(phrase, [(label, n) for n, (label, _) in enumerate(options, 1)], cutoff=80)
            if found.found:
                return self._resolve_choice(pending, found.best)
        return None

    def _resume(self, pending: dict, extra: dict | None = None, confirmed: bool = False, pin: str | None = None) -> Reply:
        item = REGISTRY.get(pending["intent"])
        if item is None:
            return Reply("That can't be done here any more.", refused=True)
        slots = dict(pending.get("slots", {}))
        slots.update(extra or {})
        turn = Turn(self, None, item, slots, confirmed=confirmed or bool(pending.get("confirmed")), pin=pin)
        return self._carry_out(turn)

    def _resolve_choice(self, pending: dict, index: int) -> Reply:
        options = pending.get("options", [])
        if pending["kind"] != "choice":
            return Reply(pending.get("question", ""), intent=pending["intent"], needs=pending["kind"])
        if not 1 <= index <= len(options):
            reply = Reply(f"Say a number from 1 to {len(options)}.", intent=pending["intent"], needs="choice",
                          choices=[label for label, _ in options])
            reply._pending = pending | {"at": self._now()}
            return reply
        return self._resume(pending, options[index - 1][1])

    def _resolve_confirm(self, pending: dict, yes: bool) -> Reply:
        if pending["kind"] != "confirm":
            return Reply(pending.get("question", ""), intent=pending["intent"], needs=pending["kind"])
        if not yes:
            return Reply("OK, I won't.", intent=pending["intent"], slots=pending.get("slots", {}))
        return self._resume(pending, confirmed=True)

    def _resolve_pin(self, pending: dict, pin: str) -> Reply:
        if pending["kind"] != "pin":
            return Reply(pending.get("question", ""), intent=pending["intent"], needs=pending["kind"])
        return self._resume(pending, pin=pin)

    # ------------------------------------------------------------------ recording
    def _finish(self, reply: Reply, record: str | None, profile_id: int | None = None, cleared=None) -> Reply:
        restrictions = self.c.restrictions()
        if restrictions.moving:
            reply.text = short(reply.text, MAX_TEXT_MOVING)
        if record is not None:
            pending = getattr(reply, "_pending", None)
            if pending is not None and pending.get("kind") == "pin":
                # a PIN is asked of the person in this conversation only: a later, separate
                # `say 1234` (another process, another person) never answers it
                pending = pending | {"session": self.session}
            try:
                with self.c.store.write():
                    if cleared is not None and cleared.pending:
                        self.requests.clear_pending(cleared.id)
                    self.requests.add(profile_id, self.c.car.vin, record, reply.intent, reply.slots, reply.text,
                                      reply.acted, pending)
            except CockpitError as exc:  # the history is a convenience: a busy database loses one entry
                log.warning("assistant history not written: %s", exc)
        return reply


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of a name (a room, a device, a profile, a station) the spelling correction knows."""
    return tuple(w for w in words.tokens_of(words.tidy(name)) if w.isalpha() and len(w) > 2)


def _public(slots: dict) -> dict:
    return {k: v for k, v in slots.items() if not k.startswith("_")}


# words that hint at a topic, for a helpful "didn't get that"
TOPIC_WORDS = {
    "climate": frozenset("temperature degrees warmer cooler fan ac heat heating defrost climate air cold hot".split()),
    "seats": frozenset("seat seats seatmemory massage recline mirrors mirror fold".split()),
    "lights": frozenset("lights light headlights highbeam fog hazard dome ambient interiorlights".split()),
    "display": frozenset("screen display brightness nightmode daymode theme font language".split()),
    "drive": frozenset("drivemode mode sport eco following cruise lanekeep collision assist speedlimit".split()),
    "body": frozenset("window windows trunk sunroof doors door lock unlock wipers charging charge".split()),
    "car": frozenset("range battery fuel outside speed service tyre gear".split()),
    "media": frozenset("play music song radio station volume pause skip podcast".split()),
    "home": frozenset("garage frontdoor alarm thermostat kitchen bedroom house home".split()),
    "profiles": frozenset("profile switch guest valet driver".split()),
    "services": frozenset("trial subscription subscribe buy service services".split()),
    "app": frozenset("open show go menu help".split()),
}


__all__ = ["Assistant", "Understanding", "Reply", "NAME_SOURCES", "NeedChoice"]
