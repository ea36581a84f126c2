"""The notification jobs, run once the event's transaction has committed.

``on_committed`` hears every event (socialgov/audit: ``signals.committed``) and
hands those that tell someone to ``deliver``. As the check pipeline and the
thumbnails do, with REDIS_URL that is an RQ job on NOTIFY_QUEUE, run by the
worker (through RQ's synchronous mode when CHECKS_ASYNC is off); without it,
in-process right after the commit (the embedded mode). A change rolled back
has no committed event: nobody is told of it.

``deliver`` writes the notices of one event and e-mails those whose channel
is "e-mail at once"; ``send_digest`` e-mails one person's daily digest. Both
are safe to run twice, even at once: one notice per event and person (a
unique constraint), and every e-mail is claimed (``emailed_at``) in a
transaction before it is sent. Their queries do not grow with the number of
recipients.
"""

import logging

import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from rq import Queue, Retry

from socialgov.accounts.models import Membership
from socialgov.audit.models import AuditEvent
from socialgov.notify import emails
from socialgov.notify.kinds import Channel
from socialgov.notify.models import Notice, NoticeSettings, channels_of
from socialgov.notify.present import present
from socialgov.notify.recipients import concerns_anyone, recipients, url_for
from socialgov.posts import pipeline

logger = logging.getLogger(__name__)

RETRY_INTERVALS = [10, 60]


def on_committed(sender, event, **kwargs):
    if concerns_anyone(event.action):
        run(deliver, event.pk)


def run(job, *args):
    """Run ``job`` in the worker when there is one, else here and now; never raise."""
    if settings.REDIS_URL:
        try:
            _queue().enqueue(job, *args, job_timeout=settings.NOTIFY_JOB_TIMEOUT,
                             retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                             result_ttl=3600, failure_ttl=7 * 24 * 3600)
            return
        except redis.exceptions.RedisError:
            # Redis is away: tell people from here rather than not at all.
            logger.warning("could not enqueue %s%s; running it in-process", job.__name__, args,
                           exc_info=True)
    try:
        job(*args)
    except Exception:
        logger.exception("notification job %s%s failed", job.__name__, args)


def _queue():
    return Queue(settings.NOTIFY_QUEUE, connection=pipeline.redis_connection(),
                 is_async=settings.CHECKS_ASYNC)


def _delivery(channel, email):
    """Without an e-mail address a notice stays in the app."""
    return channel if email or channel == Channel.IN_APP else Channel.IN_APP


def settings_of(user_ids, brand):
    """{user id: NoticeSettings}: a person never seen before gets a row with the
    brand's language and time zone until they choose (at login, on the header's
    language switch, or on their notification settings)."""
    found = {row.user_id: row for row in NoticeSettings.objects.filter(user_id__in=user_ids)}
    missing = [NoticeSettings(user_id=user_id, language=brand.default_language,
                              time_zone=brand.time_zone)
               for user_id in user_ids if user_id not in found]
    if missing:
        NoticeSettings.objects.bulk_create(missing, ignore_conflicts=True)
        found.update((row.user_id, row) for row in missing)
    return found


def deliver(event_id):
    """Tell the people ``event`` concerns: a notice each, and an e-mail to those
    who want it at once. Returns how many notices the event has."""
    event = (AuditEvent.objects.select_related("brand", "post__current_version")
             .filter(pk=event_id).first())
    if event is None or event.brand_id is None:
        return 0
    found = recipients(event)
    if not found:
        return 0
    user_ids = [member.user_id for member in found]
    channels = channels_of(user_ids, {member.kind for member in found})
    people = settings_of(user_ids, event.brand)
    by_user = {}
    for member in found:
        by_user[member.user_id] = (member, Notice(
            recipient_id=member.user_id, event=event, kind=member.kind, brand=event.brand,
            post=event.post, url=url_for(event, member),
            delivery=_delivery(channels[(member.user_id, member.kind)], member.email)))
    with transaction.atomic():
        Notice.objects.bulk_create([notice for _member, notice in by_user.values()],
                                   ignore_conflicts=True)
        # Under the rows' locks: the e-mails this run sends, and no other run.
        to_email = Notice.objects.filter(event=event, recipient_id__in=user_ids,
                                         delivery=Channel.EMAIL, emailed_at__isnull=True)
        claimed = list(to_email.select_for_update().values_list("pk", "recipient_id"))
        if claimed:
            to_email.update(emailed_at=timezone.now())
    by_language = {}
    for pk, user_id in claimed:
        member, notice = by_user[user_id]
        notice.pk = pk
        by_language.setdefault(people[user_id].language, []).append((member, notice))
    messages = []
    for language, pairs in by_language.items():
        told = present([notice for _member, notice in pairs], language)
        messages.extend(emails.notice_email(item, member.email, language)
                        for (member, _notice), item in zip(pairs, told, strict=True))
    emails.send(messages)
    return len(found)


def send_digest(user_id, day):
    """E-mail one person's daily digest (claimed for ``day`` by digest.send_due):
    the notices waiting for it that they have not read in the app, of the brands
    they are still an active member of. Returns how many it holds."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    with transaction.atomic():
        pending = Notice.objects.filter(recipient_id=user_id, delivery=Channel.DIGEST,
                                        emailed_at__isnull=True)
        waiting = list(pending.select_for_update().values_list("pk", flat=True))
        if not waiting:
            return 0
        pending.update(emailed_at=timezone.now())
    brands = Membership.objects.active().filter(user_id=user_id).values("brand_id")
    notices = list(Notice.objects.filter(pk__in=waiting, read_at__isnull=True, brand_id__in=brands)
                   .select_related("event", "brand", "post__current_version")
                   .order_by("created_at", "pk"))
    if not notices or not user.email:
        return 0
    language = settings_of([user_id], notices[0].brand)[user_id].language
    emails.send([emails.digest_email(present(notices, language), user.email, language, day)])
    return len(notices)
