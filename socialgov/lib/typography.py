"""French typography as the OQLF sets it, for French text that does not come
from the catalogue: the check's messages (its rules, the packs, a brand's own
rules, typed by people who may not put the no-break spaces in).

A no-break space (U+00A0) before : ; ! ? and inside « ». A colon that is not
punctuation (https://, 14:30, an emoticon) is left alone: only a mark followed
by a space, a closing quote or the end of the text is punctuation.
"""

import re

NO_BREAK = "\u00a0"
NARROW_NO_BREAK = "\u202f"
_SPACE = f"[ {NO_BREAK}{NARROW_NO_BREAK}]?"
# A mark, or a run of them ("?!"), after a word and perhaps a space.
_HIGH = re.compile(rf"(?<=\S)({_SPACE})([;:!?]+)(?=$|\s|[»”’\"])")
_OPENING = re.compile(rf"«({_SPACE})")
_CLOSING = re.compile(rf"({_SPACE})»")


def _space(found):
    # A narrow no-break space already there is right too.
    return found if found == NARROW_NO_BREAK else NO_BREAK


def french(text):
    """``text`` with its no-break spaces where the OQLF puts them."""
    if not text:
        return text
    text = _HIGH.sub(lambda match: _space(match.group(1)) + match.group(2), text)
    text = _OPENING.sub(lambda match: "«" + _space(match.group(1)), text)
    return _CLOSING.sub(lambda match: _space(match.group(1)) + "»", text)


def in_language(text, language):
    """``text`` as a reader of ``language`` sees it."""
    return french(text) if language == "fr" else text
