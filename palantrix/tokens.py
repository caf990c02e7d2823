"""Secrets sent by email: random, at least 128 bits, stored only as a SHA-256 hash.

A link token that an email task must be able to send again after a crash or a broker
outage is not random but derived (`row_token`): an HMAC of the row it belongs to under the
server's SECRET_KEY. The database still holds only its hash, and task arguments only the
row's id, yet the task can rebuild the token; a copy of the database alone cannot."""

import base64
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings


def new_token() -> tuple[str, str]:
    """Return (token for the link, hash to store). 32 bytes = 256 bits."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def row_token(purpose: str, row: Any) -> str:
    """The link token of a saved row (its id and creation time), 256 bits."""
    message = f"palantrix.{purpose}:{row.pk}:{row.created_at.isoformat()}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def row_token_store(purpose: str, row: Any) -> str:
    """Give a just-created row (saved with any unique placeholder hash) the hash of its
    derived token; returns the token."""
    token = row_token(purpose, row)
    type(row).objects.filter(pk=row.pk).update(token_hash=token_hash(token))
    row.token_hash = token_hash(token)
    return token
