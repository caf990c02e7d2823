"""Calendar invitations (RFC 5545 iCalendar, with the RFC 5546 methods REQUEST and CANCEL).

Plain Python: text values are escaped (backslash, semicolon, comma, newline), content
lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character, and
every time is UTC. A reschedule keeps the UID and raises SEQUENCE, so calendars update
the event instead of adding a second one.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Palantrix//Live interview//EN"
LINE_OCTETS = 75


def _no_controls(value: str) -> str:
    """Without the control characters RFC 5545 forbids in a value (all but tab)."""
    return "".join(ch for ch in value if ch == "\t" or (ord(ch) >= 0x20 and ch != "\x7f"))


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11); line breaks become \\n, other controls go."""
    return _no_controls(
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _param(value: str) -> str:
    """A parameter value: quoted, without the characters a quoted value may not hold."""
    cleaned = "".join(ch for ch in _no_controls(value) if ch not in '"\t')
    return f'"{cleaned}"'


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces; continuation lines start with a space."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str
    organizer_name: str
    organizer_email: str
    attendees: tuple[str, ...]
    url: str = ""


def calendar(
    event: Event,
    *,
    method: str = "REQUEST",
    stamp: datetime | None = None,
    uninvite: bool = False,
) -> str:
    """The whole VCALENDAR with one VEVENT; `method` is REQUEST or CANCEL. A CANCEL with
    `uninvite` removes only the event's attendees from it (RFC 5546 3.2.5: no STATUS)."""
    if method not in {"REQUEST", "CANCEL"}:
        raise ValueError("method is REQUEST or CANCEL")
    stamp = stamp or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(event.start)}",
        f"DTEND:{utc(event.end)}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"LOCATION:{escape_text(event.location)}",
        f"ORGANIZER;CN={_param(event.organizer_name)}:mailto:{event.organizer_email}",
    ]
    if not uninvite:
        lines.append(f"STATUS:{'CANCELLED' if method == 'CANCEL' else 'CONFIRMED'}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += [
        "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
        f"CN={_param(address)}:mailto:{address}"
        for address in event.attendees
    ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(f"{fold(line)}\r\n" for line in lines)
