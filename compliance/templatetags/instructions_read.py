"""Whether a member has read the current instructions for use, for pages:
`{% load instructions_read %}{% if member|has_read_instructions %}`. The same rule decides
who may be made an overseer (compliance.services.overseer_set), so no page can say
"read" of a member whom the permission then refuses."""

from django import template

from compliance.instructions import has_read_current
from palantrix.models import Membership

register = template.Library()


@register.filter
def has_read_instructions(membership: Membership) -> bool:
    return has_read_current(membership)
