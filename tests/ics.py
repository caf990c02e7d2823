"""A small iCalendar (RFC 5545) reader for tests: unfolds lines, splits parameters and
unescapes text, and refuses what a calendar client would choke on."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Property:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    properties: list[Property] = field(default_factory=list)
    children: list["Component"] = field(default_factory=list)

    def get(self, name: str) -> Property:
        (found,) = [p for p in self.properties if p.name == name]
        return found

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse_utc(value: str) -> datetime:
    assert value.endswith("Z"), f"{value} is not a UTC time"
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def parse(text: str) -> Component:
    assert text.endswith("\r\n"), "content lines end in CRLF"
    raw = text[:-2].split("\r\n")
    for line in raw:
        assert len(line.encode()) <= 75, f"line longer than 75 octets: {line!r}"
        assert "\n" not in line, "bare line break"
        assert "\r" not in line, "bare carriage return"
    lines: list[str] = []
    for line in raw:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack = [Component("ROOT")]
    for line in lines:
        head, value = _split(line)
        name, *params = _split_params(head)
        parameters = dict(param.split("=", 1) for param in params)
        parameters = {k.upper(): v.strip('"') for k, v in parameters.items()}
        if name == "BEGIN":
            child = Component(value)
            stack[-1].children.append(child)
            stack.append(child)
        elif name == "END":
            assert stack.pop().name == value, f"END:{value} does not close the open component"
        else:
            stack[-1].properties.append(Property(name.upper(), parameters, value))
    assert len(stack) == 1, "unclosed component"
    (calendar,) = stack[0].children
    return calendar


def _split(line: str) -> tuple[str, str]:
    """Name and parameters before the first colon outside quotes; the value after it."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1 :]
    raise AssertionError(f"no value in {line!r}")


def _split_params(head: str) -> list[str]:
    parts, current, quoted = [], "", False
    for char in head:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts
