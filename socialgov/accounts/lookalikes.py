"""Usernames that look like another one: ``mаnager`` (with a Cyrillic а) for ``manager``.

Two names look alike when their confusables skeletons are equal (Unicode Technical
Standard #39, section 4: NFD, each character replaced by its prototype, NFD again), with
the Unicode Consortium's confusables data (``confusables.txt`` beside this module). We
take it of the name in NFKC, as Django keeps usernames (fullwidth ｍ is m: TR39 leaves
such compatibility forms to NFKC), and then the skeleton of the case-folded skeleton, so
that names differing only in case, or in a capital that looks like another letter ("I"
and "l"), look alike too. (ICU's SpoofChecker computes the same skeleton, but PyICU
needs a compiler and the system's ICU, and its prebuilt wheels cover Linux on x86-64
only: the data and the three steps below run wherever Python does.)

A name is compared with every username there is: a team's accounts number in the
hundreds or thousands, and a name is chosen rarely (a sign-up, the admin,
``createsuperuser``), so no stored column is needed.
"""

import functools
import unicodedata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

# Says that a name like it is taken, never whose: no more than the choice needs.
LOOK_ALIKE = _("This username looks too much like one already in use: choose another.")


CONFUSABLES = Path(__file__).with_name("confusables.txt")


@functools.cache
def _prototypes():
    table = {}
    for line in CONFUSABLES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, prototype = line.split(";")
            table[int(source, 16)] = "".join(chr(int(point, 16)) for point in prototype.split())
    return table


def _tr39_skeleton(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", decomposed.translate(_prototypes()))


def skeleton(username: str) -> str:
    first = _tr39_skeleton(unicodedata.normalize("NFKC", username))
    return _tr39_skeleton(first.casefold())


def looks_like_another(username: str, *, but=None) -> bool:
    """Does ``username`` look like the username of an account other than ``but``?"""
    User = get_user_model()
    key = skeleton(username)
    others = User.objects.all() if but is None or but.pk is None else User.objects.exclude(
        pk=but.pk)
    names = others.values_list(User.USERNAME_FIELD, flat=True).iterator(chunk_size=2000)
    return any(skeleton(name) == key for name in names)
