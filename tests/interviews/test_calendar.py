"""Calendar invitations that calendar clients accept: RFC 5545 lines, escapes and times."""

from datetime import UTC, datetime, timedelta, timezone

from review import calendar
from tests import ics

START = datetime(2026, 12, 3, 15, 30, tzinfo=timezone(timedelta(hours=1)))


def event(**changes):
    fields = {
        "uid": "0b7c@palantrix",
        "sequence": 0,
        "start": START,
        "end": START + timedelta(minutes=45),
        "summary": "Live interview: Zoë Ångström (Support; Tier 2, EMEA)",
        "description": "Line one\nBrief: http://example.test/o/acme/brief/ — ünïcödé " * 3,
        "location": "Room 4, Floor 2; or https://meet.example.test/abc",
        "organizer_name": 'Ada "the lead" Lovelace',
        "organizer_email": "ada@acme.test",
        "attendees": ("lead@acme.test", "outside@partner.test"),
    }
    fields.update(changes)
    return calendar.Event(**fields)


def test_an_invitation_parses_with_utc_times_escaped_text_and_every_attendee():
    text = calendar.calendar(event(), stamp=datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    parsed = ics.parse(text)
    assert parsed.name == "VCALENDAR"
    assert parsed["METHOD"] == "REQUEST"
    assert parsed["VERSION"] == "2.0"
    vevent = ics.event(parsed)
    assert vevent["UID"] == "0b7c@palantrix"
    assert vevent["SEQUENCE"] == 0
    assert ics.utc(vevent, "DTSTAMP") == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    # 15:30 at UTC+1 is 14:30 UTC.
    assert ics.utc(vevent, "DTSTART") == datetime(2026, 12, 3, 14, 30, tzinfo=UTC)
    assert ics.utc(vevent, "DTEND") == datetime(2026, 12, 3, 15, 15, tzinfo=UTC)
    assert "(Support\\; Tier 2\\, EMEA)" in text.replace("\r\n ", "")  # escaped on the wire
    assert vevent["SUMMARY"] == event().summary
    assert vevent["DESCRIPTION"] == event().description
    assert vevent["LOCATION"] == event().location
    assert vevent["ORGANIZER"] == "mailto:ada@acme.test"
    assert vevent["ORGANIZER"].params["CN"] == "Ada the lead Lovelace"
    attendees = ics.addresses(vevent, "ATTENDEE")
    assert attendees == ["mailto:lead@acme.test", "mailto:outside@partner.test"]
    assert all(a.params["RSVP"] == "TRUE" for a in attendees)
    assert [a.params["CN"] for a in attendees] == ["lead@acme.test", "outside@partner.test"]


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    text = calendar.calendar(event(description="é" * 200))
    lines = text.split("\r\n")
    assert max(len(line.encode()) for line in lines) <= 75
    assert any(line.startswith(" é") for line in lines)
    text.encode().decode()  # every piece is valid UTF-8 on its own line too
    for line in lines:
        line.encode().decode()
    assert ics.event(ics.parse(text))["DESCRIPTION"] == "é" * 200


def test_a_cancellation_keeps_the_uid_and_says_cancel():
    parsed = ics.parse(calendar.calendar(event(sequence=2), method="CANCEL"))
    assert parsed["METHOD"] == "CANCEL"
    vevent = ics.event(parsed)
    assert (vevent["UID"], vevent["SEQUENCE"]) == ("0b7c@palantrix", 2)
    assert vevent["STATUS"] == "CANCELLED"


def test_uninviting_some_attendees_cancels_for_them_only():
    text = calendar.calendar(
        event(sequence=1, attendees=("outside@partner.test",)), method="CANCEL", uninvite=True
    )
    parsed = ics.parse(text)
    assert parsed["METHOD"] == "CANCEL"
    vevent = ics.event(parsed)
    assert ics.addresses(vevent, "ATTENDEE") == ["mailto:outside@partner.test"]
    assert "STATUS" not in vevent  # RFC 5546 3.2.5: the event itself goes on


def test_control_characters_never_reach_the_calendar():
    text = calendar.calendar(
        event(
            summary="Live interview: Ana\x00 Lima\x07 (Support\x1b[31m)\x7f",
            description="Line one\r\nLine\ttwo\x0bthree\x0c",
            location="Room\x08 4",
            organizer_name="Ada\x7f Lovelace\x01",
        )
    )
    body = text.replace("\r\n", "")
    assert [ch for ch in body if (ord(ch) < 0x20 and ch != "\t") or ch == "\x7f"] == []
    vevent = ics.event(ics.parse(text))
    assert vevent["SUMMARY"] == "Live interview: Ana Lima (Support[31m)"
    assert vevent["DESCRIPTION"] == "Line one\nLine\ttwothree"
    assert vevent["LOCATION"] == "Room 4"
    assert vevent["ORGANIZER"].params["CN"] == "Ada Lovelace"
