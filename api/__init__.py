"""The public REST API (`/api/v1/`), its keys, idempotency records and signed webhooks."""
