"""Errors the controller raises: each carries a sentence a driver understands."""


class CockpitError(Exception):
    """Base: the message is shown to the driver as it is; nothing was changed."""


class InvalidValue(CockpitError):
    """A value of the wrong type, out of range, or not one of the allowed choices."""


class UnknownName(CockpitError):
    """A signal, car, model, profile or other name that does not exist."""


class NotOnThisCar(CockpitError):
    """The current car does not have this feature."""


class NotAllowed(CockpitError):
    """Refused by a rule: read-only signal, while moving, valet mode, permissions, PIN."""


class NothingToUndo(CockpitError):
    pass
