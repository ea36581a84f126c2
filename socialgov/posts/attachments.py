"""A version's images: which accepted images (socialgov.images), in which order,
each with its alt text. Like the variants, they are part of what a version
snapshots and its content hash covers: adding, removing or reordering an image,
or changing an alt text, makes a new version.

The editor sends them as repeated ``image`` fields (the images' ids, in order)
and one ``image-alt-<id>`` field per image.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from socialgov.checks.base import ImageInput
from socialgov.images.models import ImageFile
from socialgov.posts.previews import PreviewImage

# More than any network takes (socialgov/checks/media.py): a version may carry
# images some of its networks refuse, and the check says so.
MAX_IMAGES = 20
MAX_ALT = 1500


def normalized(specs) -> list[dict]:
    """Images as ``{"image", "alt"}`` dicts in their order, each image once, alt
    texts with their line breaks made plain and stripped."""
    out, seen = [], set()
    for spec in specs or ():
        image = int(spec["image"])
        if image in seen:
            continue
        seen.add(image)
        out.append({"image": image, "alt": clean_alt(spec.get("alt", ""))})
    return out


def clean_alt(value):
    return " ".join((value or "").replace("\x00", "").split())


def from_data(data, brand):
    """The images an editor form sends, checked against the brand's images:
    ``(specs, rows, errors)``. ``rows`` are what the editor shows again (with the
    images), ``errors`` messages for the person."""
    ids, errors = [], []
    for value in data.getlist("image") if hasattr(data, "getlist") else data.get("image", []):
        if str(value).isdigit() and int(value) not in ids:
            ids.append(int(value))
    if len(ids) > MAX_IMAGES:
        errors.append(_("A post carries at most %(count)d images.") % {"count": MAX_IMAGES})
        ids = ids[:MAX_IMAGES]
    found = {i.pk: i for i in ImageFile.objects.filter(pk__in=ids, brand=brand)} if brand else {}
    specs, rows = [], []
    for image_id in ids:
        image = found.get(image_id)
        if image is None:
            errors.append(_("An image is no longer available: add it again."))
            continue
        alt = data.get(f"image-alt-{image_id}", "")
        if len(alt) > MAX_ALT:
            errors.append(_("Write an alt text of at most %(count)d characters.")
                          % {"count": MAX_ALT})
            alt = alt[:MAX_ALT]
        specs.append({"image": image_id, "alt": clean_alt(alt)})
        rows.append(Row(image, alt))
    return specs, rows, errors


class Row:
    """One image as the editor shows it: the image and its alt text as typed."""

    def __init__(self, image, alt):
        self.image = image
        self.alt = alt

    @property
    def field_name(self):
        return f"image-alt-{self.image.pk}"


def engine_images(rows):
    """The images as the check reads them: their figures and alt texts, in order."""
    return tuple(
        ImageInput(position=n, width=r.image.width, height=r.image.height,
                   format=r.image.format, size=r.image.bytes, alt=clean_alt(r.alt),
                   frames=r.image.frames)
        for n, r in enumerate(rows))


def previews_of(rows):
    """The images as the preview cards show them: thumbnails, in order."""
    return [PreviewImage(url=reverse("images:thumbnail", args=[r.image.pk]),
                         alt=clean_alt(r.alt), width=r.image.width, height=r.image.height)
            for r in rows]


def rows_of(version):
    return [Row(v.image, v.alt) for v in version.images.select_related("image")]


def shown_images(version_images):
    """A version's images (VersionImage, their image loaded) as rows."""
    return [Row(v.image, v.alt) for v in version_images]
