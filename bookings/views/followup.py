"""After the outing: "Mes témoignages" and the attendance form."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bookings.followup import FollowUpError, attendance_refusal, record_attendance
from bookings.forms.followup import AttendanceForm, testimonial_formset
from bookings.models import Booking, Participant, Testimonial
from structures.perms import for_worker, get_for_worker, worker_required

SAVED = "Présences et témoignages enregistrés pour la réservation"


@require_GET
@worker_required
def testimonials(request):
    """The outings "à valider" first, then those whose attendance is recorded."""
    bookings = for_worker(request, Booking.objects.select_related("slot__event__venue"))
    to_validate = bookings.to_validate().with_participant_count().with_checked_in_count()
    recorded = bookings.attendance_recorded().prefetch_related(
        Prefetch("testimonials", Testimonial.objects.select_related("participant").order_by("pk"))
    )
    latest_first = ("-slot__starts_at", "-pk")
    return render(
        request,
        "bookings/followup/testimonials.html",
        {
            "to_validate": _page(to_validate.order_by(*latest_first), request.GET.get("a_valider")),
            "recorded": _page(recorded.order_by(*latest_first), request.GET.get("page")),
        },
    )


def _page(queryset, number):
    return Paginator(queryset, settings.PAGE_SIZE).get_page(number)


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def attendance(request, reference):
    """Who came, and what they said: one form per booking, saved in one transaction."""
    booking = get_for_worker(
        request, Booking.objects.select_related("slot__event__venue"), reference=reference
    )
    if refused := attendance_refusal(booking):
        messages.error(request, refused)
        return redirect("bookings:testimonials")
    participants = list(booking.participants.all())
    testimonials = list(booking.testimonials.select_related("participant").order_by("pk"))
    data = request.POST if request.method == "POST" else None
    venue_checked_in = Participant.objects.filter(slot_id=booking.slot_id).checked_in().exists()
    form = AttendanceForm(
        data,
        participants=participants,
        venue_checked_in=venue_checked_in,
        # "Tous présents" without JavaScript: the page again, everyone ticked (not saved).
        all_present=data is None and request.GET.get("presents") == "tous",
    )
    formset = testimonial_formset(data, [t for t in testimonials if t.is_editable], participants)
    # Both validated, so every error shows at once.
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            record_attendance(booking, request.user, form.attendance(), formset.inputs())
        except FollowUpError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{SAVED} {booking}.")
            return _after_saving(request, booking)
    moderated = [t for t in testimonials if not t.is_editable]
    context = {"booking": booking, "form": form, "formset": formset, "moderated": moderated}
    return render(request, "bookings/followup/attendance.html", context)


def _after_saving(request, booking):
    """Back to the list, or to a fresh testimonial form ("Enregistrer et ajouter un autre")."""
    if "add_another" in request.POST:
        url = reverse("bookings:attendance", args=[booking.reference])
        return redirect(f"{url}#nouveau-temoignage")
    return redirect("bookings:testimonials")
