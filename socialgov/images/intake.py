"""The one way an image comes in: ``accept`` checks an uploaded file, re-encodes
it, stores the result and records it.

In order, each step before anything costly: the declared size (nothing read
yet), the signature (the first bytes: JPEG, PNG, WebP or GIF, whatever the name
or the Content-Type say), the width and height the header declares (and a
GIF's frames), read by ``formats`` before Pillow sees the file; then Pillow,
restricted to that one format, decodes it and it is encoded afresh in the same
format. Re-encoding keeps only pixels: whatever followed the image data, EXIF
(GPS included), XMP, ICC profiles, comments and text chunks are left behind.
On a still image the EXIF orientation is applied first, and an RGB or CMYK
image whose ICC profile is not sRGB is converted to sRGB, then stored untagged
(the web's default); a grey or palette image keeps its values.

``accept`` works inside the caller's transaction: if that transaction rolls
back, the stored file stays without a row (Django has no rollback hook).
"""

import hashlib
import io
import logging
import struct
import uuid
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageCms, ImageOps, JpegImagePlugin

from socialgov.images import errors, formats, thumbnails
from socialgov.images.errors import ImageRefused
from socialgov.images.formats import FORMATS, GIF, JPEG, PNG, WEBP
from socialgov.images.models import ImageFile

__all__ = ["ImageRefused", "accept"]

logger = logging.getLogger(__name__)

READ_CHUNK = 1024 * 1024
# What Pillow raises on files it cannot make sense of.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error, zlib.error)
# A re-encoded JPEG keeps the original's quantisation tables (so neither a
# light photo is bloated nor a fine one degraded); this quality serves when
# they cannot be read.
JPEG_QUALITY = 90
WEBP_QUALITY = 90
# For lossless WebP, Pillow's "quality" is the compression effort.
WEBP_LOSSLESS_EFFORT = 80
# The modes each writer takes as they are; other modes are converted first.
KEPT_MODES = {
    JPEG: {"L", "RGB"},
    PNG: {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"},
    WEBP: {"RGB", "RGBA"},
    GIF: {"1", "L", "P"},
}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Encoded:
    data: bytes
    format: str
    width: int
    height: int
    frames: int


def accept(uploaded_file, *, brand, user):
    """Check, re-encode and store an uploaded image for ``brand``; raises
    ImageRefused (nothing stored) when the file is not one we take. The
    thumbnail is asked for once the surrounding transaction commits."""
    data = _read(uploaded_file)
    header = _check_header(data)
    encoded = _reencode(data, header)
    del data
    return _store(encoded, brand=brand, user=user)


def _read(uploaded_file):
    limit = settings.IMAGES_MAX_BYTES
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise errors.too_large(uploaded_file.size, limit)
    uploaded_file.seek(0)
    # At most one byte past the limit, whatever the declared size said.
    parts, left = [], limit + 1
    while left > 0:
        part = uploaded_file.read(min(READ_CHUNK, left))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    data = b"".join(parts)
    del parts
    if len(data) > limit:
        raise errors.too_large(len(data), limit)
    if not data:
        raise errors.empty()
    return data


def _check_header(data):
    kind = formats.sniff(data[:formats.HEAD_BYTES])
    if kind is None:
        raise errors.not_accepted()
    try:
        header = formats.read_header(data)
    except formats.Malformed as error:
        logger.info("image refused, bad %s header: %s", kind, error)
        raise errors.damaged(kind) from None
    if header.pixels > settings.IMAGES_MAX_PIXELS:
        raise errors.too_many_pixels(header.width, header.height, settings.IMAGES_MAX_PIXELS)
    if header.frames is not None:
        _check_frames(header.frames, header.width, header.height)
    return header


def _check_frames(frames, width, height):
    if frames > settings.IMAGES_MAX_FRAMES:
        raise errors.too_many_frames(frames, settings.IMAGES_MAX_FRAMES)
    if frames * width * height > settings.IMAGES_MAX_ANIMATION_PIXELS:
        raise errors.animation_too_large(
            frames, width, height, settings.IMAGES_MAX_ANIMATION_PIXELS)


def _reencode(data, header):
    kind = header.format
    limit = settings.IMAGES_MAX_PIXELS
    if limit > Image.MAX_IMAGE_PIXELS:
        # Our limit is the one checked (above, from the header); Pillow's must
        # not refuse or warn below it.
        Image.MAX_IMAGE_PIXELS = limit
    try:
        with Image.open(io.BytesIO(data), formats=[FORMATS[kind][0]]) as source:
            # Pillow's reading of the header must agree with ours.
            if source.width * source.height > limit:
                raise errors.too_many_pixels(source.width, source.height, limit)
            frames = getattr(source, "n_frames", 1) if kind in (GIF, WEBP) else 1
            if frames > 1:
                _check_frames(frames, source.width, source.height)
                return _animation(source, kind, data)
            return _still(source, kind, data)
    except ImageRefused:
        raise
    except Image.DecompressionBombError:
        raise errors.too_many_pixels(header.width, header.height, limit) from None
    except UNREADABLE as error:
        logger.info("image refused, unreadable %s: %r", kind, error)
        raise errors.damaged(kind) from None


def _still(source, kind, data):
    # A PNG's animation (APNG) is not kept: its first frame, the one any PNG
    # reader shows, is.
    source.load()
    options = _options(source, kind, data)
    icc = source.info.get("icc_profile")
    image = ImageOps.exif_transpose(source)
    source.close()  # frees the decoded pixels the transposed copy replaces
    image = _in_srgb(image, icc)
    image = _in_mode_for(image, kind)
    transparency = image.info.get("transparency")
    image.info = {}  # every writer reads some metadata from here: none is kept
    if transparency is not None and kind in (PNG, GIF) and image.mode in ("P", "L", "RGB"):
        options["transparency"] = transparency
    out = io.BytesIO()
    image.save(out, FORMATS[kind][0], **options)
    return Encoded(out.getvalue(), kind, image.width, image.height, 1)


def _animation(source, kind, data):
    # The writers read the frames from the source one by one. Neither the
    # orientation nor a colour profile is applied to an animation: GIF carries
    # neither, and in an animated WebP both are rare; none is written.
    options = _options(source, kind, data)
    if kind == WEBP:
        durations = []
        for index in range(source.n_frames):
            source.seek(index)
            source.load()  # WebP gives a frame's duration once it is decoded
            durations.append(source.info.get("duration", 0))
        options.update(duration=durations, loop=source.info.get("loop", 0))
    else:
        # The GIF writer takes the first frame's info as defaults: an empty
        # comment is the one it would otherwise copy.
        options.update(comment=b"")
    source.seek(0)
    out = io.BytesIO()
    source.save(out, FORMATS[kind][0], save_all=True, **options)
    encoded = out.getvalue()
    with Image.open(io.BytesIO(encoded), formats=[FORMATS[kind][0]]) as written:
        # The GIF writer merges identical frames: count what was written.
        return Encoded(encoded, kind, written.width, written.height,
                       getattr(written, "n_frames", 1))


def _options(source, kind, data):
    if kind == JPEG:
        # No Huffman optimisation: on a 12-megapixel photo it cost 100 ms more
        # (in the request) for 4 % fewer bytes.
        options = {}
        tables = getattr(source, "quantization", None) or {}
        if 0 < len(tables) <= 4 and all(len(t) == 64 for t in tables.values()):
            options["qtables"] = [list(tables[k]) for k in sorted(tables)]
            sampling = JpegImagePlugin.get_sampling(source)
            if sampling != -1:
                options["subsampling"] = sampling
        else:
            options["quality"] = JPEG_QUALITY
        return options
    if kind == WEBP:
        if formats.webp_is_lossless(data):
            return {"lossless": True, "quality": WEBP_LOSSLESS_EFFORT, "method": 4}
        return {"quality": WEBP_QUALITY, "method": 4}
    return {}  # PNG: zlib level 6, Pillow's default; GIF: the writer's own palette work


def _in_srgb(image, icc):
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        # Palette and grey images keep their pixels as they are.
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(profile).strip().startswith("sRGB"):
            return image
        return ImageCms.profileToProfile(
            image, profile, SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        # An unreadable profile: the pixels are kept as they are, as a browser
        # that ignores the profile would show them.
        logger.info("colour profile ignored: %r", error)
        return image


def _in_mode_for(image, kind):
    if image.mode in KEPT_MODES[kind]:
        return image
    if kind == JPEG:
        return image.convert("RGB")  # CMYK, when no profile converted it
    # Converted here while the image's info still says which colour is transparent.
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def _store(encoded, *, brand, user):
    storage = ImageFile._meta.get_field("file").storage
    name = storage.save(_generated_name(encoded.format), ContentFile(encoded.data))
    try:
        with transaction.atomic():
            image = ImageFile.objects.create(
                brand=brand,
                uploaded_by=user,
                file=name,
                format=encoded.format,
                width=encoded.width,
                height=encoded.height,
                bytes=len(encoded.data),
                frames=encoded.frames,
                sha256=hashlib.sha256(encoded.data).hexdigest(),
            )
            thumbnails.request(image)
    except BaseException:
        storage.delete(name)
        raise
    return image


def _generated_name(kind):
    # Nothing of the uploaded file's name: it may say more than it should,
    # and a name we make is one storage backends all accept.
    key = uuid.uuid4().hex
    return f"images/{key[:2]}/{key}.{FORMATS[kind][2]}"
