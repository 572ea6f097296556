"""Waiting in Pilot tests for what the app shows, never for a fixed time: each helper lets the
app run a frame (or a few milliseconds) at a time until the condition holds, and fails loudly if
it never does."""

from __future__ import annotations

from textual.command import CommandList


async def until(pilot, check, frames: int = 200) -> bool:
    """Let the app run frame by frame until check() holds; its last answer."""
    for _ in range(frames):
        if check():
            return True
        await pilot.pause()
    return bool(check())


async def must(pilot, check, tries: int = 200) -> None:
    """Let the app run, 20 ms at a time, until check() holds; the test fails if it never does."""
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.02)
    assert check(), "the app never got there"


async def palette_shows(pilot, words: str, tries: int = 100) -> None:
    """Wait until the palette's highlighted hit (the one Enter runs) names `words`."""
    for _ in range(tries):
        options = pilot.app.screen.query(CommandList)
        if options and options.first().highlighted is not None:
            prompt = str(options.first().get_option_at_index(options.first().highlighted).prompt)
            if words.lower() in prompt.lower():
                return
        await pilot.pause(0.02)
    raise AssertionError(f"the palette never offered {words!r}")
