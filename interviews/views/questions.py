"""Placeholder: being written."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


question_set_edit = intro_save = question_add = library_add = question_edit = question_delete = question_move = _todo
