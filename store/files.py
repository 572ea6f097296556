"""Files the person asks for (a profile export, a settlement CSV): written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from store.db import StoreError


def shown(path: Path) -> str:
    """A path short enough for a message (its end, which names the file)."""
    text = str(path)
    return text if len(text) <= 60 else "…" + text[-59:]


def write_text_atomic(target: Path, text: str) -> Path:
    """Write beside the target, flush to disk, rename over it. A device, a pipe or a socket is
    refused: renaming over it would put a plain file in its place (as root, over /dev/null).
    Any failure leaves no temporary file behind and raises StoreError with the reason."""
    try:
        if (target.exists() or target.is_symlink()) and not target.is_file():
            raise StoreError(f"{shown(target)} is not a plain file; choose a file name or a folder.")
    except OSError as exc:  # a name too long for the file system, a folder we may not read
        raise StoreError(f"Cannot write a file there: {exc.strerror or exc}.") from None
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise StoreError(f"Could not write {shown(target)}: {exc.strerror or exc}.") from None
    return target
