"""The notice candidates read before they consent (EU AI Act Art. 26(11) and 50 spirit,
GDPR Art. 13-14, Illinois AI Video Interview Act Sec. 5). Consents store its version:
change the text, change the version."""

NOTICE_VERSION = "2026-11.1"
