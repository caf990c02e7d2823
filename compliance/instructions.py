"""The instructions for use that overseers acknowledge (EU AI Act Art. 13 and 26).
Change what they say, change the version: acknowledgements name the version read."""

INSTRUCTIONS_VERSION = "2026-12.1"
