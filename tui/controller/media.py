"""Media: FM/AM/DAB radio with presets, streaming (needs the Music Streaming service), a USB stick
and a Bluetooth phone; play/pause, next/previous, volume (VSS Media.Volume), favourites and radio
presets per profile, and a now-playing line for the status bar.

What plays is kept in the car's VSS signals: Played.Source, Action (PLAY or STOP), SelectedURI
("radio:<station>", "usb:<track>", "bt:<track>", "stream:<playlist>/<n>"), and the head unit's
readings Played.Artist and Played.Track. The shipped sample stations follow the car's market.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.media import sample_media
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, UnknownName

M = "Vehicle.Cabin.Infotainment.Media."
VOLUME, ACTION, SOURCE, URI = M + "Volume", M + "Action", M + "Played.Source", M + "SelectedURI"
ARTIST, TRACK = M + "Played.Artist", M + "Played.Track"
STREAMING = "media.streaming"
SOURCES = {"FM": "FM radio", "AM": "AM radio", "DAB": "DAB radio", "INTERNET": "Streaming", "USB": "USB",
           "BLUETOOTH": "Phone"}
BANDS = ("FM", "AM", "DAB")
MAX_PRESETS = 6
SONG_SECONDS = 210  # a radio station moves to its next song every 3.5 minutes
MUTE_KEY = "media.volume_before_mute"


@dataclass(frozen=True)
class MediaItem:
    uri: str
    title: str
    detail: str
    source: str
    genre: str = ""
    preset: int | None = None

    @property
    def name(self) -> str:
        return self.title

    def holds(self, now: "NowPlaying | None") -> bool:
        """Whether what plays now is this entry (a station, a track, or a track of this playlist)."""
        return now is not None and entry_of(now.uri) == entry_of(self.uri)


def entry_of(uri: str) -> str:
    """The list entry a URI belongs to: a playlist's track ("stream:id/3") is its playlist's."""
    return uri.split("/", 1)[0]


def presettable(uri: str | None) -> bool:
    """Only radio stations go on the preset buttons."""
    return bool(uri) and uri.startswith("radio:")


@dataclass(frozen=True)
class NowPlaying:
    source: str
    source_name: str
    uri: str
    title: str  # the track or programme
    artist: str
    station: str  # radio station or playlist, "" for a track
    playing: bool

    @property
    def line(self) -> str:
        """One short line: "♪ Jazz 102 · Miles Davis – So What" (paused: "⏸ ...")."""
        mark = "♪" if self.playing else "⏸"
        song = f"{self.artist} – {self.title}" if self.artist else self.title
        return f"{mark} {self.station} · {song}" if self.station else f"{mark} {song}"

    @property
    def track(self) -> str:
        return self.title

    @property
    def name(self) -> str:
        """What a driver calls it: the station or playlist, or the song on its own."""
        return self.station or (f"{self.title} by {self.artist}" if self.artist else self.title)


class Media:
    def __init__(self, controller):
        self.c = controller

    # ------------------------------------------------------------------ the shipped samples
    def _market(self) -> str:
        return self.c.car.brand.market

    def _stations(self) -> list[dict]:
        stations = sample_media()["stations"]
        return stations.get(self._market(), stations["EU"])

    def _library(self) -> dict:
        return sample_media()["library"]

    def _station(self, station_id: str) -> dict:
        for s in self._stations():
            if s["id"] == station_id:
                return s
        raise UnknownName(f"There is no station {station_id!r} here.")

    def _playlist(self, playlist_id: str) -> dict:
        for p in self._library()["streaming"]["playlists"]:
            if p["id"] == playlist_id:
                return p
        raise UnknownName(f"There is no playlist {playlist_id!r}.")

    def _tracks(self, source: str) -> list[dict]:
        return self._library()["usb" if source == "USB" else "phone"]["tracks"]

    # ------------------------------------------------------------------ what there is
    def sources(self) -> list[tuple[str, str, str | None]]:
        """(code, name, why not available or None). DAB only where the market has stations."""
        out = []
        for code, name in SOURCES.items():
            if code in BANDS and not any(s["band"] == code for s in self._stations()):
                continue
            out.append((code, name, self.c.feature_block(STREAMING) if code == "INTERNET" else None))
        return out

    def source_block(self, source: str) -> str | None:
        source = self._check_source(source)
        return self.c.feature_block(STREAMING) if source == "INTERNET" else None

    def _check_source(self, source) -> str:
        code = str(source).strip().upper()
        code = {"STREAM": "INTERNET", "STREAMING": "INTERNET", "PHONE": "BLUETOOTH", "BT": "BLUETOOTH",
                "RADIO": "FM"}.get(code, code)
        if code not in SOURCES or code in BANDS and not any(s["band"] == code for s in self._stations()):
            names = ", ".join(n for _, n, _ in self.sources())
            raise InvalidValue(f"{source!r} is not a source here. Sources: {names}.")
        return code

    def items(self, source: str) -> list[MediaItem]:
        source = self._check_source(source)
        if source in BANDS:
            presets = {p.station_id: p.slot for p in self._presets(source)}
            return [MediaItem(f"radio:{s['id']}", s["name"], f"{s['frequency']} · {s['genre']}", source, s["genre"],
                              presets.get(s["id"])) for s in self._stations() if s["band"] == source]
        if source == "INTERNET":
            return [MediaItem(f"stream:{p['id']}/0", p["name"], f"playlist · {len(p['tracks'])} songs", source,
                              p["genre"]) for p in self._library()["streaming"]["playlists"]]
        prefix = "usb" if source == "USB" else "bt"
        return [MediaItem(f"{prefix}:{t['id']}", t["title"], f"{t['artist']} · {t['album']}", source, t["genre"])
                for t in self._tracks(source)]

    def stations(self) -> list[MediaItem]:
        return [i for band in BANDS for i in (self.items(band) if any(
            s["band"] == band for s in self._stations()) else [])]

    def playlists(self) -> list[MediaItem]:
        return self.items("INTERNET")

    def genres(self) -> list[str]:
        return sorted({s["genre"] for s in self._stations()} | {t["genre"] for t in self._tracks("USB")})

    def library(self) -> list[MediaItem]:
        return self.items("USB") + self.items("BLUETOOTH")

    # ------------------------------------------------------------------ resolving a URI
    def _resolve(self, uri: str) -> tuple[str, str, str, str]:
        """(source, title, artist, station) for a URI, now."""
        kind, _, rest = str(uri).partition(":")
        if kind == "radio":
            s = self._station(rest)
            artist, title = s["songs"][int(self.c.clock.now().timestamp() // SONG_SECONDS) % len(s["songs"])]
            return s["band"], title, artist, s["name"]
        if kind == "stream":
            pid, _, n = rest.partition("/")
            p = self._playlist(pid)
            t = p["tracks"][int(n or 0) % len(p["tracks"])]
            return "INTERNET", t["title"], t["artist"], p["name"]
        if kind in ("usb", "bt"):
            source = "USB" if kind == "usb" else "BLUETOOTH"
            for t in self._tracks(source):
                if t["id"] == rest:
                    return source, t["title"], t["artist"], ""
        raise UnknownName(f"Nothing called {uri!r} can be played here.")

    def now_playing(self) -> NowPlaying | None:
        uri = self.c.get(URI) or ""
        if not uri:
            return None
        try:
            source, title, artist, station = self._resolve(uri)
        except UnknownName:
            return None
        playing = self.c.get(ACTION) == "PLAY" and self.source_block(source) is None
        return NowPlaying(source, SOURCES[source], uri, title, artist, station, playing)

    def tile_summary(self) -> str:
        """One short line for the home tile."""
        now = self.now_playing()
        if now is None:
            return "radio, USB, phone"
        text = (now.station or now.title)  # whole: the tile fits it (in cells, with "…")
        return f"{'♪' if now.playing else '⏸'} {text}"

    def status_line(self) -> str:
        now = self.now_playing()
        return now.line if now is not None else ""

    # ------------------------------------------------------------------ playing
    def _write(self, uri: str, action: str, source: str) -> NowPlaying:
        media_source, title, artist, _ = self._resolve(uri)
        if action == "PLAY":
            block = self.source_block(media_source)
            if block:
                raise NotAllowed(block)
        with self.c.store.write():
            self.c.set_many({SOURCE: media_source, URI: uri, ACTION: action}, source)
            self.c.set_many({ARTIST: artist, TRACK: title}, "system")
            self.c.store.media.set_position(self.c.car.vin, media_source, uri)
        return self.now_playing()

    def play_uri(self, uri: str, source: str = "ui") -> NowPlaying:
        return self._write(uri, "PLAY", source)

    def play(self, query: str | None = None, source: str = "ui") -> NowPlaying:
        """Resume without a query; with one, find a station, playlist, artist, song or genre and play it."""
        if query is None or not str(query).strip():
            return self.resume(source)
        return self.play_uri(self.find(query).uri, source)

    def find(self, query: str) -> MediaItem:
        from rapidfuzz import fuzz, process

        text = str(query).strip().lower()
        if len(text) > 80:
            raise InvalidValue("That is too long to search for.")
        candidates: list[tuple[str, MediaItem]] = []
        streaming = self.c.feature_block(STREAMING) is None
        for item in self.stations():
            candidates += [(item.title.lower(), item), (item.genre, item)]
        for source in ("USB", "BLUETOOTH"):
            for item, t in zip(self.items(source), self._tracks(source)):
                candidates += [(t["title"].lower(), item), (t["artist"].lower(), item), (t["genre"], item),
                               (t["album"].lower(), item)]
        if streaming:
            for p in self._library()["streaming"]["playlists"]:
                item = MediaItem(f"stream:{p['id']}/0", p["name"], "playlist", "INTERNET", p["genre"])
                candidates += [(p["name"].lower(), item), (p["genre"], item)]
                for n, t in enumerate(p["tracks"]):
                    track = MediaItem(f"stream:{p['id']}/{n}", t["title"], t["artist"], "INTERNET", p["genre"])
                    candidates += [(t["title"].lower(), track), (t["artist"].lower(), track)]
        best = process.extractOne(text, [c[0] for c in candidates], scorer=fuzz.WRatio, score_cutoff=75)
        if best is None:
            raise UnknownName(f"Nothing called '{query}' to play here.")
        # prefer streaming when it is available and matches as well, else the first match
        score = best[1]
        matches = [c[1] for c in candidates if fuzz.WRatio(text, c[0]) >= score]
        if streaming:
            for m in matches:
                if m.source == "INTERNET":
                    return m
        return matches[0] if matches else candidates[best[2]][1]

    def resume(self, source: str = "ui") -> NowPlaying:
        uri = self.c.get(URI) or ""
        if not uri:
            return self.set_source(self.c.get(SOURCE) or "FM", source)
        return self._write(uri, "PLAY", source)

    def pause(self, source: str = "ui") -> NowPlaying | None:
        uri = self.c.get(URI) or ""
        if not uri:
            return None
        return self._write(uri, "STOP", source)

    def toggle_play(self, source: str = "ui") -> NowPlaying | None:
        now = self.now_playing()
        return self.pause(source) if now is not None and now.playing else self.resume(source)

    def set_source(self, code: str, source: str = "ui") -> NowPlaying:
        code = self._check_source(code)
        block = self.source_block(code)
        if block:
            raise NotAllowed(block)
        uri = self.c.store.media.position(self.c.car.vin, code)
        if uri is None:
            items = self.items(code)
            if not items:
                raise UnknownName(f"There is nothing to play on {SOURCES[code]}.")
            presets = self._presets(code) if code in BANDS else []
            uri = f"radio:{presets[0].station_id}" if presets else items[0].uri
        return self._write(uri, "PLAY", source)

    def _step(self, direction: int, source: str) -> NowPlaying:
        uri = self.c.get(URI) or ""
        if not uri:
            return self.set_source(self.c.get(SOURCE) or "FM", source)
        kind, _, rest = uri.partition(":")
        if kind == "stream":
            pid, _, n = rest.partition("/")
            count = len(self._playlist(pid)["tracks"])
            return self.play_uri(f"stream:{pid}/{(int(n or 0) + direction) % count}", source)
        media_source = self._resolve(uri)[0]
        uris = [i.uri for i in self.items(media_source)]
        index = uris.index(uri) if uri in uris else 0
        return self.play_uri(uris[(index + direction) % len(uris)], source)

    def next(self, source: str = "ui") -> NowPlaying:
        """Next track, or the next station on the band."""
        return self._step(1, source)

    def previous(self, source: str = "ui") -> NowPlaying:
        return self._step(-1, source)

    # ------------------------------------------------------------------ volume (a car setting)
    def volume(self) -> int:
        return int(self.c.get(VOLUME) or 0)

    def set_volume(self, value, source: str = "ui"):
        return self.c.set(VOLUME, value, source)

    def volume_step(self, direction: int, source: str = "ui"):
        return self.c.step(VOLUME, direction, source)

    def mute(self, source: str = "ui"):
        current = self.volume()
        if current == 0:
            return None
        with self.c.store.write():
            self.c.store.settings.set(f"{MUTE_KEY}.{self.c.car.vin}", current)
            event = self.c.set(VOLUME, 0, source)
        return event

    def unmute(self, source: str = "ui"):
        if self.volume() > 0:
            return None
        before = self.c.store.settings.get(f"{MUTE_KEY}.{self.c.car.vin}") or self.c.spec(VOLUME).default or 30
        return self.c.set(VOLUME, int(before), source)

    # ------------------------------------------------------------------ presets (per profile)
    def _profile(self) -> int:
        pid = self.c.active_profile_id()
        if pid is None:
            raise NotAllowed("Choose a profile to keep presets and favourites.")
        return pid

    def _presets(self, band: str):
        pid = self.c.active_profile_id()
        return self.c.store.media.presets(pid, band) if pid is not None else []

    def presets(self, band: str = "FM") -> list[MediaItem]:
        band = self._check_source(band)
        if band not in BANDS:
            raise InvalidValue("Presets are for FM, AM and DAB radio.")
        out = []
        for p in self._presets(band):
            try:
                s = self._station(p.station_id)
            except UnknownName:
                continue
            out.append(MediaItem(f"radio:{s['id']}", s["name"], s["frequency"], band, s["genre"], p.slot))
        return out

    def save_preset(self, uri: str, slot: int | None = None, source: str = "ui") -> int:
        """Keep a station as a preset (the first free slot without `slot`). Returns the slot."""
        kind, _, sid = str(uri).partition(":")
        if kind != "radio":
            raise InvalidValue("Only radio stations can be presets.")
        station = self._station(sid)
        band = station["band"]
        pid = self._profile()
        taken = {p.slot: p.station_id for p in self.c.store.media.presets(pid, band)}
        if slot is None:
            for existing, station_id in taken.items():
                if station_id == sid:
                    return existing
            free = [n for n in range(1, MAX_PRESETS + 1) if n not in taken]
            if not free:
                raise NotAllowed(f"All {MAX_PRESETS} {band} presets are used; remove one first.")
            slot = free[0]
        if not isinstance(slot, int) or isinstance(slot, bool) or not 1 <= slot <= MAX_PRESETS:
            raise InvalidValue(f"Presets go from 1 to {MAX_PRESETS}.")
        with self.c.store.write():
            for existing, station_id in taken.items():
                if station_id == sid and existing != slot:
                    self.c.store.media.clear_preset(pid, band, existing)
            self.c.store.media.set_preset(pid, band, slot, sid)
        return slot

    def remove_preset(self, band: str, slot: int, source: str = "ui") -> None:
        band = self._check_source(band)
        pid = self._profile()
        with self.c.store.write():
            self.c.store.media.clear_preset(pid, band, slot)

    def toggle_preset(self, uri: str, source: str = "ui") -> int | None:
        """Add a station to the presets, or remove it if it is one. Returns the slot or None."""
        kind, _, sid = str(uri).partition(":")
        if kind == "radio":
            band = self._station(sid)["band"]
            for p in self._presets(band):
                if p.station_id == sid:
                    self.remove_preset(band, p.slot)
                    return None
        return self.save_preset(uri, source=source)

    def recall_preset(self, slot: int, band: str | None = None, source: str = "ui") -> NowPlaying:
        band = self._check_source(band or self.c.get(SOURCE) or "FM")
        if band not in BANDS:
            band = "FM"
        for p in self._presets(band):
            if p.slot == slot:
                return self.play_uri(f"radio:{p.station_id}", source)
        raise UnknownName(f"There is no {band} preset {slot}.")

    # ------------------------------------------------------------------ favourites (per profile)
    def favourites(self) -> list[MediaItem]:
        pid = self.c.active_profile_id()
        out = []
        for f in (self.c.store.media.favourites(pid) if pid is not None else []):
            try:
                media_source, title, artist, station = self._resolve(f.uri)
            except UnknownName:
                continue
            out.append(MediaItem(f.uri, f.title, SOURCES[media_source], media_source))
        return out

    def is_favourite(self, uri: str) -> bool:
        return any(f.uri == uri for f in self.favourites())

    def toggle_favourite(self, uri: str | None = None, source: str = "ui") -> bool:
        """Add to or remove from the profile's favourites (the current item without uri). True if added."""
        uri = uri or self.c.get(URI) or ""
        if not uri:
            raise InvalidValue("Nothing is playing to keep as a favourite.")
        media_source, title, artist, station = self._resolve(uri)
        label = station if uri.startswith("radio:") else (f"{title} – {artist}" if artist else title)
        pid = self._profile()
        with self.c.store.write():
            if self.is_favourite(uri):
                self.c.store.media.remove_favourite(pid, uri)
                return False
            self.c.store.media.add_favourite(pid, uri, label, self.c.clock.now().isoformat())
        return True

    # ------------------------------------------------------------------ time-driven
    def tick(self) -> None:
        """Streaming stops when its subscription or trial ends; the radio takes over."""
        if self.c.get(SOURCE) != "INTERNET" or self.c.get(ACTION) != "PLAY":
            return
        block = self.c.feature_block(STREAMING)
        if not block:
            return
        try:
            with self.c.store.write():
                self.c.set_many({ACTION: "STOP"}, "system")
        except CockpitError:
            return  # a rule of another domain holds the player; try again on the next tick
        self.c.notice(f"Streaming stopped: {block}")
        try:
            self.set_source("FM", "system")
        except CockpitError:
            pass  # the radio may be vetoed (valet, guards): stay stopped
