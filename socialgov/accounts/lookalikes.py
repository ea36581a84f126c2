"""Usernames that look like another one: ``mаnager`` (with a Cyrillic а) for ``manager``.

Two names look alike when their confusables skeletons are equal (Unicode Technical
Standard #39, section 4). ICU's SpoofChecker computes the skeleton with the Unicode
Consortium's own confusables data. We take it of the name in NFKC, as Django keeps
usernames (fullwidth ｍ is m: TR39 leaves such compatibility forms to NFKC), and then
the skeleton of the case-folded skeleton, so that names differing only in case, or in a
capital that looks like another letter ("I" and "l"), look alike too.

A name is compared with every username there is: a team's accounts number in the
hundreds or thousands, and a name is chosen rarely (a sign-up, the admin,
``createsuperuser``), so no stored column is needed.
"""

import functools
import unicodedata

import icu
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

# Says that a name like it is taken, never whose: no more than the choice needs.
LOOK_ALIKE = _("This username looks too much like one already in use: choose another.")


@functools.cache
def _checker():
    # Only read once made: ICU allows one checker to serve every thread.
    return icu.SpoofChecker()


def skeleton(username: str) -> str:
    checker = _checker()
    # The checks argument is ignored by ICU since version 58 (all skeletons are one).
    first = checker.getSkeleton(0, unicodedata.normalize("NFKC", username))
    return checker.getSkeleton(0, first.casefold())


def looks_like_another(username: str, *, but=None) -> bool:
    """Does ``username`` look like the username of an account other than ``but``?"""
    User = get_user_model()
    key = skeleton(username)
    others = User.objects.all() if but is None or but.pk is None else User.objects.exclude(
        pk=but.pk)
    names = others.values_list(User.USERNAME_FIELD, flat=True).iterator(chunk_size=2000)
    return any(skeleton(name) == key for name in names)
