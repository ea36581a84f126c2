"""Writing iCalendar (RFC 5545): the few rules a feed of events needs.

Lines end with CRLF and are folded at 75 octets (a continuation line starts
with one space and never splits a UTF-8 character, RFC 5545 §3.1); TEXT values
escape backslash, semicolon, comma and line breaks (§3.3.11) and lose the
control characters TEXT may not hold; date-times are written in UTC with the
``Z`` suffix (§3.3.5, form 2), so no VTIMEZONE is needed.

About 50 lines of ours instead of a dependency: the feed writes events only,
never reads a calendar, and this is all of the format it uses.
"""

import datetime
import re

LINE_OCTETS = 75
CRLF = "\r\n"
# TEXT may hold no control character but HTAB (§3.3.11); line breaks are escaped first.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value):
    """A TEXT property value: \\ ; , escaped and every line break as \\n."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", value.replace("\n", "\\n"))


def utc(moment):
    """A DATE-TIME in UTC: 20261203T193000Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line):
    """``line`` cut into lines of at most 75 octets, each continuation starting
    with a space, never inside a UTF-8 character."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            pieces.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return CRLF.join(pieces)


def content_line(name, value):
    """One property, folded. ``value`` is written as given: escape TEXT first."""
    return fold(f"{name}:{value}") + CRLF


def calendar(properties, events):
    """A VCALENDAR of ``properties`` and ``events``, each a list of (name, value)
    pairs whose values are already in their property's format."""
    lines = [("BEGIN", "VCALENDAR"), *properties]
    for event in events:
        lines += [("BEGIN", "VEVENT"), *event, ("END", "VEVENT")]
    lines.append(("END", "VCALENDAR"))
    return "".join(content_line(name, value) for name, value in lines)
