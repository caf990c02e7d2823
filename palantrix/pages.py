"""What page views share when they call a service: a refusal becomes what the user reads.

    done = attempt(request, lambda: services.job_update(job=job, ...), success="Job saved.")
    if done:
        return redirect(...)

A service refuses with a `DomainError`; its text becomes an error message shown on the next
page, or, given a form, an error of that form (of `field`, or of the whole form), shown
when the form is rendered again. When the service succeeds, `success` (a text, or a
function of the service's result) becomes a success message. The outcome is true when the
service succeeded and holds its result in `value`.
"""

from collections.abc import Callable
from typing import Generic, TypeVar, cast

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest

from .errors import DomainError

T = TypeVar("T")


class Outcome(Generic[T]):
    __slots__ = ("_value", "ok")

    def __init__(self, ok: bool, value: T | None = None) -> None:
        self.ok = ok
        self._value = value

    def __bool__(self) -> bool:
        return self.ok

    @property
    def value(self) -> T:
        """The service's result (only when it succeeded)."""
        if not self.ok:
            raise ValueError("The service refused: there is no result.")
        return cast(T, self._value)


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: str | Callable[[T], str] = "",
    form: BaseForm | None = None,
    field: str | None = None,
    prefix: str = "",
) -> Outcome[T]:
    """Call the service; tell the user it was done, or why it was refused."""
    try:
        value = call()
    except DomainError as error:
        if form is not None:
            form.add_error(field, f"{prefix}{error}")
        else:
            messages.error(request, f"{prefix}{error}")
        return Outcome(False)
    text = success(value) if callable(success) else success
    if text:
        messages.success(request, text)
    return Outcome(True, value)
