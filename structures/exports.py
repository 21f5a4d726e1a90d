"""Files the portal hands out: attachments with a proper Content-Disposition header."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content, filename, content_type):
    """An HttpResponse that the browser saves as `filename`."""
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
