"""Calendar files as a strict calendar client reads them: `icalendar` parses them, after
the checks such a client makes on the raw text (CRLF line ends, content lines of at most
75 octets, no bare line breaks), which icalendar's lenient parser would let through."""

from datetime import UTC, datetime

import icalendar


def parse(text: str) -> icalendar.Calendar:
    assert text.endswith("\r\n"), "content lines end in CRLF"
    for line in text[:-2].split("\r\n"):
        assert len(line.encode()) <= 75, f"line longer than 75 octets: {line!r}"
        assert "\n" not in line, "bare line break"
        assert "\r" not in line, "bare carriage return"
    return icalendar.Calendar.from_ical(text)


def event(calendar: icalendar.Calendar) -> icalendar.Event:
    """The calendar's one event."""
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def utc(component: icalendar.cal.Component, name: str) -> datetime:
    """A date-time property, which must be written in UTC (ending in Z)."""
    value = component[name]
    assert value.to_ical().endswith(b"Z"), f"{name} is not a UTC time"
    assert value.dt.tzinfo is not None
    return value.dt.astimezone(UTC)


def addresses(component: icalendar.cal.Component, name: str) -> list[icalendar.vCalAddress]:
    """Every value of a property that may repeat (ATTENDEE), in order."""
    values = component.get(name, [])
    return list(values) if isinstance(values, list) else [values]
