"""Who reacts to what: subscribers registered by their apps in `AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass

from palantrix.models import OutboxMessage

Handler = Callable[[OutboxMessage], None]


@dataclass(frozen=True)
class Subscriber:
    """`name` is what the outbox row records once the handler ran: keep it stable."""

    name: str
    handler: Handler


_subscribers: dict[str, dict[str, Subscriber]] = {}


def subscribe(topic: str, handler: Handler, *, name: str) -> None:
    """Run `handler(message)` after commit for every message on `topic`. Registering the same
    name for a topic again replaces it (ready() may run more than once in tests)."""
    _subscribers.setdefault(topic, {})[name] = Subscriber(name, handler)


def subscribers(topic: str) -> tuple[Subscriber, ...]:
    return tuple(_subscribers.get(topic, {}).values())


def topics() -> tuple[str, ...]:
    return tuple(topic for topic, found in _subscribers.items() if found)
