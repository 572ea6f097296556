"""Plain words in, a tidy request out: lower case, contractions, synonyms, misspellings (rapidfuzz),
numbers in words or digits, and units (C and F, percent, km and miles, km/h and mph).

A Request keeps the text three ways: `plain` (as typed, tidied, for free text such as a song
name), `text` (corrected, synonyms made canonical, numbers as digits; what intents match on) and
`quantities` (each number with its unit and where it stood).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


MAX_REQUEST = 200  # characters considered; the rest is ignored

# ---------------------------------------------------------------------------- numbers
SMALL = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "last": -1}
NUMBER_WORDS = set(SMALL) | set(TENS) | {"hundred", "thousand"}
_DIGITS = re.compile(r"^[+-]?\d+(?:\.\d+)?$")

# ---------------------------------------------------------------------------- units
# unit words that may follow a number -> canonical unit
UNIT_AFTER = {
    "c": "C", "celsius": "C", "centigrade": "C",
    "f": "F", "fahrenheit": "F",
    "degree": "deg", "degrees": "deg", "deg": "deg",
    "percent": "%", "pct": "%",
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mile": "mi", "miles": "mi", "mi": "mi",
    "kmh": "km/h", "kph": "km/h", "mph": "mph",
    "minute": "min", "minutes": "min", "min": "min", "mins": "min",
    "hour": "h", "hours": "h",
}

# ---------------------------------------------------------------------------- tidying
CONTRACTIONS = {
    "what's": "what is", "whats": "what is", "it's": "it is", "i'm": "i am", "im": "i am",
    "don't": "do not", "dont": "do not", "doesn't": "does not", "can't": "cannot", "cant": "cannot",
    "isn't": "is not", "aren't": "are not", "won't": "will not", "that's": "that is",
    "how's": "how is", "where's": "where is", "who's": "who is", "there's": "there is",
    "let's": "let us", "i'd": "i would", "i'll": "i will", "you're": "you are", "we're": "we are",
    "it'll": "it will", "i've": "i have", "could've": "could have", "wasn't": "was not",
}
def _exponent(match) -> str:
    """"1e5" as its digits, read whole (and refused when out of range), not as the 1 before the "e"."""
    value = float(match.group(0))  # "1e999" is inf: beyond any range, as 999999999999 is
    return f" {value:f} ".replace(".000000 ", " ") if value < 1e12 else " 999999999999 "


PRE = [
    (re.compile(r"km\s*/\s*h|km\s+per\s+hour|kilometres?\s+per\s+hour|kilometers?\s+per\s+hour"), " kmh "),
    (re.compile(r"miles?\s+per\s+hour|\bm\.p\.h\b"), " mph "),
    (re.compile(r"\ba\s*/\s*c\b"), " ac "),
    (re.compile(r"\bper\s*cent\b"), " percent "),
    (re.compile(r"%"), " percent "),
    (re.compile(r"°\s*c\b"), " c "),
    (re.compile(r"°\s*f\b"), " f "),
    (re.compile(r"°"), " degrees "),
    (re.compile(r"\b(wi)-?(fi)\b"), " wifi "),
    (re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)e([+-]?\d+)\b"), lambda m: _exponent(m)),  # 1e5 -> 100000
    (re.compile(r"\b(\d+)(?:st|nd|rd|th)\b"), r" #\1 "),  # 2nd -> ordinal marker
    (re.compile(r"(?<=[a-z])-(?=[a-z])"), " "),  # twenty-one, rear-view
    (re.compile(r"(?<=\d),(?=\d)"), "."),  # 21,5 -> 21.5
    (re.compile(r"(?<=\d)(?=[a-z])"), " "),  # 21c -> 21 c
]
_TOKEN = re.compile(r"#\d+|[+-]?\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?")
_ORD_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
              8: "eighth", 9: "ninth", 10: "tenth"}

# canonical words: synonyms and spelling variants collapse to one word intents match on
CANON = {
    "windshield": "windscreen", "screen's": "screen",
    "boot": "trunk", "tailgate": "trunk", "liftgate": "trunk", "hatch": "trunk", "trunks": "trunk",
    "aircon": "ac", "airco": "ac",
    "temp": "temperature", "temperatures": "temperature",
    "vol": "volume",
    "colder": "cooler", "cooling": "cooling", "hotter": "warmer", "warmth": "warmer",
    "lamps": "lights", "lamp": "light",
    "tire": "tyre", "tires": "tyre", "tyres": "tyre",
    "color": "colour", "colors": "colour", "colours": "colour",
    "favorite": "favourite", "favorites": "favourite", "favourites": "favourite",
    "center": "centre", "centred": "centering", "centered": "centering", "centring": "centering",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "kms": "km",
    "mile": "miles", "mi": "miles",
    "centigrade": "celsius",
    "defog": "defrost", "demist": "defrost", "defroster": "defrost", "defrosting": "defrost",
    "defogger": "defrost", "deice": "defrost",
    "recirc": "recirculation", "recirculate": "recirculation", "recirculating": "recirculation",
    "recycle": "recirculation",
    "song": "song", "tune": "song", "songs": "song", "tunes": "song",
    "darker": "dimmer", "dim": "dim",
    "quieter": "quieter", "softer": "quieter",
    "garage's": "garage",
    "headlight": "headlights", "headlamps": "headlights", "headlamp": "headlights",
    "hazards": "hazard", "flashers": "hazard",
    "foglights": "fog", "foglight": "fog",
    "wipers": "wipers", "wiper": "wipers",
    "window": "window", "windows": "windows",
    "sun": "sun", "moonroof": "sunroof", "panoramic": "sunroof",
    "doors": "doors", "door": "door",
    "mirrors": "mirrors", "mirror": "mirror",
    "seats": "seats", "seat": "seat",
    "louder": "louder",
    "ok": "okay", "thanks": "thanks", "thank": "thanks", "thx": "thanks",
    "hi": "hello", "hey": "hello",
    "settings": "settings", "setting": "setting",
    "navigate": "navigate",
    "previous": "previous", "prev": "previous",
    "skip": "skip",
    "enable": "enable", "enabled": "enable", "activate": "enable", "engage": "enable",
    "disable": "disable", "disabled": "disable", "deactivate": "disable", "disengage": "disable",
    "fahrenheight": "fahrenheit",
    "warm": "warm", "heated": "heated", "heating": "heating", "heater": "heating",
    "ventilated": "ventilate", "ventilation": "ventilate", "vent": "ventilate",
    "fans": "fan", "blower": "fan",
    "massaging": "massage",
    "radio": "radio", "station": "station", "stations": "station",
    "lock": "lock", "locks": "lock", "locked": "locked",
    "unlocked": "unlocked",
    "trial": "trial", "subscription": "subscription", "subscriptions": "subscription",
    "update": "update", "updates": "update", "upgrade": "update", "upgrades": "update",
    "ambiance": "ambient", "ambience": "ambient", "mood": "ambient",
    "interior": "interior", "cabin": "cabin", "inside": "inside",
    "gap": "gap", "distance": "distance",
    "highbeam": "highbeam", "highbeams": "highbeam", "brights": "highbeam",
    "lowbeam": "lowbeam", "dipped": "lowbeam",
    "cancel": "cancel", "nevermind": "nevermind",
    "alarm": "alarm", "security": "security",
    "thermostat": "thermostat",
    "lane": "lane", "keeping": "keep", "keep": "keep",
    "sat": "sat",
    # common misspellings that plain edit distance would send elsewhere
    "nite": "night", "fourty": "forty", "tommorow": "tomorrow", "temprature": "temperature",
    "wheather": "weather", "seet": "seat", "tunr": "turn", "trun": "turn", "lites": "lights",
    "lite": "light", "thru": "through", "pls": "please", "plz": "please",
}
# phrases that become one canonical word (after CANON, before matching)
PHRASES = [
    ("air conditioning", "ac"), ("air conditioner", "ac"), ("air con", "ac"), ("climate control", "climate"),
    ("head lights", "headlights"), ("high beam", "highbeam"), ("high beams", "highbeam"),
    ("full beam", "highbeam"), ("main beam", "highbeam"), ("low beam", "lowbeam"), ("low beams", "lowbeam"),
    ("dipped beam", "lowbeam"), ("fog lights", "fog"), ("fog light", "fog"), ("hazard lights", "hazard"),
    ("hazard light", "hazard"), ("warning lights", "hazard"), ("emergency lights", "hazard"),
    ("sun roof", "sunroof"), ("moon roof", "sunroof"), ("sun shade", "sunshade"), ("sun blind", "sunshade"),
    ("rear view", "rearview"), ("rear view mirror", "rearview mirror"),
    ("steering wheel", "wheel"), ("driver side", "driver"), ("drivers side", "driver"), ("drive side", "driver"),
    ("passenger side", "passenger"), ("passengers side", "passenger"),
    ("back seat", "rear"), ("back seats", "rear"),
    ("windscreen wipers", "wipers"), ("wind screen", "windscreen"), ("wind shield", "windscreen"),
    ("front window", "windscreen"), ("rear window", "rearwindow"), ("back window", "rearwindow"),
    ("rear windscreen", "rearwindow"), ("back windscreen", "rearwindow"),
    ("cruise control", "cruise"), ("adaptive cruise", "cruise"),
    ("lane keeping", "lanekeep"), ("lane keep", "lanekeep"), ("lane assist", "lanekeep"),
    ("lane centering", "lanekeep centering"), ("lane departure", "lanedeparture"),
    ("following distance", "following"), ("follow distance", "following"),
    ("collision warning", "collision"), ("forward collision", "collision"),
    ("speed limit assist", "speedlimitassist"), ("speed limiter", "speedlimit"), ("speed limit", "speedlimit"),
    ("parking sensors", "parksensors"), ("parking sensor", "parksensors"), ("park sensors", "parksensors"),
    ("park assist", "parksensors"), ("obstacle detection", "parksensors"),
    ("hands free", "handsfree"), ("eyes off", "eyesoff"),
    ("traction control", "traction"), ("stability control", "stability"),
    ("driver monitoring", "drivermonitoring"), ("drowsiness detection", "drivermonitoring"),
    ("seat memory", "seatmemory"), ("memory seat", "seatmemory"), ("memory position", "seatmemory"),
    ("easy entry", "easyentry"), ("easy exit", "easyentry"),
    ("dome light", "dome"), ("dome lights", "dome"), ("reading light", "dome"), ("reading lights", "dome"),
    ("interior lights", "interiorlights"), ("interior light", "interiorlights"),
    ("cabin lights", "interiorlights"), ("cabin light", "interiorlights"),
    ("ambient lights", "ambient"), ("ambient light", "ambient"), ("ambient lighting", "ambient"),
    ("night mode", "nightmode"), ("day mode", "daymode"), ("dark mode", "darkmode"),
    ("light mode", "lightmode"), ("dark theme", "darkmode"), ("light theme", "lightmode"),
    ("brand theme", "brandtheme"), ("brand colours", "brandtheme"),
    ("font size", "font"), ("text size", "font"),
    ("hour clock", "hourclock"), ("hour time", "hourclock"), ("hour format", "hourclock"),
    ("what can i say", "whatcanisay"), ("what can you do", "whatcanisay"),
    ("never mind", "nevermind"), ("forget it", "nevermind"),
    ("home screen", "homescreen"), ("main menu", "homescreen"), ("main screen", "homescreen"),
    ("start screen", "homescreen"),
    ("go back", "goback"), ("take me back", "goback"),
    ("turn up", "turnup"), ("turn down", "turndown"), ("crank up", "turnup"),
    ("skip song", "next song"),
    ("garage door", "garage"),
    ("front door", "frontdoor"), ("back door", "backdoor"),
    ("charge limit", "chargelimit"), ("charging limit", "chargelimit"),
    ("tyre pressure", "tyrepressure"),
    ("software update", "update"), ("over the air", "update"),
    ("driving mode", "drivemode"), ("drive mode", "drivemode"), ("drive modes", "drivemode"),
    ("driving modes", "drivemode"),
    ("air flow", "airflow"),
]
# phrases are matched after CANON has run on each word ("brand colours" -> "brand colour")
PHRASE_MAP = {tuple(CANON.get(w, w) for w in a.split()): tuple(b.split()) for a, b in PHRASES}
MAX_PHRASE = max(len(k) for k in PHRASE_MAP)

# ---------------------------------------------------------------------------- vocabulary
STOPWORDS = """
a about above after again all am an and any anything are around as at be been before being below between
both but by can cannot could did do does doing down during each else every everyone everything everywhere
few for from further get gets getting give go goes going gone got had has have having he her here hers him
his how i if in into is it its just kind let like little lot make me mine more most much must my myself
need needs no nor not now of off on once only onto or other our ours out over own please put quite rather
really right same she should so some something still such take than that the their them then there these
they thing this those through to too under until up upon us very want wanna was way we well were what
when where which while who whom why will with would yes yet you your yours yourself bit tad slightly
lots maybe again also back
""".split()

KEYWORDS = """
temperature degrees warmer cooler warm cool cold hot freezing boiling chilly frozen sweating heat heating
heated climate fan speed ac recirculation fresh air auto automatic sync synchronise synchronize zones zone
defrost windscreen rearwindow feet floor face vents body windscreen airflow distribution wheel driver passenger
rear front left right seat seats heat cooling cool ventilate massage seatmemory memory position save store
recall move forward backward backwards backrest recline upright higher lower raise easyentry mirrors mirror
fold unfold rearview dimming lights light headlights highbeam lowbeam fog hazard dome interiorlights ambient
parking sidelights running daytime drl brightness brighter dimmer dim screen display nightmode daymode
darkmode lightmode brandtheme theme font larger bigger smaller large extra standard normal language english
french italian german spanish dutch portuguese units use celsius fahrenheit km miles hourclock clock mph kmh
kilometres drivemode mode sport eco comfort snow following gap cruise lanekeep centering warn assist
lanedeparture collision early late medium speedlimitassist speedlimit limit offset parksensors handsfree
eyesoff traction stability drivermonitoring windows window open close shut crack halfway sunroof sunshade
tilt trunk lock unlock locked unlocked doors door wipers wiper intermittent interval rain sensor slow fast
charging charge chargelimit battery range far fuel tank outside inside cabin weather time service due
gear parked moving status car vehicle who driving driven help examples whatcanisay undo revert cancel
nevermind hello thanks okay homescreen home goback menu settings show open navigate play pause resume stop
next previous skip song music volume louder quieter mute unmute radio station source bluetooth usb dab fm am
playing listen jazz rock pop classical news podcast garage frontdoor backdoor alarm arm disarm thermostat
kitchen living bedroom hallway porch garden office bathroom switch profile profiles guest valet update
install available version services service trial subscribe subscription buy purchase start cancel renew
turnup turndown enable disable max maximum minimum min full highest lowest off on level setting set change
increase decrease reduce adjust turn make keep half quarter percent tyre tyrepressure pressure psi bar kpa
minus plus negative point and hundred thousand colour red blue green white orange purple yellow pink teal
cyan amber violet magenta gold warmer heater wipe wash washer fluid horn sunny cloudy what is how are
temperature's going am long left much many opened closed shut engaged engage washer hood bonnet
night day navigation nav voice guidance sound phone call calls message messages contacts glovebox frunk
wheel hands feet legs chest glass fresh outside inside roof shade blind windscreen spray tow trailer
profile driver passengers kids child children baby pet dog cat
""".split()
KEYWORDS += list(SMALL) + list(TENS) + list(ORDINALS) + ["hundred", "thousand", "half"]
KEYWORDS += list(CANON) + list(set(CANON.values())) + [w for a, b in PHRASES for w in (a + " " + b).split()]
KEYWORDS += list(UNIT_AFTER)

KEYWORD_SET = set(KEYWORDS)
# when two known words are equally near a misspelling, the more common request word wins
PREFERRED = {w: i for i, w in enumerate(
    "turn set open close play heat switch what seat fan lights light volume mode next warmer cooler "
    "temperature off on lock unlock window windows mirrors fold music song".split())}
BASE_VOCAB = set(w for w in STOPWORDS + KEYWORDS if w.isalpha())


def learn(*groups) -> None:
    """Intent modules add the words they match on (tuples of words or phrases)."""
    added = False
    for group in groups:
        for item in group:
            for w in str(item).lower().split():
                if w.isalpha() and w not in BASE_VOCAB:
                    BASE_VOCAB.add(w)
                    KEYWORD_SET.add(w)
                    added = True
    if added:
        default_vocabulary.cache_clear()


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None  # C F deg % km mi km/h mph min h, or None
    index: int  # position in Request.words
    signed: bool = False  # written with + or - (an offset or a change)

    @property
    def number(self) -> float | int:
        return int(self.value) if float(self.value).is_integer() else self.value


@dataclass
class Request:
    raw: str
    plain: str  # tidied, uncorrected
    text: str  # corrected and canonical: what intents match on
    words: list[str]
    quantities: list[Quantity]
    spans: list[tuple[int, int]]  # for each of words, its span in plain_words
    plain_words: list[str]
    corrections: dict[str, str] = field(default_factory=dict)
    ordinal: int | None = None

    def __post_init__(self) -> None:
        self.wordset = frozenset(self.words)
        self._padded = f" {self.text} "

    # -- asking the request
    def has(self, *words: str) -> bool:
        """Any of these words (or phrases, with a space) is in the request."""
        for w in words:
            if " " in w:
                if f" {w} " in self._padded:
                    return True
            elif w in self.wordset:
                return True
        return False

    def all(self, *words: str) -> bool:
        return all(self.has(w) for w in words)

    def starts(self, *prefixes: str) -> bool:
        return any(self._padded.startswith(f" {p} ") or self.text == p for p in prefixes)

    @property
    def question(self) -> bool:
        return self.raw.rstrip().endswith("?") or self.starts(
            "is", "are", "what", "how", "do", "does", "did", "which", "who", "when", "where", "am", "any", "can you tell",
            "tell me", "was", "will", "has", "have")

    def number(self, *units: str | None) -> Quantity | None:
        """The first number (with one of these units, when given)."""
        for q in self.quantities:
            if not units or q.unit in units:
                return q
        return None

    def numbers(self) -> list[Quantity]:
        return list(self.quantities)

    def after(self, *keywords: str) -> str:
        """The plain (uncorrected) words after the first of these keywords, e.g. the song after 'play'."""
        for i, w in enumerate(self.words):
            if w in keywords:
                if i + 1 >= len(self.words):
                    return ""
                start = self.spans[i + 1][0]
                return " ".join(self.plain_words[start:])
        return ""

    def rest(self, drop, numbers: bool = True) -> str:
        """The corrected words left when these are taken out (a name, for fuzzy matching); without
        the numbers ("21", "0.5") when numbers is False."""
        return " ".join(w for w in self.words if w not in drop and (numbers or not w.replace(".", "").isdigit()))

    def on_off(self) -> bool | None:
        """True for on/enable/start, False for off/disable/stop; None when neither is said."""
        w = self.wordset
        # cancelling is switching off, never on: "cancel valet mode", "cancel the massage"
        if w & {"off", "disable", "deactivate", "stop", "no", "without", "cancel", "quit", "exit", "end", "terminate"}:
            return False
        if "not" in w and w & {"on", "enable"}:
            return False
        if w & {"on", "enable", "start", "activate"}:
            return True
        return None


# ---------------------------------------------------------------------------- the pipeline
def tidy(raw: str) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in raw[:MAX_REQUEST])
    text = text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    for pattern, repl in PRE:
        text = pattern.sub(repl, text)
    return text


def tokens_of(text: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok in CONTRACTIONS:
            out.extend(CONTRACTIONS[tok].split())
        elif tok.startswith("#"):
            n = int(tok[1:])
            out.append(_ORD_WORDS.get(n, tok[1:]))
        elif "'" in tok:
            head, _, tail = tok.partition("'")
            out.append(head if tail == "s" else head + tail)
        else:
            out.append(tok)
    return out


class Vocabulary:
    """Known words for spelling correction: the assistant's own plus names from the domains."""

    def __init__(self, extra: frozenset[str] = frozenset()):
        self.words = frozenset(BASE_VOCAB) | extra
        self.by_letter: dict[str, list[str]] = {}
        for w in self.words:
            self.by_letter.setdefault(w[0], []).append(w)
        self.all = sorted(self.words)

    def correct(self, word: str) -> str:
        if word in self.words or len(word) < 4 or not word.isalpha():
            return word
        return _correct(self, word)


def _rank(word: str) -> int:
    if word in PREFERRED:
        return PREFERRED[word]
    return 100 if word in KEYWORD_SET else 200


def _correct(vocab: Vocabulary, word: str) -> str:
    """The nearest known word by edit distance (a swap of two letters counts as one edit): one edit
    for words of 4-5 letters, two up to 8, three beyond. Ties go to a word of the same length, then
    to the assistant's own words over names and common words. Unknown words stay as they are."""
    cache = vocab.__dict__.setdefault("_cache", {})
    hit = cache.get(word)
    if hit is not None:
        return hit
    from rapidfuzz import process  # loaded with the first unknown word (see fuzzy.py)
    from rapidfuzz.distance import OSA

    n = len(word)
    limit = 1 if n <= 5 else (2 if n <= 8 else 3)
    found = process.extract(word, vocab.by_letter.get(word[0], ()), scorer=OSA.distance, score_cutoff=limit,
                            limit=8)
    if not found and n >= 5:
        found = process.extract(word, vocab.all, scorer=OSA.distance, score_cutoff=1, limit=8)
    if found:
        best = min(found, key=lambda f: (f[1], len(f[0]) != n, _rank(f[0]), f[0]))
        result = best[0]
    else:
        result = word
    if len(cache) < 10000:
        cache[word] = result
    return result


def merge_numbers(words: list[str], spans: list[tuple[int, int]] | None = None
                  ) -> tuple[list[str], list[tuple[int, int]], list[Quantity]]:
    """Number words and digits become one token each; a unit after a number joins it."""
    if spans is None:
        spans = [(i, i + 1) for i in range(len(words))]
    out: list[str] = []
    out_spans: list[tuple[int, int]] = []
    quantities: list[Quantity] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        sign = 1
        j = i
        if w in ("minus", "negative", "plus") and i + 1 < n and (words[i + 1] in NUMBER_WORDS or _DIGITS.match(words[i + 1])):
            sign, j = (-1 if w != "plus" else 2), i + 1  # 2 marks an explicit plus
        value, k = _parse_number(words, j)
        if k > j:
            signed = sign != 1 or words[j][0] in "+-"
            value = -value if sign == -1 else value
            unit, k = _unit_after(words, k)
            quantities.append(Quantity(value, unit, len(out), signed))
            out.append(_show_number(value))
            out_spans.append((spans[i][0], spans[k - 1][1]))
            i = k
            continue
        out.append(w)
        out_spans.append(spans[i])
        i += 1
    return out, out_spans, quantities


def _show_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _parse_number(words: list[str], i: int) -> tuple[float, int]:
    n = len(words)
    if i >= n:
        return 0.0, i
    w = words[i]
    if w == "point" and i + 1 < n and words[i + 1] in SMALL and SMALL[words[i + 1]] < 10:
        return _fraction(words, i, 0.0)
    if _DIGITS.match(w):
        value = float(w)
        j = i + 1
        return _fraction(words, j, value)
    if w not in NUMBER_WORDS and not (w == "a" and i + 1 < n and words[i + 1] in ("hundred", "thousand")):
        return 0.0, i
    total, current, j, seen = 0.0, 0.0, i, False
    last = None
    while j < n:
        w = words[j]
        if w == "a" and j + 1 < n and words[j + 1] in ("hundred", "thousand") and not seen:
            current, seen, last = 1, True, "small"
            j += 1
            continue
        if w in SMALL:
            if last in ("small", "teen") or (last == "tens" and SMALL[w] >= 10):
                break
            current += SMALL[w]
            last = "teen" if SMALL[w] >= 10 else "small"
        elif w in TENS:
            if last in ("small", "tens", "teen"):
                break
            current += TENS[w]
            last = "tens"
        elif w == "hundred":
            if last == "hundred":
                break
            current = (current or 1) * 100
            last = "hundred"
        elif w == "thousand":
            total += (current or 1) * 1000
            current, last = 0, "thousand"
        elif w == "and" and seen and j + 1 < n and (words[j + 1] in SMALL or words[j + 1] in TENS) and last in ("hundred", "thousand"):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return 0.0, i
    return _fraction(words, j, total + current)


def _fraction(words: list[str], j: int, value: float) -> tuple[float, int]:
    n = len(words)
    # "and a half", "point five"
    if j + 2 < n + 0 and words[j:j + 3] == ["and", "a", "half"]:
        return value + 0.5, j + 3
    if j + 1 < n and words[j] == "point" and (words[j + 1] in SMALL or words[j + 1].isdigit()):
        digits = []
        k = j + 1
        while k < n and (words[k] in SMALL and SMALL[words[k]] < 10 or words[k].isdigit()):
            digits.append(str(SMALL[words[k]]) if words[k] in SMALL else words[k])
            k += 1
        return float(f"{int(value)}.{''.join(digits)}"), k
    if j < n and words[j] == "half" and value == 0:
        return 0.5, j + 1
    return value, j


def _unit_after(words: list[str], k: int) -> tuple[str | None, int]:
    n = len(words)
    if k < n and words[k] in UNIT_AFTER:
        unit = UNIT_AFTER[words[k]]
        k += 1
        if unit == "deg" and k < n and words[k] in UNIT_AFTER and UNIT_AFTER[words[k]] in ("C", "F"):
            unit = UNIT_AFTER[words[k]]
            k += 1
        if unit == "km" and k + 1 < n and words[k] == "per" and words[k + 1] == "hour":
            unit, k = "km/h", k + 2
        return unit, k
    return None, k


def join_phrases(words: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Known phrases ("air conditioning", "lane keep") become their canonical word."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i, n = 0, len(words)
    while i < n:
        for length in range(min(MAX_PHRASE, n - i), 1, -1):
            repl = PHRASE_MAP.get(tuple(words[i:i + length]))
            if repl is not None:
                for r in repl:
                    out.append(r)
                    spans.append((i, i + length))
                i += length
                break
        else:
            out.append(words[i])
            spans.append((i, i + 1))
            i += 1
    return out, spans


def parse(raw: str, vocabulary: Vocabulary | None = None) -> Request:
    vocab = vocabulary or default_vocabulary()
    plain_words = tokens_of(tidy(raw))
    corrected: list[str] = []
    corrections: dict[str, str] = {}
    for w in plain_words:
        c = vocab.correct(w)
        if c != w:
            corrections[w] = c
        corrected.append(CANON.get(c, c))
    joined, spans = join_phrases(corrected)
    words, spans, quantities = merge_numbers(joined, spans)
    ordinal = next((ORDINALS[w] for w in words if w in ORDINALS), None)
    return Request(raw, " ".join(plain_words), " ".join(words), words, quantities, spans, plain_words,
                   corrections, ordinal)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return Vocabulary()


__all__ = ["Request", "Quantity", "Vocabulary", "parse", "default_vocabulary", "ORDINALS", "CANON"]
