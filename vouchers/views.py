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
from django.views.decorators.http import require_POST, require_safe

from bookings import persons
from bookings.models import Booking, BookingLogEntry
from bookings.views.persons import get_person
from structures import ratelimit
from structures.perms import get_for_worker, worker_required
from structures.security import client_ip

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
    most VERIFY_LIMIT_PER_IP pages per client address in 10 minutes. Opened in a browser
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
    sheets = checkin.remembered_links(request)
    for link in sheets:
        if link.slot.pk == booking.slot_id:
            return redirect(_sheet_url(link.token, reference=booking.reference))
    counter_mark = checkin.CounterMark(booking, sheet=sheets[0] if sheets else None)
    return _public(render(request, "vouchers/verify.html", {"counter_mark": counter_mark}))


def _sheet_url(token, *, reference=None, anchor=None):
    url = reverse("vouchers:check_in", args=[token])
    if reference:
        url += "?" + urlencode({"recherche": reference})
        anchor = anchor or reference
    return url + (f"#reservation-{anchor}" if anchor else "")


@login_not_required
@require_safe
@never_cache
def check_in(request, token):
    """The venue's check-in sheet of one slot, opened by the guest list's link (no account):
    who is expected and who arrived, and the bookings its search box names."""
    link = checkin.read_link(token)
    if not link.is_open:
        return _closed(request, link)
    guests = guest_lists.guest_list(link.slot)
    notes = []  # each booking's own go with it (extra_tags: its reference)
    for message in messages.get_messages(request):
        group = guests.find(message.extra_tags) if message.extra_tags else None
        (group.notes if group else notes).append(message)
    typed = request.GET.get("recherche", "")
    context = {
        "link": link,
        "slot": link.slot,
        "guests": guests,
        "notes": notes,
        "search": checkin.search(guests, typed) if typed.strip() else None,
        "closes_at": checkin.window(link.slot)[1],
    }
    response = render(request, "vouchers/check_in.html", context)
    checkin.remember(request, response, link)
    return _public(response)


def _closed(request, link):
    """Why the link opens nothing: 404 when it is none of ours; a button of a sheet not
    yet open is forbidden (403), of an expired one gone (410); the sheet itself is 200."""
    status = 200
    if link.slot is None:
        status = 404
    elif request.method == "POST":
        status = 403 if link.not_yet else 410
    context = {"link": link, "slot": link.slot}
    return _public(render(request, "vouchers/check_in.html", context, status=status))


def _tick(request, token, change):
    """A POST of the sheet: `change(slot, value)` with the button's value, then back to
    the booking it changed, the outcome shown there."""
    link = checkin.read_link(token)
    if not link.is_open:
        return _closed(request, link)
    try:
        outcome = change(link.slot, request.POST)
    except checkin.CheckInError as error:
        messages.error(request, error.message)
        return redirect(_sheet_url(link.token))
    level = messages.SUCCESS if outcome.changed else messages.INFO
    messages.add_message(request, level, outcome.message, extra_tags=outcome.reference)
    return redirect(_sheet_url(link.token, anchor=outcome.reference))


def _number(data, name):
    """The positive integer `name` of the POST, or 0 (which names nobody)."""
    value = data.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


@login_not_required
@require_POST
def check_in_participant(request, token):
    """ "Pointer l'arrivée" of one participant."""
    return _tick(
        request, token, lambda slot, data: checkin.check_in(slot, _number(data, "participant"))
    )


@login_not_required
@require_POST
def check_in_booking(request, token):
    """ "Pointer toute la réservation": its participants not ticked yet."""
    return _tick(
        request,
        token,
        lambda slot, data: checkin.check_in_booking(slot, _number(data, "reservation")),
    )


@login_not_required
@require_POST
def undo_check_in(request, token):
    """ "Annuler le pointage" of one participant: the tick the page showed, no other."""
    return _tick(
        request,
        token,
        lambda slot, data: checkin.undo(
            slot,
            _number(data, "participant"),
            shown_at=checkin.read_shown_at(data.get("pointe_a")),
        ),
    )
