"""What the posts do when the brand or its team changes.

Other apps record their events (socialgov/audit/events.py) and know nothing
of posts; this module hears them inside the same transaction, so the change
and its effect on posts commit together:

* crisis mode started: the brand's approved posts are paused; ended: they
  are checked again and go back to review;
* the brand's rules, packs, clock, calendar or watch words changed: its live
  posts are re-checked;
* its people changed (roles, review groups, deactivation, absence): who can
  decide each open review round is worked out again, so a deactivated member
  leaves every step and queue of the brand at once; an erased person
  (socialgov/accounts/erasure.py) leaves those of every brand they were in.
"""

from django.dispatch import receiver

from socialgov.audit import signals
from socialgov.audit.models import Action
from socialgov.brands.models import CHECKED_SETTINGS, Brand, CrisisPeriod
from socialgov.posts import approval, pipeline, system

RECHECKING = {Action.RULE_CREATED, Action.RULE_CHANGED, Action.RULE_DELETED,
              Action.RULES_IMPORTED, Action.RULES_RESTORED, Action.PACK_RULE_CHANGED,
              Action.CALENDAR_CHANGED}
PEOPLE = {Action.MEMBER_ADDED, Action.MEMBER_CHANGED, Action.MEMBER_REMOVED,
          Action.MEMBER_DEACTIVATED, Action.MEMBER_REACTIVATED, Action.INVITATION_ACCEPTED,
          Action.REVIEW_GROUP_CHANGED, Action.AWAY_SET, Action.AWAY_REMOVED}


def needs_recheck(event):
    if event.action in RECHECKING:
        return True
    if event.action == Action.WATCH_WORD_ADDED:
        return event.data.get("active", True)
    if event.action == Action.BRAND_CHANGED:
        return bool(CHECKED_SETTINGS & set(event.data.get("fields", ())))
    return False


@receiver(signals.recorded, dispatch_uid="posts.reactions")
def on_recorded(sender, event, **kwargs):
    if event.action == Action.PERSON_ERASED:
        # Erased people decide nothing more: their brands' open rounds wait on others.
        for brand in Brand.objects.filter(pk__in=event.data.get("brands", ())):
            approval.refresh(brand)
        return
    brand = event.brand
    if brand is None or event.post_id is not None:
        return
    if event.action == Action.CRISIS_STARTED:
        system.pause_approved(brand, CrisisPeriod.objects.get(pk=event.data["crisis"]),
                              event.actor)
    elif event.action == Action.CRISIS_ENDED:
        period = CrisisPeriod.objects.get(pk=event.data["crisis"])
        for post in system.resume_paused(brand, period, event.actor):
            pipeline.request_check(post)
    elif event.action in PEOPLE:
        approval.refresh(brand)
    elif needs_recheck(event):
        pipeline.start_recheck(brand, event.actor, event.data.get("subject", ""))
