"""The README says what the app does (issue 16: it said usage errors exit 1, that Lights & Display
has a theme and a language, and left `services buy --yes` out).

- Every command line the README shows (`smartcockpit ...` in its code blocks and in backticks) names
  commands that exist, with options those commands have.
- Every option of every command is in the README... only for the commands issue 16 named; the
  rest of `--help` stays the full reference.
- What it says about exit codes and usage errors holds.
- Lights & Display opens the theme (T), and the theme row changes the app's theme.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tui.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
GLOBAL = {"--db": True, "--vehicle": True, "--home": True, "--version": False, "--help": False}


def readme() -> str:
    return README.read_text(encoding="utf-8")


def command_lines() -> list[str]:
    """`smartcockpit ...` as the README writes it: each line of a code block that starts with it
    (without the description after two spaces), and each in backticks."""
    text = readme()
    lines = []
    for block in re.findall(r"```\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if line.startswith("smartcockpit "):
                lines.append(re.split(r"\s{2,}", line.strip())[0])
    for inline in re.findall(r"`([^`\n]*smartcockpit [^`\n]*)`", text):
        lines.append(inline[inline.index("smartcockpit "):])
    return lines


def _option_names(command: click.Command) -> set[str]:
    names = set()
    for p in command.params:
        names.update(getattr(p, "opts", ()))
        names.update(getattr(p, "secondary_opts", ()))
    return names | {"--help"}


def _descend(group: click.Command, words: list[str]):
    """(the command reached, the group it is in, the words left)."""
    ctx = click.Context(main)
    command, parent = group, group
    while words and isinstance(command, click.Group):
        w = words[0].strip("[]")
        if w.startswith("-"):
            if GLOBAL.get(w):
                words = words[2:]
            else:
                words = words[1:]
            continue
        sub = command.get_command(ctx, w)
        if sub is None:
            break
        parent, command, words = command, sub, words[1:]
    return command, parent, words


def _options(words: list[str]) -> list[str]:
    found = []
    for w in words:
        for part in w.strip("[](),").split("|"):
            part = part.strip("[](),").split("=")[0]
            if re.fullmatch(r"--?[a-z][a-z-]*", part):
                found.append(part)
    return found


def problems_of(line: str) -> list[str]:
    wrong = []
    first, *others = [p.strip() for p in re.split(r"\s\|\s", line)]
    command, parent, rest = _descend(main, first.split()[1:])
    if command is main and rest and not rest[0].startswith("-"):
        wrong.append(f"{line!r}: no command {rest[0]!r}")
    targets = [(command, rest)]
    ctx = click.Context(main)
    if command is not main and isinstance(command, click.Group) and rest and re.fullmatch(r"[a-z][a-z|-]*", rest[0]):
        targets = []  # "rollout start|pause|resume ID": each is a command of the group
        for name in rest[0].split("|"):
            sub = command.get_command(ctx, name)
            if sub is None:
                wrong.append(f"{line!r}: no command {name!r} in {command.name!r}")
            else:
                targets.append((sub, rest[1:]))
        parent = command
    for alternative in others:  # "profile list | switch NAME": the others are in the same group
        words = alternative.split()
        if not words or words[0].startswith("-") or words[0].isupper() or "/" in words[0]:
            continue
        for name in words[0].split("|"):  # "start|pause|resume ID"
            sub, _, left = _descend(parent, [name, *words[1:]]) if isinstance(parent, click.Group) else (None, 0, 0)
            if sub is None or sub is parent:
                wrong.append(f"{line!r}: no command {name!r} beside {command.name!r}")
            else:
                targets.append((sub, left))
    for target, words in targets:
        names = _option_names(target) | (set(GLOBAL) if target is main else set())
        for option in _options(words):
            if option not in names:
                wrong.append(f"{line!r}: `{target.name}` has no {option}")
    return wrong


def test_the_readme_shows_commands():
    assert len(command_lines()) > 40


@pytest.mark.parametrize("line", command_lines())
def test_every_command_line_in_the_readme_exists(line):
    assert problems_of(line) == []


def test_services_buy_yes_is_documented():
    buy = main.get_command(click.Context(main), "services").get_command(click.Context(main), "buy")
    assert "--yes" in _option_names(buy)
    assert re.search(r"services [^\n]*buy SERVICE PLAN [^\n]*--yes", readme())


# ---------------------------------------------------------------------------- exit codes
def test_usage_errors_exit_2_with_the_usage_as_the_readme_says(tmp_path):
    text = readme()
    assert "exit code 2" in text and "Usage:" in text
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    for args in (["nosuch"], ["state", "set"], ["media", "volume", "loud"], ["profile", "switch"]):
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Usage: " in result.output and "Try '" in result.output, result.output
        assert "Traceback" not in result.output


def test_a_refusal_exits_1_with_one_sentence(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    for args in (["state", "set", "Vehicle.Nope", "3"], ["profile", "switch", "zed"], ["media", "volume", "101"]):
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code == 1, (args, result.output)
        assert "Usage:" not in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_profile_switch_finds_a_name_by_its_start_and_accents(tmp_path):
    """README: `profile switch NAME` takes the name with any case and accents, or its unique start."""
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    assert runner.invoke(main, ["--db", db, "profile", "create", "Ana Müller"], input="").exit_code == 0
    result = runner.invoke(main, ["--db", db, "profile", "switch", "ana"])
    assert result.exit_code == 0 and "Ana Müller" in result.output, result.output
    assert "unique start" in readme()


# ---------------------------------------------------------------------------- Lights & Display
async def test_lights_and_display_opens_the_theme(app, controller):
    from tests.tui.waits import until

    assert re.search(r"\| Lights & Display \|[^\n]*T (opens )?the theme", readme())
    theme = "Vehicle.Private.SmartCockpit.Display.Theme"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")  # the fifth tile, Lights & Display
        assert await until(pilot, lambda: type(app.screen).__name__ == "LightsScreen")
        await pilot.press("t")
        assert await until(pilot, lambda: type(app.screen).__name__ == "ThemeScreen")
        before, look = controller.get(theme), app.theme
        await pilot.press("3", "right")  # the Theme row, one step
        assert await until(pilot, lambda: controller.get(theme) != before)
        assert await until(pilot, lambda: app.theme != look)  # the app wears it


def test_theme_screen_snapshot(fixed_app, snap_compare):
    """Lights & Display > Theme at 80x24, reached by keys (the fifth tile, then T)."""
    from tests.tui.waits import until

    async def walk(pilot):
        app = pilot.app
        assert await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("5")
        assert await until(pilot, lambda: type(app.screen).__name__ == "LightsScreen")
        await pilot.press("t")
        assert await until(pilot, lambda: type(app.screen).__name__ == "ThemeScreen")
        await pilot.pause()

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=walk)
