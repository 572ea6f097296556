"""Sync in the app: when the car is in an account, one background task on the app's event loop
connects, syncs and follows (reconnecting by itself); a car with no server or no network just
shows "offline". Nothing blocks a key: every step awaits the network, and the database steps are
short calls on the loop's own thread (where the SQLite connection lives)."""

from __future__ import annotations

import asyncio

RETRY_SECONDS = 5.0


def start_in_background(sync) -> bool:
    """Start following on the running event loop (the app's); False when there is none (the
    command line syncs on demand with `cloud sync`)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    if sync.runner is not None and not sync.runner.done() and sync.runner.get_loop() is loop:
        return True
    sync.runner = loop.create_task(_follow(sync))
    return True


async def _follow(sync) -> None:
    from tui.controller.net.nats import LinkError
    from tui.controller.sync.engine import SyncEngine

    while sync.alive() and sync.paired:
        engine = None
        try:
            engine = await SyncEngine(sync).open()
            await engine.sync_all()
            await engine.follow()
        except asyncio.CancelledError:
            raise
        except (LinkError, OSError, asyncio.TimeoutError):
            sync._tell("offline")
        except Exception as exc:  # nats-py's own errors: noted, tried again
            if not sync.alive():
                return  # the app closed the database: its sync ends with it
            sync._tell("offline")
            sync.store_log("refused", f"sync stopped: {type(exc).__name__}")
        finally:
            if engine is not None:
                try:
                    await engine.close()
                except Exception:
                    pass
        await asyncio.sleep(RETRY_SECONDS)
