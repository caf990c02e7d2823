"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


invite_one = import_upload = import_preview = import_progress = _todo
invitation_resend = invitation_extend = invitation_revoke = _todo
