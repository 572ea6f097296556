"""Media: sources by market, play/pause/next/previous written to VSS with audit, volume through
the controller, presets and favourites per profile, streaming gated by its service, now playing."""

from __future__ import annotations

import pytest

from tui.controller import InvalidValue, NotAllowed, UnknownName

M = "Vehicle.Cabin.Infotainment.Media."
VOL = M + "Volume"


def test_sources_follow_the_market(controller):
    codes = [code for code, _, _ in controller.media.sources()]
    assert codes == ["FM", "AM", "INTERNET", "USB", "BLUETOOTH"]  # no DAB stations in the US market
    controller.car_for_model("fiat-500e-2024")
    assert "DAB" in [code for code, _, _ in controller.media.sources()]
    assert controller.media.items("DAB")[0].title == "Jazz Lounge DAB+"


def test_the_embedded_default_plays_something(controller):
    now = controller.media.set_source("FM")
    assert now.playing and now.station == "WJZZ Smooth Jazz" and now.artist
    assert controller.get(M + "Played.Source") == "FM" and controller.get(M + "Action") == "PLAY"
    assert controller.get(M + "Played.Track") == now.title
    entry = [e for e in controller.store.audit.page(limit=10) if e.path == M + "SelectedURI"][0]
    assert entry.source == "ui" and entry.new == "radio:us-fm-887"
    assert controller.status().media == f"♪ WJZZ Smooth Jazz · {now.artist} – {now.title}"


def test_play_pause_next_previous(controller):
    media = controller.media
    media.set_source("USB")
    first = media.now_playing()
    second = media.next()
    assert second.uri != first.uri and second.source == "USB"
    assert media.previous().uri == first.uri
    paused = media.pause()
    assert not paused.playing and controller.get(M + "Action") == "STOP"
    assert media.status_line().startswith("⏸")
    assert media.toggle_play().playing
    last = media.previous()  # wraps round to the last track
    assert last.uri == media.items("USB")[-1].uri


def test_radio_song_changes_with_the_clock(controller, clock):
    now = controller.media.set_source("FM")
    clock.advance(210)
    assert controller.media.now_playing().title != now.title


def test_play_by_name_finds_stations_tracks_and_genres(controller):
    assert controller.media.play("classical").station.startswith("Classical")
    assert controller.media.play("Take Five").title == "Take Five"
    with pytest.raises(UnknownName, match="Nothing called"):
        controller.media.play("zzqx vvvv")


def test_streaming_needs_its_service(controller, clock):
    media = controller.media
    with pytest.raises(NotAllowed, match="Needs Music Streaming"):
        media.set_source("streaming")
    assert controller.get(M + "Played.Source") == "FM"  # nothing changed
    assert media.play("jazz").source == "FM"  # the search stays out of streaming without it
    controller.services.start_trial("music")
    assert media.set_source("INTERNET").station == "Jazz Classics"
    assert media.play("rock drive").source == "INTERNET"
    clock.advance(31 * 86400)
    controller.tick()  # the trial ended: streaming stops and the radio takes over
    now = media.now_playing()
    assert now.source == "FM" and now.playing


def test_volume_goes_through_the_controller_with_its_range(controller):
    media = controller.media
    media.set_volume(40)
    assert controller.get(VOL) == 40
    media.volume_step(1)
    assert media.volume() == 42
    with pytest.raises(InvalidValue):
        media.set_volume(101)
    media.mute()
    assert media.volume() == 0
    media.unmute()
    assert media.volume() == 42
    assert controller.store.audit.page(limit=1)[0].path == VOL


def test_presets_are_kept_per_profile(controller):
    media = controller.media
    uris = [i.uri for i in media.items("FM")]
    assert media.save_preset(uris[2]) == 1
    assert media.save_preset(uris[0]) == 2
    assert media.save_preset(uris[2]) == 1  # already a preset
    assert [p.title for p in media.presets("FM")] == [media.items("FM")[2].title, media.items("FM")[0].title]
    assert media.recall_preset(2, "FM").uri == uris[0]
    assert media.items("FM")[0].preset == 2
    with controller.store.write():
        other = controller.store.profiles.add("Sam", "SA", "#00FF00")
        controller.store.settings.set("active_profile_id", other.id)
    assert media.presets("FM") == []
    with pytest.raises(UnknownName, match="no FM preset 1"):
        media.recall_preset(1, "FM")


def test_at_most_six_presets_a_band(controller):
    media = controller.media
    for item in media.items("FM")[:6]:
        media.save_preset(item.uri)
    with pytest.raises(NotAllowed, match="All 6 FM presets"):
        media.save_preset(media.items("FM")[6].uri)
    assert media.toggle_preset(media.items("FM")[0].uri) is None  # removes it
    assert media.toggle_preset(media.items("FM")[6].uri) == 1
    with pytest.raises(InvalidValue, match="Only radio"):
        media.save_preset("usb:usb-1")


def test_favourites_per_profile(controller):
    media = controller.media
    with pytest.raises(InvalidValue, match="Nothing is playing"):
        media.toggle_favourite()
    media.set_source("BLUETOOTH")
    assert media.toggle_favourite() is True
    assert [f.title for f in media.favourites()] == ["Dancing Queen – ABBA"]
    assert media.toggle_favourite() is False
    assert media.favourites() == []


def test_a_bad_source_is_refused_clearly(controller):
    with pytest.raises(InvalidValue, match="not a source here"):
        controller.media.set_source("cassette")
    with pytest.raises(InvalidValue, match="not a source here"):
        controller.media.set_source("DAB")  # a US car has no DAB stations


def test_assistant_reaches_the_media_domain(controller):
    a = controller.assistant
    assert a.ask("play jazz").text == "Playing WJZZ Smooth Jazz."
    assert a.ask("next song").acted
    assert "Classic Rock" in a.ask("what's playing").text
    assert a.ask("pause the music").acted and not controller.media.now_playing().playing
    assert a.ask("mute").acted and controller.media.volume() == 0


def test_a_list_entry_knows_what_plays_from_it(controller):
    """A playlist entry holds any of its tracks; a station only itself; only stations are presets."""
    from tui.controller.media import MediaItem, NowPlaying, presettable

    playlist = MediaItem("stream:chill/0", "Chill", "", "INTERNET")
    now = NowPlaying("INTERNET", "Streaming", "stream:chill/3", "Song", "Artist", "Chill", True)
    assert playlist.holds(now) and not MediaItem("stream:rock/0", "Rock", "", "INTERNET").holds(now)
    assert not playlist.holds(None)
    assert presettable("radio:eu-fm-1024") and not presettable("usb:usb-1") and not presettable(None)
