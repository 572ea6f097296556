"""The app beside a bare Textual app, in a real terminal (tmux), in one run; prints one table.

    .venv/bin/python tests/perf/bench_app.py [--starts 9] [--keys 30] [--size 100x30]

Rows: start until the home screen is painted; a key that moves the highlight; opening each
top-level menu (tui.controller.menus.MENUS, read at run time) and going back; switching profile
through the assistant bar (when controller.profiles exists); the assistant's reply; peak memory
(max RSS) after start-up and a few keys. Rows the bare app has no counterpart for (menus, profile
switch, assistant reply) are compared with the bare app's key move, the cost of one repaint.
Then the in-process figures (tests/perf/inprocess.py: profile switch, an audit history page over
a million audit rows, routine evaluation) and those of the other benchmarks in this folder that
have a `rows()` function.
Targets (issue 2 and issue 8): start 1.3x, key moves 1.2x, a menu open under 50 ms, memory 1.5x.

Python here is run as a user would have it: our modules are byte-compiled first (a normal
install writes .pyc files on the first run; this machine sets PYTHONDONTWRITEBYTECODE).
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from terminal import BASELINE_APP, BASELINE_MARKER, Term, have_tmux  # noqa: E402

VENV_BIN = Path(sys.executable).parent
APP_MARKER = "Settings"
SUMMARY_MARKER = "at the wheel"  # the Profiles tile's summary ("Driver at the wheel")


def ms(seconds):
    return None if seconds is None else seconds * 1000


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def app_cmd(db: Path, time_file: Path | None = None) -> str:
    cmd = f"env SMARTCOCKPIT_DB={db} {VENV_BIN / 'smartcockpit'}"
    return f"/usr/bin/time -f %M -o {time_file} {cmd}" if time_file else cmd


def base_cmd(script: Path, time_file: Path | None = None) -> str:
    cmd = f"{sys.executable} {script}"
    return f"/usr/bin/time -f %M -o {time_file} {cmd}" if time_file else cmd


def start_times(cmd_app, cmd_base, starts, size):
    """Alternate app and baseline start-ups so both see the same machine. For the app also the
    moment the tiles' summaries are in (the start is staged: the tiles' names paint first, the
    domains are built right after, then the summaries show; SUMMARY_MARKER is one of them)."""
    a, full, b = [], [], []
    for _ in range(starts):
        for cmd, marker, out in ((cmd_app, APP_MARKER, a), (cmd_base, BASELINE_MARKER, b)):
            term = Term(cmd, size)
            out.append(term.wait_for(marker))
            if out is a:
                full.append(term.wait_for(SUMMARY_MARKER))
            term.close()
            time.sleep(0.05)
    return median(a), median(full), median(b)


def columns() -> int:
    from tui.widgets.tile_grid import TileGrid

    return TileGrid.COLUMNS


def go_to_tile(term, index: int, current: int = 0) -> int:
    """From tile `current` (the home screen keeps its highlight between visits) to tile `index`
    with the arrow keys, as a person would; returns `index`. Rows above are reached first, rows
    below last (the last row may be short)."""
    cols = columns()
    (row, col), (to_row, to_col) = divmod(current, cols), divmod(index, cols)
    if to_row < row:
        term.send(*["Up"] * (row - to_row))
    if to_col != col:
        term.send(*["Right" if to_col > col else "Left"] * abs(to_col - col))
    if to_row > row:
        term.send(*["Down"] * (to_row - row))
    return index


def key_moves(cmd, marker, keys, n, size, prep=()):
    term = Term(cmd, size)
    term.wait_for(marker)
    term.settle()
    for step in prep:
        if callable(step):
            step(term)
        else:
            term.send(step)
        term.settle(quiet=0.1)
    times = []
    for i in range(n):
        times.append(term.press(keys[i % len(keys)]))
        term.settle(quiet=0.05)
    term.close()
    return median(times), max((t for t in times if t is not None), default=None)


def key_move_cases():
    """(label, keys, prep): where a key moves a highlight in the app with the menus that exist."""
    from tui.controller.menus import MENUS

    cases = []
    count, cols = len(MENUS), columns()
    if count > 1:
        cases.append(("home tiles Right/Left", ["Right", "Left"], ()))
    if count > cols:
        cases.append(("home tiles Down/Up", ["Down", "Up"], ()))
    settings = next(i for i, m in enumerate(MENUS) if m.id == "settings")
    cases.append(("Settings list Down/Up", ["Down", "Up"], ("g", lambda t: go_to_tile(t, settings), "Enter")))
    return cases


def menu_opens(db, size, rounds=5):
    """Open each top-level menu from the home screen with Enter, then go back with Backspace;
    `rounds` times over all menus (the first round includes each screen's first build), the
    median of the rounds per menu."""
    from tui.controller.menus import MENUS

    term = Term(app_cmd(db), size)
    term.wait_for(APP_MARKER)
    term.settle()
    samples = {m.id: ([], []) for m in MENUS}
    at = 0
    for index, menu in [(i, m) for _ in range(rounds) for i, m in enumerate(MENUS)]:
        term.send("g")
        term.settle(quiet=0.05)
        at = go_to_tile(term, index, at)
        term.settle(quiet=0.08)
        # until the screen is there (its breadcrumb), not just the first change of a cell
        crumb = f"Home > {menu.title}"  # the menu's own breadcrumb: the right screen, whole
        opened = term.press_until("Enter", lambda text: crumb in text, timeout=3.0)
        if opened is None:
            raise SystemExit(f"bench: Enter on tile {index} did not open {menu.title}")
        term.settle(quiet=0.1)
        back = term.press_until("BSpace", lambda text: crumb not in text, timeout=3.0)
        term.settle(quiet=0.1)
        samples[menu.id][0].append(ms(opened))
        samples[menu.id][1].append(ms(back))
    term.close()
    # (title, first open, median open, median back)
    return [(m.title, samples[m.id][0][0], median(samples[m.id][0]), median(samples[m.id][1])) for m in MENUS]


def assistant_replies(db, size, n):
    """Open the assistant bar, type a question, time Enter until the reply is on screen."""
    term = Term(app_cmd(db), size)
    term.wait_for(APP_MARKER)
    term.settle()
    times = []
    for i in range(n):
        term.send("/")
        term.settle(quiet=0.1)
        question = "what's my range" if i % 2 else "how warm is it outside"
        term.send(question, literal=True)
        term.wait_for_text(question)
        term.settle(quiet=0.1)
        # answered: the field is emptied and the reply shown, in one repaint
        times.append(term.press_until("Enter", lambda text: question not in text))
        term.settle(quiet=0.1)
        term.send("Escape")
        term.settle(quiet=0.05)
    term.close()
    return median(times)


def profile_switches(db, size, n):
    """Switch between two profiles by asking the assistant ("switch to Bench B"): Enter until the
    screen shows it."""
    from inprocess import ensure_profiles
    from tui.controller import Controller

    c = Controller.open(db)
    try:
        ensure_profiles(c)
    finally:
        c.close()
    term = Term(app_cmd(db), size)
    term.wait_for(APP_MARKER)
    term.settle()
    times = []
    for i in range(n):
        term.send("/")
        term.settle(quiet=0.05)
        question = f"switch to Bench {'B' if i % 2 == 0 else 'A'}"
        term.send(question, literal=True)
        term.wait_for_text(question)
        term.settle(quiet=0.1)
        times.append(term.press_until("Enter", lambda text: question not in text))
        term.settle(quiet=0.1)
        term.send("Escape")
        term.settle(quiet=0.05)
    term.close()
    return median(times)


def peak_memory(cmd_factory, marker, size, workdir: Path, quit_key: str):
    out = workdir / f"rss{time.monotonic_ns()}.txt"
    term = Term(cmd_factory(out), size)
    term.wait_for(marker)
    term.settle()
    for key in ("Down", "Up", "Right", "Left"):
        term.press(key)
    term.send(quit_key)
    deadline = time.time() + 10
    while time.time() < deadline and not (out.exists() and out.read_text().strip()):
        time.sleep(0.05)
    term.close()
    try:
        return int(out.read_text().split()[-1]) / 1024  # MB
    except (OSError, ValueError, IndexError):
        return None


def fmt(v, unit=""):
    return "n/a" if v is None else f"{v:.1f}{unit}"


def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--starts", type=int, default=9)
    p.add_argument("--keys", type=int, default=30)
    p.add_argument("--size", default="100x30")
    p.add_argument("--rounds", type=int, default=5, help="rounds over all menus (first open and the median)")
    p.add_argument("--no-terminal", action="store_true", help="only the in-process figures")
    p.add_argument("--no-inprocess", action="store_true", help="only the terminal figures")
    p.add_argument("--audit-rows", type=int, default=1_000_000)
    a = p.parse_args()

    compileall.compile_dir(ROOT / "tui", quiet=1)
    compileall.compile_dir(ROOT / "store", quiet=1)
    rows: list[tuple[str, str, str, str, str]] = []  # figure, app, baseline, ratio, target

    work = Path(tempfile.mkdtemp(prefix="scbench"))
    db = work / "bench.db"
    subprocess.run([str(VENV_BIN / "smartcockpit"), "--db", str(db), "db", "check"], capture_output=True)
    script = work / "baseline_app.py"
    script.write_text(BASELINE_APP)

    if not a.no_terminal and have_tmux():
        sa, sf, sb = start_times(app_cmd(db), base_cmd(script), a.starts, a.size)
        rows.append(("start to painted home (ms)", fmt(ms(sa)), fmt(ms(sb)), ratio(sa, sb), "<= 1.3x"))
        rows.append(("start to tile summaries in (ms)", fmt(ms(sf)), fmt(ms(sb)), ratio(sf, sb), "reported"))
        bm, bx = key_moves(base_cmd(script), BASELINE_MARKER, ["Down", "Up"], a.keys, a.size)
        for label, keys, prep in key_move_cases():
            km, kx = key_moves(app_cmd(db), APP_MARKER, keys, a.keys, a.size, prep)
            rows.append((f"key move {label}, median (ms)", fmt(ms(km)), fmt(ms(bm)), ratio(km, bm), "<= 1.2x"))
            rows.append((f"key move {label}, worst (ms)", fmt(ms(kx)), fmt(ms(bx)), ratio(kx, bx), ""))
        repaint = bm  # the bare app's key move: one repaint
        for title, first, opened, back in menu_opens(db, a.size, a.rounds):
            rows.append((f"open {title}: first / median / back (ms)", f"{fmt(first)} / {fmt(opened)} / {fmt(back)}",
                         fmt(ms(repaint)), ratio(max(first or 0, opened or 0), ms(repaint)), "open < 50 ms"))
        sw = profile_switches(db, a.size, max(6, a.keys // 3))
        if sw is None:
            rows.append(("switch profile via assistant (ms)", "n/a (profiles not built)", "", "", ""))
        else:
            rows.append(("switch profile via assistant (ms)", fmt(ms(sw)), fmt(ms(repaint)), ratio(sw, repaint), ""))
        ar = assistant_replies(db, a.size, max(6, a.keys // 3))
        rows.append(("assistant reply, Enter to answer (ms)", fmt(ms(ar)), fmt(ms(repaint)), ratio(ar, repaint), ""))
        ma = peak_memory(lambda out: app_cmd(db, out), APP_MARKER, a.size, work, "C-q")
        mb = peak_memory(lambda out: base_cmd(script, out), BASELINE_MARKER, a.size, work, "q")
        rows.append(("peak memory, max RSS (MB)", fmt(ma), fmt(mb), ratio(ma, mb), "<= 1.5x"))
    elif not a.no_terminal:
        print("tmux not found: terminal figures skipped", file=sys.stderr)

    if not a.no_inprocess:
        import inprocess

        for figure, value, target in inprocess.rows(a.audit_rows):
            rows.append((figure, value, "", "", target))

    # In-process figures from the domain benchmarks (each module offers rows() -> [(figure, value, target)]).
    here = Path(__file__).resolve().parent
    for path in sorted(here.glob("bench_*.py")):
        if path.name == Path(__file__).name:
            continue
        module = importlib.import_module(path.stem)
        fn = getattr(module, "rows", None)
        if fn is None:
            continue
        for figure, value, target in fn():
            rows.append((figure, value, "", "", target))

    widths = [max(len(r[i]) for r in rows + [("figure", "app", "bare Textual", "ratio", "target")]) for i in range(5)]
    header = ("figure", "app", "bare Textual", "ratio", "target")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    os.environ.setdefault("TERM", "xterm-256color")
    main()
