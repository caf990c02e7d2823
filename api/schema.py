"""The OpenAPI schema: every operation also lists the problem+json errors it can answer."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from .problems import PROBLEM_TYPE


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field, e.g. `email` or `candidates[2].email`.")
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(allow_blank=True)
    errors = FieldErrorSerializer(many=True, required=False, help_text="One entry per field.")


ERRORS = {
    "400": "Invalid request: `errors` holds a message per field.",
    "401": "Missing, unknown, revoked or expired API key.",
    "403": "The key (or the member acted for) may not do this.",
    "404": "No such object in the key's organisation (another organisation's ids included).",
    "429": "Too many requests for this key: wait `Retry-After` seconds.",
}
WRITE_ERRORS = {
    "409": "Conflicts with the current state, or the same Idempotency-Key is still running.",
    "422": "The Idempotency-Key was used before with a different request.",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method not in {"GET", "HEAD", "OPTIONS"}:
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                response = self._get_response_for_code(
                    ProblemSerializer, code, [PROBLEM_TYPE], direction
                )
                response["description"] = description
                responses[code] = response
        return responses


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key of the organisation (`plx_…`), from Settings → API keys.",
        }
