from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    """Stable pages under concurrent writes: `next`/`previous` are opaque cursors.

    A cursor holds the first ordering field's value and an offset among rows that share it,
    so lists order only by fields that never change (creation time, sequence, a profile's
    name), and the primary key follows in the same direction to break ties: rows created
    in the same instant keep one order from page to page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-created_at"

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        ordering = tuple(super().get_ordering(request, queryset, view))
        if ordering[-1].lstrip("-") in {"pk", "id"}:
            return ordering
        return (*ordering, "-pk" if ordering[0].startswith("-") else "pk")
