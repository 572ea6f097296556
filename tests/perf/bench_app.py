"""The app beside a bare Textual app, in a real terminal (tmux), in one run; prints one table.

    .venv/bin/python tests/perf/bench_app.py [--starts 9] [--keys 30] [--size 100x30]

Rows: start until the home screen is painted; a key that moves the highlight; opening each
top-level menu and going back; peak memory (max RSS) after start-up and a few keys. Then the
in-process figures of the other benchmarks in this folder that have a `rows()` function.
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
    """Alternate app and baseline start-ups so both see the same machine."""
    a, b = [], []
    for _ in range(starts):
        for cmd, marker, out in ((cmd_app, APP_MARKER, a), (cmd_base, BASELINE_MARKER, b)):
            term = Term(cmd, size)
            out.append(term.wait_for(marker))
            term.close()
            time.sleep(0.05)
    return median(a), median(b)


def key_moves(cmd, marker, keys, n, size):
    term = Term(cmd, size)
    term.wait_for(marker)
    term.settle()
    times = []
    for i in range(n):
        times.append(term.press(keys[i % len(keys)]))
        term.settle(quiet=0.05)
    term.close()
    return median(times), max((t for t in times if t is not None), default=None)


def menu_opens(db, size):
    """Open each top-level menu from the home screen with Enter, then go back with Backspace."""
    from tui.controller.menus import MENUS

    term = Term(app_cmd(db), size)
    term.wait_for(APP_MARKER)
    term.settle()
    rows = []
    for index, menu in enumerate(MENUS):
        term.send("g")
        term.settle(quiet=0.05)
        for _ in range(index):
            term.send("Right")
        term.settle(quiet=0.08)
        opened = term.press("Enter")
        term.settle(quiet=0.1)
        back = term.press("BSpace")
        term.settle(quiet=0.1)
        rows.append((menu.title, ms(opened), ms(back)))
    term.close()
    return rows


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
    p.add_argument("--no-terminal", action="store_true", help="only the in-process figures")
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
        sa, sb = start_times(app_cmd(db), base_cmd(script), a.starts, a.size)
        rows.append(("start to painted home (ms)", fmt(ms(sa)), fmt(ms(sb)), ratio(sa, sb), "<= 1.3x"))
        for keys, label in ((["Right", "Left"], "Right/Left"), (["Down", "Up"], "Down/Up")):
            km, kx = key_moves(app_cmd(db), APP_MARKER, keys, a.keys, a.size)
            bm, bx = key_moves(base_cmd(script), BASELINE_MARKER, ["Down", "Up"], a.keys, a.size)
            rows.append((f"key move {label}, median (ms)", fmt(ms(km)), fmt(ms(bm)), ratio(km, bm), "<= 1.2x"))
            rows.append((f"key move {label}, worst (ms)", fmt(ms(kx)), fmt(ms(bx)), ratio(kx, bx), ""))
        for title, opened, back in menu_opens(db, a.size):
            rows.append((f"open {title} / back (ms)", f"{fmt(opened)} / {fmt(back)}", "", "", "open < 50 ms"))
        ma = peak_memory(lambda out: app_cmd(db, out), APP_MARKER, a.size, work, "C-q")
        mb = peak_memory(lambda out: base_cmd(script, out), BASELINE_MARKER, a.size, work, "q")
        rows.append(("peak memory, max RSS (MB)", fmt(ma), fmt(mb), ratio(ma, mb), "<= 1.5x"))
    elif not a.no_terminal:
        print("tmux not found: terminal figures skipped", file=sys.stderr)

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
