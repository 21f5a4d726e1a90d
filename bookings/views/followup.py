"""After the outing: "Mes témoignages" and the attendance form."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bookings.followup import CANCELLED_MESSAGE, FollowUpError, not_yet_message, record_attendance
from bookings.forms.followup import AttendanceForm, testimonial_formset
from bookings.models import Booking, Testimonial
from structures.perms import for_worker, get_for_worker, worker_required


@require_GET
@worker_required
def testimonials(request):
    """The outings "à valider" first, then those whose attendance is recorded."""
    bookings = for_worker(request, Booking.objects.select_related("slot__event__venue"))
    to_validate = (
        bookings.to_validate()
        .annotate(participant_count=Count("participants"))
        .order_by("-slot__starts_at", "-pk")
    )
    recorded = (
        bookings.confirmed()
        .filter(attendance_recorded_at__isnull=False)
        .annotate(
            participant_count=Count("participants"),
            present_count=Count("participants", filter=Q(participants__attended=True)),
        )
        .prefetch_related(
            Prefetch(
                "testimonials",
                queryset=Testimonial.objects.select_related("participant").order_by("pk"),
            )
        )
        .order_by("-slot__starts_at", "-pk")
    )
    return render(
        request,
        "bookings/followup/testimonials.html",
        {
            "to_validate": Paginator(to_validate, settings.PAGE_SIZE).get_page(
                request.GET.get("a_valider")
            ),
            "recorded": Paginator(recorded, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def attendance(request, reference):
    """Who came, and what they said: one form per booking, saved in one transaction."""
    booking = get_for_worker(
        request, Booking.objects.select_related("slot__event__venue"), reference=reference
    )
    if booking.is_cancelled or not booking.is_past:
        message = CANCELLED_MESSAGE if booking.is_cancelled else not_yet_message(booking)
        messages.error(request, message)
        return redirect("bookings:testimonials")

    participants = list(booking.participants.all())
    testimonials = list(booking.testimonials.select_related("participant").order_by("pk"))
    editable = [t for t in testimonials if t.is_editable]
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(data, participants=participants)
    formset = testimonial_formset(data, editable, participants)
    # Both validated, so every error shows at once.
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            record_attendance(booking, request.user, form.attendance(), formset.inputs())
        except FollowUpError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Présences et témoignages enregistrés pour la réservation {booking}."
            )
            if "add_another" in request.POST:
                url = reverse("bookings:attendance", args=[booking.reference])
                return redirect(f"{url}#nouveau-temoignage")
            return redirect("bookings:testimonials")
    return render(
        request,
        "bookings/followup/attendance.html",
        {
            "booking": booking,
            "form": form,
            "formset": formset,
            "moderated": [t for t in testimonials if not t.is_editable],
        },
    )
