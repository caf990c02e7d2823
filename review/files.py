"""File answers (a PDF or an image a question asked for), served to the people who
review them: only ever as a download, under a type checked at upload, never rendered by
the browser as a page of ours."""

from django.db import transaction
from django.http import Http404, StreamingHttpResponse

from interviews import media
from interviews.models import Answer, AnswerKind, AnswerStatus
from palantrix import audit

CHUNK = 64 * 1024


def file_name(answer: Answer) -> str:
    """question-<n>.<ext>: the candidate's own file name is not kept (it may name them)."""
    extension = media.FILE_EXTENSIONS.get(media.base_type(answer.content_type), "bin")
    return f"question-{answer.question.position + 1}.{extension}"


@transaction.atomic
def answer_file_downloaded(*, answer: Answer, actor) -> None:
    audit.record(
        organization=answer.organization,
        actor=actor,
        action="review.answer_file.downloaded",
        target=answer,
        data={"invitation": str(answer.invitation.public_id), "bytes": answer.size_bytes},
    )


def answer_file_response(*, answer: Answer, actor) -> StreamingHttpResponse:
    """The file as an attachment, with a type it passed the checks for and `nosniff`."""
    if answer.kind != AnswerKind.FILE or answer.status != AnswerStatus.RECEIVED:
        raise Http404("This answer has no file.")
    content_type = media.base_type(answer.content_type)
    if content_type not in media.FILE_TYPES or not answer.object_key:
        raise Http404("This answer has no file.")
    answer_file_downloaded(answer=answer, actor=actor)
    body = media.stream(key=answer.object_key)
    response = StreamingHttpResponse(body.iter_chunks(CHUNK), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(answer)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    if answer.size_bytes:
        response["Content-Length"] = str(answer.size_bytes)
    return response
