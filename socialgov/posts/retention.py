"""Québec's Law 25: a brand keeps the posts that never went out no longer than it
decided (``Brand.retention_days``, on its settings page).

The scheduler (``run_scheduler``, through SETTINGS.SCHEDULED_TASKS) calls ``purge_due``
on each run. A post is purged when its last change (``updated_at``: a move, an edit, its
archiving) is older than the period and it is rejected or expired, or archived without
ever being published (a draft, a post sent back or whose changes were requested).
Published posts are kept, archived or not: they are what the brand said in public.

A brand is purged in one transaction, in batches, up to ``MAX_PER_RUN`` posts a run
(the rest goes at the next run), with everything that belongs to the posts: versions and
their texts and images, checks and findings, waivers, decisions, review rounds, comments,
notices, and the images' stored files once the transaction has committed. Audit events
stay; those that named a purged post or version no longer do (their foreign keys are
SET_NULL). One ``posts_purged`` event per brand and run says how many posts of each
state went, the period and the oldest and newest changes: never a post's text.

Two schedulers never purge a brand at once: the brand's row is locked with SKIP LOCKED,
so the second one leaves it to the first (a brand whose settings are being saved waits
for the next run); the posts are locked the same way, so a post someone holds (a restore
from the archive in progress) is left for the next run.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q

from socialgov.audit.events import record
from socialgov.brands.models import Brand
from socialgov.images.models import ImageFile
from socialgov.posts.models import (
    CheckJob,
    CheckRun,
    Comment,
    Decision,
    Finding,
    Post,
    PostVariant,
    PostVersion,
    ReviewRound,
    State,
    VersionImage,
)

logger = logging.getLogger(__name__)

# Purged whether archived or not: these posts will never go out.
ENDED_STATES = frozenset({State.REJECTED, State.EXPIRED})
# Purged once archived: drafts at rest that were never published.
ARCHIVED_UNPUBLISHED_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED,
                                         State.SENT_BACK, *ENDED_STATES})
BATCH_SIZE = 200
MAX_PER_RUN = 2000


def purge_due(now) -> int:
    """Purge every brand that has a retention period; returns how many posts went. A
    brand that fails is logged and left for the next run: the others go on."""
    purged = 0
    brand_ids = Brand.objects.filter(retention_days__isnull=False).values_list("pk", flat=True)
    for brand_id in list(brand_ids):
        try:
            purged += purge_brand(brand_id, now)
        except Exception:
            logger.exception("retention: purging the posts of brand %s failed", brand_id)
    return purged


def purgeable(brand, now):
    """The brand's posts past its retention period (none without a period)."""
    if brand.retention_days is None:
        return Post.objects.none()
    cutoff = now - timedelta(days=brand.retention_days)
    return Post.objects.filter(brand=brand, updated_at__lt=cutoff).filter(
        Q(state__in=ENDED_STATES)
        | Q(archived_at__isnull=False, state__in=ARCHIVED_UNPUBLISHED_STATES))


def purge_brand(brand_id, now, *, batch_size=BATCH_SIZE, limit=MAX_PER_RUN) -> int:
    """Purge one brand's posts past its period, at most ``limit`` of them, and record
    one ``posts_purged`` event if any went; returns how many went."""
    with transaction.atomic():
        brand = (Brand.objects.select_for_update(skip_locked=True, no_key=True)
                 .filter(pk=brand_id, retention_days__isnull=False).first())
        if brand is None:  # another scheduler is on it, or the period was removed
            return 0
        counts, archived, changes, images = Counter(), 0, [], set()
        while (done := sum(counts.values())) < limit:
            batch = list(
                purgeable(brand, now).order_by("updated_at", "pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", "state", "archived_at", "updated_at")[
                    :min(batch_size, limit - done)])
            if not batch:
                break
            images |= _delete_posts([pk for pk, _state, _archived, _changed in batch])
            for _pk, state, archived_at, changed in batch:
                counts[state] += 1
                archived += archived_at is not None
                changes.append(changed)
        if not counts:
            return 0
        _delete_unused_images(images)
        record("posts_purged", brand=brand, counts=dict(sorted(counts.items())),
               total=sum(counts.values()), archived=archived,
               retention_days=brand.retention_days,
               changed_before=(now - timedelta(days=brand.retention_days)).isoformat(),
               oldest_change=min(changes).isoformat(), newest_change=max(changes).isoformat())
    return sum(counts.values())


def _delete_posts(post_ids) -> set[int]:
    """Delete the posts and all that is theirs, children first (most of their links are
    PROTECT); returns the ids of the images their versions and comments showed."""
    posts = Post.objects.filter(pk__in=post_ids)
    versions = PostVersion.objects.filter(post_id__in=post_ids)
    images = set(VersionImage.objects.filter(version__post_id__in=post_ids)
                 .values_list("image_id", flat=True))
    images |= set(Comment.objects.filter(post_id__in=post_ids, image__isnull=False)
                  .values_list("image_id", flat=True))
    posts.update(current_version=None, current_check=None)
    # Links between rows that all go (a decision or round carried over from an earlier
    # version) are PROTECT: cut them first.
    Decision.objects.filter(post_id__in=post_ids, carried_from__isnull=False).update(
        carried_from=None)
    Decision.objects.filter(post_id__in=post_ids).delete()
    ReviewRound.objects.filter(post_id__in=post_ids).update(carried_from=None,
                                                            current_step=None)
    ReviewRound.objects.filter(post_id__in=post_ids).delete()
    Comment.objects.filter(post_id__in=post_ids).delete()
    CheckJob.objects.filter(post_id__in=post_ids).delete()
    Finding.objects.filter(version__in=versions).delete()
    CheckRun.objects.filter(version__in=versions).delete()
    VersionImage.objects.filter(version__in=versions).delete()
    PostVariant.objects.filter(version__in=versions).delete()
    versions.delete()
    # Publications, customer replies, notices, claims, presences, views and turns are
    # CASCADE; audit events and the posts duplicated from these are SET_NULL.
    posts.delete()
    return images


def _delete_unused_images(image_ids) -> None:
    """Delete the images that no version and no comment shows any more, and their files
    once the transaction has committed (a rollback keeps them)."""
    unused = (ImageFile.objects.filter(pk__in=image_ids)
              .exclude(pk__in=VersionImage.objects.values("image_id"))
              .exclude(pk__in=Comment.objects.filter(image__isnull=False).values("image_id")))
    names = [name for pair in unused.values_list("file", "thumbnail") for name in pair if name]
    unused.delete()
    storage = ImageFile._meta.get_field("file").storage
    for name in names:
        transaction.on_commit(partial(_delete_file, storage, name))


def _delete_file(storage, name) -> None:
    try:
        storage.delete(name)
    except OSError:
        # The row is gone: a file left behind is unreachable, and logged for cleaning.
        logger.warning("retention: could not delete the stored file %s", name, exc_info=True)
