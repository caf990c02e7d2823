"""The instructions for use that overseers acknowledge (EU AI Act Art. 13 and 26).
Change what they say, change the version: acknowledgements name the version read."""

from palantrix.models import Membership

INSTRUCTIONS_VERSION = "2026-12.2"


def has_read_current(membership: Membership) -> bool:
    """The member acknowledged the instructions as they read now (an older version does
    not count: what changed may be what they need to know)."""
    return bool(membership.instructions_read_version == INSTRUCTIONS_VERSION)
