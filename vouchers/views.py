"""Counter-mark download (the booking's structure only) and its public verification page."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from bookings import persons
from bookings.models import Booking, BookingLogEntry
from bookings.views.persons import get_person
from structures.perms import get_for_worker, worker_required

from . import pdf, tokens


@require_safe
@never_cache
@worker_required
def download(request, reference):
    """The booking's counter-mark as a PDF attachment; a cancelled booking gets a page."""
    booking = get_for_worker(request, Booking.objects.with_details(), reference=reference)
    if booking.is_cancelled:
        return render(request, "vouchers/cancelled.html", {"booking": booking}, status=410)
    voucher = pdf.stored_voucher(booking)
    BookingLogEntry.objects.create(
        booking=booking, action=BookingLogEntry.Action.VOUCHER, actor=request.user
    )
    return FileResponse(
        voucher.open("rb"),
        as_attachment=True,
        filename=pdf.filename(booking),
        content_type="application/pdf",
    )


@require_safe
@never_cache
@worker_required
def person_pdf(request, pk):
    """Everything the portal holds about a person, as a readable PDF (recorded)."""
    person = get_person(request, pk)
    data = persons.export_data(
        person, by=request.user, format="pdf", record=request.method == "GET"
    )
    html = render_to_string(
        "vouchers/person_data.html",
        {
            "association_name": settings.ASSOCIATION_NAME,
            "data": data,
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="personne-{person.pk}.pdf"'
    return response


@login_not_required
@require_safe
@never_cache
def verify(request, token):
    """What the QR code opens, without login: is this counter-mark valid? Nothing on people."""
    reference = tokens.read_token(token)
    booking = None
    if reference is not None:
        booking = (
            Booking.objects.select_related("slot__event__venue").filter(reference=reference).first()
        )
    response = render(
        request, "vouchers/verify.html", {"booking": booking}, status=200 if booking else 404
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
