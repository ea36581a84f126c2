from socialgov.lib.errors import Refused


class TransitionError(Refused):
    """A move the post's state, the approval path or the form's content does not
    allow now; the message is shown to the person as it is."""


class InvalidValue(TransitionError):
    """A value the person gave is not valid: said with the name of its field, so a
    program (the API) can point at it."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field
