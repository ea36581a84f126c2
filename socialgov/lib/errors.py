"""The one exception a service raises to refuse what a person asked for."""


class Refused(Exception):
    """A move that is not allowed now; its message is shown to the person as it is.

    Each app names its own kind (``TransitionError`` for a post's moves,
    ``TeamError`` for a brand's team, ``CrisisError`` for crisis mode); pages
    catch this one.
    """


class ImmutableError(Exception):
    """A record that is kept as it was written (a version, an audit event) was
    asked to change or go."""
