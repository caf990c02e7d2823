"""Waiting for a state, never for a clock.

A test that waits for a worker, an email or a browser polls for the state it needs and
gives up only after a generous deadline, so its verdict does not depend on how busy the
machine is. (A test's worker may still be busy with the model work of an earlier test: an
email queued behind a transcription comes late, not never.) TEST_TIMEOUT_SCALE (default 1)
multiplies every deadline, for very slow machines.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from tests.environment import SCALE

T = TypeVar("T")


def seconds(base: float) -> float:
    """A deadline of `base` seconds on an ordinary machine, scaled for this one."""
    return base * SCALE


def wait_until(
    check: Callable[[], T], *, timeout: float = 120, what: str = "the expected state"
) -> T:
    """Poll `check` until it returns something true, and return that.

    Fails after `timeout` (scaled) seconds with a message naming `what` was awaited.
    """
    limit = seconds(timeout)
    deadline = time.monotonic() + limit
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(
                f"Waited {limit:.0f} s for {what}, in vain "
                f"(raise TEST_TIMEOUT_SCALE, now {SCALE:g}, on a very slow machine)."
            )
        time.sleep(0.2)
