"""The REST API under /api/v1/: thin views over the same selectors and services as the pages.

Every view acts inside the API key's organisation (`request.organization`, set by
`ApiKeyAuthentication`); objects are looked up through the tenancy selectors first, so
another organisation's id is a 404 before anything else is checked.
"""
