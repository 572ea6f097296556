"""Business rules in plain Python. Never imports Textual or Rich (a test proves it)."""

from tui.controller.controller import DEMO_MODEL, CarInfo, Controller, Status
from tui.controller.errors import (
    CockpitError,
    InvalidValue,
    NotAllowed,
    NothingToUndo,
    NotOnThisCar,
    UnknownName,
)

__all__ = [
    "Controller", "CarInfo", "Status", "DEMO_MODEL", "CockpitError", "InvalidValue", "NotAllowed",
    "NothingToUndo", "NotOnThisCar", "UnknownName",
]
