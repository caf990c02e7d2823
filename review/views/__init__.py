"""Reviewer pages, included under /o/<slug:org>/, and the read-only share page."""
