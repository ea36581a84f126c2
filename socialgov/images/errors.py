"""Why an image was refused, in words shown to the person as they are."""

from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from socialgov.images.formats import FORMATS
from socialgov.lib.errors import Refused


class ImageRefused(Refused):
    """An upload intake would not take; ``code`` names the case (for the
    caller's logic and the tests), the message says it to the person."""

    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code


def _count(value):
    return number_format(value, force_grouping=True)


def _megapixels(pixels):
    # One decimal at most (50, 12.5); small figures keep enough not to read 0.
    value = pixels / 1_000_000
    return floatformat(value, -1 if value >= 0.1 else -3)


def _accepted():
    names = [label for _pillow, _type, _ext, label in FORMATS.values()]
    return _("%(names)s or %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def too_large(size, limit):
    return ImageRefused(
        _("This file is %(size)s; an image may be at most %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def empty():
    return ImageRefused(_("This file is empty."), code="empty")


def not_accepted():
    return ImageRefused(
        _("This file is not an image we accept. Upload a %(formats)s image.")
        % {"formats": _accepted()},
        code="not_accepted",
    )


def too_many_pixels(width, height, limit):
    return ImageRefused(
        _("This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
          "an image may have at most %(limit)s megapixels.")
        % {"width": _count(width), "height": _count(height),
           "megapixels": _megapixels(width * height), "limit": _megapixels(limit)},
        code="too_many_pixels",
    )


def too_many_frames(frames, limit):
    return ImageRefused(
        _("This animation has %(frames)s frames; an animation may have at most %(limit)s.")
        % {"frames": _count(frames), "limit": _count(limit)},
        code="too_many_frames",
    )


def animation_too_large(frames, width, height, limit):
    return ImageRefused(
        _("This animation has %(frames)s frames of %(width)s × %(height)s pixels "
          "(%(megapixels)s megapixels in all); an animation may have at most "
          "%(limit)s megapixels in all.")
        % {"frames": _count(frames), "width": _count(width), "height": _count(height),
           "megapixels": _megapixels(frames * width * height), "limit": _megapixels(limit)},
        code="animation_too_large",
    )


def damaged(kind):
    return ImageRefused(
        _("This %(format)s image is damaged or incomplete: it cannot be read.")
        % {"format": FORMATS[kind][3]},
        code="damaged",
    )
