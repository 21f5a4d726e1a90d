"""Requests that no page can take, answered before any view runs."""

from django.core.exceptions import BadRequest

NUL = "\x00"


def reject_nul_bytes(get_response):
    """A NUL byte in the path, a GET or POST parameter answers 400 (the French page of
    `handler400`).

    No text of ours may hold one, and PostgreSQL refuses it in any query ("cannot contain NUL
    (0x00) bytes"): caught here once, it cannot turn a search, a filter, an admin lookup or a
    form into a 500, on whichever page, present or future.
    """

    def middleware(request):
        if NUL in request.path or _has_nul(request.GET) or _has_nul(request.POST):
            raise BadRequest("NUL byte in the request")
        return get_response(request)

    return middleware


def _has_nul(query_dict):
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )
