"""Errors the controller raises: each carries a sentence a driver understands."""


from store.db import UserError

# Base: the message is shown to the driver as it is; nothing was changed. It is the store's
# UserError, so a database problem (disk full, locked) is caught wherever a CockpitError is.
CockpitError = UserError


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


class FileExists(NotAllowed):
    """A write would replace an existing file: ask first (the command line: --force)."""

    def __init__(self, message: str, path):
        super().__init__(message)
        self.path = path
