"""The counter-mark ("contremarque") of a booking: an HTML template rendered by WeasyPrint.

The PDF is rendered once and stored through Django's storage API on `Booking.voucher`.
Its file name carries a hash of what the PDF shows (the HTML and the print stylesheet),
so a re-download serves the stored file while the booking is unchanged, and a change
(an event moved, a venue renamed, a new template) renders a fresh one.
"""

import hashlib
import mimetypes
import threading
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.templatetags.static import PrefixNode
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from bookings.models import Booking, participant_lines
from vouchers.tokens import verify_url

TEMPLATE = "vouchers/voucher.html"
STYLESHEET = "css/voucher.css"
# The QR code is a pure function of the verification URL printed in clear next to it, so
# the content hash is taken with this marker in its place (a QR code costs ~7 ms).
QR_MARKER = "<!--qr-code-->"


def filename(booking):
    """The name the worker's browser saves: contremarque-CDC-7K3M9Q.pdf."""
    return f"contremarque-{booking.reference}.pdf"


class StaticFilesFetcher(URLFetcher):
    """Gives WeasyPrint our static files and nothing else: never the network or the disk."""

    def __init__(self, base_url):
        super().__init__(allowed_protocols=())
        self.static_prefix = urljoin(base_url, PrefixNode.handle_simple("STATIC_URL"))

    def fetch(self, url, headers=None):
        name = self.static_name(url)
        if name is None:
            raise ValueError(f"Only the portal's static files may be fetched, not {url}")
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=read_static(name), headers={"Content-Type": mime_type})

    def static_name(self, url):
        if not url.startswith(self.static_prefix):
            return None
        name = unquote(urlsplit(url).path[len(urlsplit(self.static_prefix).path) :])
        parts = PurePosixPath(name).parts
        if not parts or ".." in parts or name.startswith("/"):
            return None
        return name


def read_static(name):
    """A static file's bytes: from the source folders in development, else the storage."""
    path = finders.find(name)
    if path:
        return Path(path).read_bytes()
    with staticfiles_storage.open(name) as file:
        return file.read()


def base_url():
    return settings.SITE_URL + "/"


def render_html(booking):
    """The counter-mark's HTML with the QR code left as a marker (see QR_MARKER)."""
    slot = booking.slot
    event = slot.event
    return render_to_string(
        TEMPLATE,
        {
            "association_name": settings.ASSOCIATION_NAME,
            "booking": booking,
            "slot": slot,
            "event": event,
            "venue": event.venue,
            "department": event.department,
            "structure": booking.structure,
            "booked_by": booking.booked_by,
            "lines": participant_lines(booking.participants.all()),
            "verify_url": verify_url(booking),
            "qr_code": mark_safe(QR_MARKER),
        },
    )


def qr_svg(url):
    """The QR code of `url` as inline SVG (WeasyPrint draws it as vectors: sharp in print)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff"
    )


def render_pdf(html, stylesheet=None):
    """Render an HTML document to PDF; network and disk stay out of reach.

    `stylesheet` names a static print stylesheet to apply (the counter-mark's); other
    documents may link theirs, which the fetcher serves.
    """
    base = base_url()
    fetcher = StaticFilesFetcher(base)
    font_config = thread_font_config()
    stylesheets = [thread_stylesheet(stylesheet, fetcher)] if stylesheet else []
    document = HTML(string=html, base_url=base, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)


# Reusing WeasyPrint's font configuration and a parsed stylesheet saves the font discovery
# and the CSS parsing of every render (about a third of a counter-mark's time). Per thread,
# since Pango's font map is not meant to be shared between threads.
_per_thread = threading.local()


def thread_font_config():
    if not hasattr(_per_thread, "font_config"):
        _per_thread.font_config = FontConfiguration()
        _per_thread.stylesheets = {}
    return _per_thread.font_config


def thread_stylesheet(name, fetcher):
    """The static stylesheet `name`, parsed once per thread (again if the file changed)."""
    font_config = thread_font_config()
    key = (name, hashlib.sha256(read_static(name)).hexdigest())
    if key not in _per_thread.stylesheets:
        _per_thread.stylesheets[key] = CSS(
            url=urljoin(fetcher.static_prefix, name), url_fetcher=fetcher, font_config=font_config
        )
    return _per_thread.stylesheets[key]


def content_hash(html):
    digest = hashlib.sha256(html.encode())
    digest.update(read_static(STYLESHEET))
    return digest.hexdigest()[:12]


def render(booking):
    """The counter-mark PDF of `booking`, as bytes (not stored)."""
    html = render_html(booking)
    return render_pdf(html.replace(QR_MARKER, qr_svg(verify_url(booking)), 1), STYLESHEET)


def stored_voucher(booking):
    """The booking's current counter-mark file, rendered and stored if missing or outdated.

    Load `booking` with `Booking.objects.with_details()`. Two requests racing for the first
    render both render; the last one recorded wins, and the file of the other one is
    the same document.
    """
    html = render_html(booking)
    stem = f"contremarque-{booking.reference}-{content_hash(html)}"
    current = booking.voucher
    up_to_date = current and Path(current.name).name.startswith(stem)
    if up_to_date and current.storage.exists(current.name):
        return current
    old_name = current.name
    pdf = render_pdf(html.replace(QR_MARKER, qr_svg(verify_url(booking)), 1), STYLESHEET)
    current.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    # Only this column: a concurrent cancellation must not be overwritten.
    Booking.objects.filter(pk=booking.pk).update(voucher=current.name)
    if old_name and old_name != current.name:
        current.storage.delete(old_name)
    return current
