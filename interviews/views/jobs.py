"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


job_list = job_create = job_detail = job_edit = job_status = _todo
