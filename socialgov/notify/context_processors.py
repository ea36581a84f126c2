from socialgov.notify.counts import Counts


def counts(request):
    """The header's counts (unread notices, posts waiting on the person), read
    only if the page shows them: one query each."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notify_counts": Counts(user)}
