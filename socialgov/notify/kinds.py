"""The kinds of notice a person can get, the channels that carry them, and
what each kind goes by when a person has not chosen.

A notice is always in the app; its channel says whether it is also e-mailed
at once, gathered into the person's daily digest, or neither.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("A post waits on a step you can decide")
    REMINDER = "reminder", _("A reminder that a step still waits on you")
    SENT_BACK = "sent_back", _("The check sent your post back")
    DECISION = "decision", _("A decision on your post: approved, rejected, changes requested")
    WAIVER_ASKED = "waiver_asked", _("Someone asks for a waiver")
    WAIVER_GRANTED = "waiver_granted", _("A waiver is granted on your post")
    PULLED_BACK = "pulled_back", _("A post is pulled back by a watch word or a re-check")
    EXPIRING = "expiring", _("A post is about to expire")
    MENTION = "mention", _("Someone mentions you in a comment")
    COMMENT = "comment", _("A comment or a reply on your post or thread")
    CRISIS = "crisis", _("Crisis mode starts or ends")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app only")
    EMAIL = "email", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")


# What needs someone to act now is e-mailed at once; the rest waits for the digest.
DEFAULT_CHANNELS = {
    Kind.SUBMITTED: Channel.EMAIL,
    Kind.REMINDER: Channel.EMAIL,
    Kind.SENT_BACK: Channel.EMAIL,
    Kind.DECISION: Channel.EMAIL,
    Kind.WAIVER_ASKED: Channel.EMAIL,
    Kind.WAIVER_GRANTED: Channel.DIGEST,
    Kind.PULLED_BACK: Channel.EMAIL,
    Kind.EXPIRING: Channel.EMAIL,
    Kind.MENTION: Channel.EMAIL,
    Kind.COMMENT: Channel.DIGEST,
    Kind.CRISIS: Channel.EMAIL,
}

# One event tells a person one thing: when it concerns them in two ways (a
# brand admin asked for a waiver who can also decide the post; a post's author
# mentioned in a comment on it), the kind listed first here is the one.
PRECEDENCE = [Kind.WAIVER_ASKED, Kind.MENTION, Kind.DECISION, Kind.SENT_BACK,
              Kind.PULLED_BACK, Kind.WAIVER_GRANTED, Kind.SUBMITTED, Kind.REMINDER,
              Kind.EXPIRING, Kind.COMMENT, Kind.CRISIS]
RANK = {kind: rank for rank, kind in enumerate(PRECEDENCE)}
