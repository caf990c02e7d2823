"""What every API view shares: key authentication, write permission, throttling, lists."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.filters import OrderingFilter
from rest_framework.generics import GenericAPIView

from ..authentication import ApiKeyActor, ApiKeyAuthentication, ApiKeyThrottle, HasApiKey
from ..idempotency import HEADER as IDEMPOTENCY_HEADER
from ..pagination import ApiCursorPagination
from ..problems import PROBLEM_TYPE, TYPE_BASE

IDEMPOTENCY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Any unique string (1-255 characters): a retry with the same key returns the "
    "first answer and does the work once.",
)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """No such API URL: the same problem+json 404 as a missing object."""
    return JsonResponse(
        {
            "type": TYPE_BASE + "not-found",
            "title": "Not found",
            "status": 404,
            "detail": "No such API URL or object.",
        },
        status=404,
        content_type=PROBLEM_TYPE,
    )


class ApiView(GenericAPIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    throttle_classes = [ApiKeyThrottle]
    pagination_class = None
    filter_backends: list = []

    @property
    def actor(self) -> ApiKeyActor:
        return self.request.user

    def query(self, filter_class) -> dict:
        data = filter_class(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        return {key: value for key, value in data.validated_data.items() if value not in ("", None)}

    def paginated(self, queryset, serializer_class, context=None):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)


class ListView(ApiView):
    pagination_class = ApiCursorPagination
    filter_backends = [OrderingFilter]
    ordering = "-created_at"
