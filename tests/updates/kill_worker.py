"""Installs the waiting head-unit update step by step until killed (tests/updates/test_kill.py).

    python kill_worker.py DB CHUNK

Prints "ready" once the controller is open, then each state it committed, one a line."""

from __future__ import annotations

import sys

from tui.controller import Controller


def main(db: str, chunk: int) -> None:
    c = Controller.open(db)
    c.updates.chunk = chunk
    if c.updates.running() is None:
        c.updates.install("head-unit", source="ui")
    print("ready", flush=True)
    progress = c.updates.progress()
    while progress is not None and not progress.finished:
        progress = c.updates.step()
        print(progress.state, flush=True)
    c.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
