"""Secrets sent by email: random, at least 128 bits, stored only as a SHA-256 hash."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """Return (token for the link, hash to store). 32 bytes = 256 bits."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
