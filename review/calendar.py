"""Calendar invitations (RFC 5545 iCalendar, with the RFC 5546 methods REQUEST and CANCEL).

`icalendar` writes the file: it escapes text values (backslash, semicolon, comma, newline),
quotes parameter values that need it, ends content lines in CRLF and folds them at 75
octets without splitting a UTF-8 character. Kept here, because icalendar passes them
through: the control characters RFC 5545 forbids in a value are dropped (calendar clients
refuse the file otherwise), a parameter value loses the double quotes and tabs a quoted
value may not hold, and every time is written in UTC. A reschedule keeps the UID and raises
SEQUENCE, so calendars update the event instead of adding a second one.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

PRODID = "-//Palantrix//Live interview//EN"


def _no_controls(value: str) -> str:
    """Without the control characters RFC 5545 forbids in a value (all but tab); a line
    break of any kind becomes one newline, which icalendar writes as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\t\n" or (ord(ch) >= 0x20 and ch != "\x7f"))


def _text(value: str) -> icalendar.vText:
    return icalendar.vText(_no_controls(value))


def _param(value: str) -> str:
    """A parameter value, without the characters a quoted value may not hold."""
    return "".join(ch for ch in _no_controls(value) if ch not in '"\t\n')


def _address(email: str, *, name: str, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    address.params.update(params)
    address.params["CN"] = _param(name)
    return address


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
    vevent = icalendar.Event()
    vevent.add("uid", _text(event.uid))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(UTC))
    vevent.add("dtend", event.end.astimezone(UTC))
    vevent.add("summary", _text(event.summary))
    vevent.add("description", _text(event.description))
    vevent.add("location", _text(event.location))
    vevent.add("organizer", _address(event.organizer_email, name=event.organizer_name))
    if not uninvite:
        vevent.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    if event.url:
        vevent.add("url", event.url)
    for address in event.attendees:
        vevent.add(
            "attendee",
            _address(
                address,
                name=address,
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="TRUE",
            ),
        )
    document = icalendar.Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", method)
    document.add_component(vevent)
    return document.to_ical().decode()
