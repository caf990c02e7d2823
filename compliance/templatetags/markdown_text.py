"""Tenant text inside the generated Markdown documents: `{{ organization.name|md_inline }}`."""

import re

from django import template

register = template.Library()

LINE_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+\s*")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Characters that start emphasis, code, links, HTML or a table cell anywhere in a line.
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


@register.filter
def md_inline(value: object) -> str:
    """One line of literal text: a name with line breaks cannot start a heading, a list,
    a table row or a link in the record of processing or the DPIA."""
    text = CONTROL.sub("", LINE_BREAKS.sub(" ", str(value if value is not None else "")))
    return INLINE_SPECIAL.sub(r"\\\1", text.strip())
