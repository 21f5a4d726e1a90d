"""Counter-mark download (the booking's structure only), its public verification page, and
the venue's check-in sheet (no account: a signed link)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from bookings import persons
from bookings.models import Booking, BookingLogEntry, Participant, reference_in
from bookings.views.persons import get_person
from structures import ratelimit
from structures.perms import get_for_worker, worker_required
from structures.security import client_ip
from structures.text import of, plural

from . import checkin, guest_lists, pdf, tokens


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


VERIFY_WINDOW = timedelta(minutes=10)


def _public(response):
    """Pages opened without login by a link: kept out of search engines."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@require_safe
@never_cache
def verify(request, token):
    """What the QR code opens, without login: is this counter-mark valid, used, over?

    It shows the outing and the participants' first names and initials, nothing more, at
    most VERIFY_LIMIT_PER_IP pages per client address in 10 minutes. Opened on a phone
    that holds the slot's check-in sheet, it opens the booking on the sheet instead.
    """
    limit = {("verify-ip", client_ip(request)): settings.VERIFY_LIMIT_PER_IP}
    if not ratelimit.allow(limit, window=VERIFY_WINDOW):
        return _public(render(request, "vouchers/verify.html", {"limited": True}, status=429))
    reference = tokens.read_token(token)
    booking = None
    if reference is not None:
        booking = (
            Booking.objects.select_related("slot__event__venue")
            .prefetch_related("participants")
            .filter(reference=reference)
            .first()
        )
    if booking is None:
        return _public(render(request, "vouchers/verify.html", {}, status=404))
    sheet_token = checkin.remembered_token(request.session, booking.slot_id)
    if sheet_token and checkin.read_link(sheet_token).is_open:
        return redirect(_sheet_url(sheet_token, reference=booking.reference))
    context = {"counter_mark": checkin.CounterMark(booking)}
    return _public(render(request, "vouchers/verify.html", context))


def _sheet_url(token, *, reference=None, anchor=None):
    url = reverse("vouchers:check_in", args=[token])
    if reference:
        url += "?" + urlencode({"reference": reference})
        anchor = anchor or reference
    return url + (f"#reservation-{anchor}" if anchor else "")


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def check_in(request, token):
    """The venue's check-in sheet of one slot, opened by the guest list's link (no account).

    GET shows who is expected and who arrived, and jumps to a booking by its reference (or
    anything scanned that holds it). POST ticks a participant (`arrive`), a whole booking
    (`arrive_booking`) or takes a tick back (`undo`), then comes back to that booking.
    """
    link = checkin.read_link(token)
    if not link.is_open:
        status = 404 if link.slot is None else 410 if request.method == "POST" else 200
        context = {"link": link, "slot": link.slot}
        return _public(render(request, "vouchers/check_in.html", context, status=status))
    checkin.remember(request.session, link)
    if request.method == "POST":
        return _check_in_post(request, link)
    return _public(_sheet(request, link))


def _sheet(request, link):
    slot = link.slot
    guests = guest_lists.guest_list(slot)
    notes = []  # each booking's own go with it (extra_tags: its reference)
    for message in messages.get_messages(request):
        group = guests.find(message.extra_tags) if message.extra_tags else None
        (group.notes if group else notes).append(message)
    typed = request.GET.get("reference", "")
    reference = reference_in(typed) if typed else None
    found = guests.find(reference) if reference else None
    context = {
        "link": link,
        "slot": slot,
        "guests": guests,
        "notes": notes,
        "typed": typed,
        "reference": reference,
        "found": found,
        "closes_at": checkin.window(slot)[1],
    }
    if typed and found is None:
        context["not_found"] = _not_on_sheet(slot, reference)
    return render(request, "vouchers/check_in.html", context)


def _not_on_sheet(slot, reference):
    """Why a searched reference is not on the sheet: unreadable, cancelled, or elsewhere."""
    if reference is None:
        return "Aucune référence de contremarque reconnue : tapez les 6 caractères après « CDC- »."
    if Booking.objects.filter(reference=reference, slot=slot).exists():
        return f"La réservation {reference} a été annulée : ses invitations ne sont plus valables."
    return (
        f"La réservation {reference} ne figure pas sur la liste de ce créneau : vérifiez la "
        "date, l'heure et le lieu inscrits sur la contremarque."
    )


ACTIONS = ("arrive", "arrive_booking", "undo")


def _check_in_post(request, link):
    slot = link.slot
    action = next((name for name in ACTIONS if name in request.POST), None)
    try:
        pk = int(request.POST.get(action or "", ""))
    except ValueError:
        pk = None
    target = _target(slot, action, pk)
    if target is None:
        messages.error(request, checkin.NOT_ON_SLOT)
        return redirect(_sheet_url(link.token))
    booking, participant = target
    try:
        if action == "arrive_booking":
            changed = checkin.check_in_booking(slot, booking.pk)
            note = _booking_note(booking, changed)
        elif action == "arrive":
            changed = checkin.check_in(slot, [participant.pk])
            note = _arrival_note(participant, changed)
        else:
            changed = checkin.undo(slot, [participant.pk])
            note = _undo_note(participant, changed)
    except checkin.CheckInError as error:
        messages.error(request, error.message, extra_tags=booking.reference)
    else:
        level = messages.SUCCESS if changed else messages.INFO
        messages.add_message(request, level, note, extra_tags=booking.reference)
    return redirect(_sheet_url(link.token, anchor=booking.reference))


def _target(slot, action, pk):
    """(booking, participant or None) of the confirmed list of `slot` that the request
    names, or None: nothing of another slot is ever read back to the sheet."""
    if action is None or pk is None:
        return None
    confirmed = Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
    if action == "arrive_booking":
        booking = confirmed.filter(pk=pk).first()
        return (booking, None) if booking else None
    participant = (
        Participant.objects.select_related("booking").filter(pk=pk, booking__in=confirmed).first()
    )
    return (participant.booking, participant) if participant else None


def _arrival_note(participant, changed):
    if changed:
        return f"Arrivée {of(participant.full_name)} pointée."
    return f"L'arrivée {of(participant.full_name)} était déjà pointée : rien n'a changé."


def _undo_note(participant, changed):
    if changed:
        return f"Pointage {of(participant.full_name)} annulé."
    return f"L'arrivée {of(participant.full_name)} n'était pas pointée : rien n'a changé."


def _booking_note(booking, changed):
    if changed:
        arrived = plural(changed, "arrivée pointée", "arrivées pointées")
        return f"Réservation {booking.reference} : {arrived}."
    return f"Réservation {booking.reference} : tout le monde était déjà pointé, rien n'a changé."
