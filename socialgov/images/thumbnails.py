"""Thumbnails: a WebP of at most IMAGES_THUMBNAIL_SIZE px on its longer side,
of the first frame, made from the stored (already re-encoded) image.

``request`` asks for one once the transaction that recorded the image
commits: with REDIS_URL, as an RQ job on IMAGES_QUEUE (never in the request);
without it, in-process at commit (the embedded mode). ``make`` is the job,
safe to run twice, even at once. ``manage.py make_thumbnails`` makes those a
lost job left missing.
"""

import io
import logging
import uuid
from functools import lru_cache, partial

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image
from rq import Queue, Retry

from socialgov.images.formats import FORMATS
from socialgov.images.models import ImageFile

logger = logging.getLogger(__name__)

WEBP_QUALITY = 80
RETRY_INTERVALS = [10, 60]


def request(image):
    """Have the image's thumbnail made once the current transaction commits."""
    transaction.on_commit(partial(_after_commit, image.pk))


def _after_commit(image_id):
    if settings.REDIS_URL:
        try:
            _queue().enqueue(
                make, image_id,
                job_timeout=settings.IMAGES_JOB_TIMEOUT,
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                result_ttl=3600,
                failure_ttl=7 * 24 * 3600,
            )
        except redis.exceptions.RedisError:
            # The image stands without its thumbnail until `make_thumbnails`.
            logger.warning("could not enqueue the thumbnail of image %s", image_id,
                           exc_info=True)
        return
    try:
        make(image_id)
    except Exception:
        # The upload succeeded; the thumbnail is missing until `make_thumbnails`.
        logger.exception("could not make the thumbnail of image %s", image_id)


@lru_cache(maxsize=4)
def _connection(url):
    # Short timeouts: an upload must not hang because Redis is away.
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def _queue():
    return Queue(settings.IMAGES_QUEUE, connection=_connection(settings.REDIS_URL))


def make(image_id):
    """Make and record the thumbnail of an image that has none; returns the
    thumbnail's stored name (empty when the image is gone)."""
    image = ImageFile.objects.filter(pk=image_id).first()
    if image is None:
        return ""
    if image.thumbnail:
        return image.thumbnail.name
    data = render(image)
    storage = image.thumbnail.storage
    key = uuid.uuid4().hex
    name = storage.save(f"images/thumbnails/{key[:2]}/{key}.webp", ContentFile(data))
    if not image.set_thumbnail(name):
        storage.delete(name)  # another run recorded its own first
        image.refresh_from_db(fields=["thumbnail"])
    return image.thumbnail.name


def render(image):
    """The thumbnail's WebP bytes, from the stored image."""
    size = settings.IMAGES_THUMBNAIL_SIZE
    with image.file.open("rb") as handle, Image.open(
        handle, formats=[FORMATS[image.format][0]]
    ) as source:
        # A JPEG decodes straight at a fraction of its size (the nearest at
        # least twice the thumbnail's, which the resampling below needs).
        source.draft(None, (2 * size, 2 * size))
        frame = _rgb(source)
        frame.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    frame.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def _rgb(image):
    # Palette images would be resized by nearest neighbour, 16-bit grey would
    # be clipped to white: both go to 8-bit RGB(A) first.
    if image.mode in ("RGB", "RGBA"):
        return image.copy()
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("RGB")
    return image.convert("RGBA" if image.has_transparency_data else "RGB")
