"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


profile_list = profile_create = profile_detail = profile_edit = _todo
