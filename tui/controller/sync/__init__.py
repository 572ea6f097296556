"""Profiles that roam between cars (``controller.sync``): offline-first, over NATS JetStream.

- `clock`: the hybrid logical clock that orders edits made on different cars.
- `merge`: per-setting merge of what arrived with what this car knows and has not sent.
- `consent`: what a driver agreed to let roam (groups of settings).
- `crypto`: account keys derived on the car, AES-GCM sealing bound to account, profile and key.
- `outbox`: edits captured in the change's own transaction (a write hook), and `reconcile`.
- `arrival`: opening, checking, merging and adapting what arrives; the document that leaves.
- `service`: `Sync`, the domain: account, consent, conflicts, status, log.
- `engine`: the network side (asyncio, tui/controller/net/nats.py); `runner`: it, in the app.

Importing this package loads neither nats-py nor cryptography.
"""

from tui.controller.sync.service import INDICATOR, Sync, SyncChanged, SyncStatus

__all__ = ["Sync", "SyncChanged", "SyncStatus", "INDICATOR"]
