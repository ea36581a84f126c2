from socialgov.lib.errors import Refused


class TransitionError(Refused):
    """A move the post's state, the approval path or the form's content does not
    allow now; the message is shown to the person as it is."""
