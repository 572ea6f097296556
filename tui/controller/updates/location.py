"""Where the car reads its update repositories from: a folder (a copy on the car, a USB stick, a
mounted share) or a web server (http:// or https://) serving that same folder's layout
(image/metadata, image/targets, director/metadata). Either way nothing is trusted for where it
comes from: every file is checked against the signed metadata (trust.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tui.controller.errors import InvalidValue

SCHEMES = ("http", "https")


def is_url(source) -> bool:
    return isinstance(source, str) and source.split("://", 1)[0].lower() in SCHEMES and "://" in source


def check_url(text: str) -> str:
    """A repository URL as kept: http(s), a host, no query, fragment or credentials; no trailing /."""
    text = str(text).strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        raise InvalidValue(f"{text!r} is not a web address of an update repository.") from None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise InvalidValue(f"{text!r} is not a web address of an update repository (http://host:port/path).")
    if parts.query or parts.fragment or parts.username or parts.password or any(c.isspace() for c in text):
        raise InvalidValue(f"{text!r}: an update repository's address has no query, fragment, spaces or password.")
    del port
    return text.rstrip("/")


def join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(p.strip("/") for p in parts)])


HTTP_TIMEOUT_S = 10


def read_range(base: str, path: str, offset: int, size: int) -> bytes:
    """`size` bytes at `offset` of the file `path` under the URL `base`, with an HTTP Range request
    (urllib3, as tuf's fetcher); a server that ignores ranges answers the whole file, cut here.
    Raises ConnectionError (an OSError) with the reason when the server can't give it."""
    import urllib3

    url = join(base, path)
    try:
        response = urllib3.request("GET", url, headers={"Range": f"bytes={offset}-{offset + max(size, 1) - 1}"},
                                   timeout=urllib3.Timeout(HTTP_TIMEOUT_S), retries=urllib3.Retry(2, redirect=0))
    except urllib3.exceptions.HTTPError as exc:
        raise ConnectionError(f"the update server could not be reached: {type(exc).__name__}") from None
    if response.status == 206:
        return response.data[:size]
    if response.status == 200:
        return response.data[offset:offset + size]
    if response.status == 416:  # asked from the end of the file: nothing more
        return b""
    raise ConnectionError(f"the update server answered {response.status} for {path}")


__all__ = ["is_url", "check_url", "join", "read_range", "SCHEMES"]
