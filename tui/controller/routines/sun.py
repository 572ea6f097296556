"""Sunrise and sunset at a place (the sunrise equation), and whether it is dark there now: the
routines' "after dark" condition."""

from __future__ import annotations

from datetime import datetime, timedelta


def sun_times(day, latitude: float, longitude: float):
    """Sunrise and sunset (UTC datetimes) at a place on a day, by the sunrise equation (within a
    minute or two); (None, None) in polar night, ("up", "up") under the midnight sun."""
    import math
    from datetime import timezone

    jd_noon = day.toordinal() + 1721425.0
    n = round(jd_noon - 2451545.0 + 0.0008)
    j_star = n - longitude / 360.0
    m = (357.5291 + 0.98560028 * j_star) % 360
    mr = math.radians(m)
    c = 1.9148 * math.sin(mr) + 0.02 * math.sin(2 * mr) + 0.0003 * math.sin(3 * mr)
    lam = math.radians((m + c + 180 + 102.9372) % 360)
    transit = 2451545.0 + j_star + 0.0053 * math.sin(mr) - 0.0069 * math.sin(2 * lam)
    sin_d = math.sin(lam) * math.sin(math.radians(23.4397))
    cos_d = math.cos(math.asin(sin_d))
    phi = math.radians(latitude)
    cos_w = (math.sin(math.radians(-0.833)) - math.sin(phi) * sin_d) / (math.cos(phi) * cos_d)
    if cos_w > 1:
        return None, None
    if cos_w < -1:
        return "up", "up"
    w = math.degrees(math.acos(cos_w)) / 360.0

    def when(jd: float):
        return datetime.fromtimestamp((jd - 2440587.5) * 86400.0, timezone.utc)

    return when(transit - w), when(transit + w)


def is_dark(now: datetime, latitude: float, longitude: float) -> tuple[bool, datetime | None]:
    """Whether the sun is down at the place now, and the next sunset or sunrise."""
    from datetime import timezone

    utc = now.astimezone(timezone.utc)
    nxt = None
    for offset in (-1, 0, 1):
        rise, sset = sun_times((utc + timedelta(days=offset)).date(), latitude, longitude)
        if rise == "up":
            return False, None
        if rise is None:
            continue
        if rise <= utc <= sset:
            return False, sset
        if utc < rise and (nxt is None or rise < nxt):
            nxt = rise
    return True, nxt
