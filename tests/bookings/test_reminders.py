"""`manage.py send_reminders`: each worker hears of their bookings before the cutoff (to
cancel if someone cannot come) and the day before the outing (counter-marks, access),
once per booking; the worker (`run_tasks`) sends what the job queued."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from bookings.cancellation import cancel
from bookings.models import Booking
from bookings.reminders import send_due_reminders
from structures.models import OutgoingEmail
from tests.factories import SlotFactory
from tests.tasks import queued_tasks, run_tasks

from .tracking_cast import booking_for, person

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)  # when the bookings are made
START = datetime(2026, 12, 12, 20, 30, tzinfo=PARIS)  # Saturday
CUTOFF = datetime(2026, 12, 10, 20, 30, tzinfo=PARIS)  # Thursday
BEFORE_CUTOFF = CUTOFF - timedelta(hours=72)  # the default REMINDER_BEFORE_CUTOFF_HOURS
THE_DAY_BEFORE = START - timedelta(hours=24)  # the default REMINDER_BEFORE_OUTING_HOURS
MINUTE = timedelta(minutes=1)

CUTOFF_SUBJECT = (
    "Rappel : clôture des réservations le jeudi 10 décembre 2026 à 20\u00a0h\u00a030"
    " – Cyrano de Bergerac"
)
OUTING_SUBJECT = (
    "Rappel : sortie demain – Cyrano de Bergerac, samedi 12 décembre 2026 à 20\u00a0h\u00a030"
)
ACCESS = "Entrée des artistes, rue Adolphe-Adam ; l'accueil est au premier étage."

Status = OutgoingEmail.Status
Kind = OutgoingEmail.Kind


@pytest.fixture
def slot(paris):
    paris.team_phone = "01 53 00 00 75"
    paris.save(update_fields=["team_phone"])
    with time_machine.travel(NOW, tick=False):
        return SlotFactory(
            event__title="Cyrano de Bergerac",
            event__venue__name="Théâtre de la Ville",
            event__venue__access=ACCESS,
            event__venue__transport="Métro Châtelet (lignes 1, 4, 7, 11, 14).",
            event__venue__accessibility="",
            starts_at=START,
            closes_at=CUTOFF,
            invitations_offered=20,
        )


@pytest.fixture
def marie(worker, slot):
    """Marie and her guest Léa, booked by the worker (Camille) on 1 December."""
    marie = person(worker.structure, "Marie", "Dupont")
    return booking_for(worker, slot, marie, guests=[(0, "Léa", "Invitée")], at=NOW)


def book(worker, slot, first_name, last_name, at=NOW):
    return booking_for(worker, slot, person(worker.structure, first_name, last_name), at=at)


def run_job(at, **options):
    with time_machine.travel(at, tick=False):
        call_command("send_reminders", verbosity=0, **options)


def run(at):
    """The job, then the e-mail worker, at `at`."""
    with time_machine.travel(at, tick=False):
        call_command("send_reminders", verbosity=0)
        run_tasks()


def url(name, booking):
    return settings.SITE_URL + reverse(name, args=[booking.reference])


def reminders():
    return OutgoingEmail.objects.filter(kind__in=[Kind.CUTOFF_REMINDER, Kind.OUTING_REMINDER])


def by_recipient(mailoutbox):
    return {message.to[0]: message for message in mailoutbox}


# --- Before the cutoff --------------------------------------------------------------------


def test_no_reminder_before_the_window(marie, mailoutbox):
    run(BEFORE_CUTOFF - MINUTE)

    assert mailoutbox == []
    assert not reminders().exists()
    marie.refresh_from_db()
    assert marie.cutoff_reminder_at is None


def test_the_worker_gets_their_bookings_the_cutoff_and_a_cancel_link(marie, slot, mailoutbox):
    run_job(BEFORE_CUTOFF + MINUTE)

    [email] = reminders()
    assert email.kind == Kind.CUTOFF_REMINDER
    assert (email.user, email.object_id) == (marie.booked_by, slot.pk)
    assert email.department == slot.event.department
    assert email.about == "Cyrano de Bergerac, samedi 12 décembre 2026 à 20\u00a0h\u00a030"
    marie.refresh_from_db()
    assert marie.cutoff_reminder_at == BEFORE_CUTOFF + MINUTE
    assert marie.outing_reminder_at is None
    assert mailoutbox == []  # the job queues, the worker sends

    run(BEFORE_CUTOFF + 2 * MINUTE)

    [message] = mailoutbox
    assert message.to == ["camille@relais.test"]
    assert message.subject == CUTOFF_SUBJECT
    body = message.body
    assert body.startswith("Bonjour Camille,\n")
    assert "jusqu'au jeudi 10 décembre 2026 à 20\u00a0h\u00a030.\n" in body
    assert "Si quelqu'un ne peut pas venir, merci d'annuler sa réservation" in body
    assert "les invitations iront à d'autres personnes" in body
    assert f"{marie.reference} – 2 invitations\n" in body
    assert "- Marie Dupont (Personne suivie)\n- Léa Invitée (Invité de Marie Dupont)\n" in body
    assert f"Annuler : {url('bookings:cancel', marie)}\n" in body
    assert "réservée par" not in body  # the worker's own booking
    email.refresh_from_db()
    assert email.status == Status.SENT


def test_sent_once(marie, mailoutbox, capsys):
    with time_machine.travel(BEFORE_CUTOFF, tick=False):
        call_command("send_reminders")
    assert capsys.readouterr().out == (
        "Rappels confiés à l'envoi : 1 avant la clôture, 0 la veille de la sortie.\n"
    )
    for at in (BEFORE_CUTOFF, BEFORE_CUTOFF + timedelta(minutes=15), CUTOFF - MINUTE):
        with time_machine.travel(at, tick=False):
            call_command("send_reminders")
            run_tasks()

    assert capsys.readouterr().out == ""  # nothing more was queued
    assert len(mailoutbox) == 1
    assert reminders().count() == 1
    marie.refresh_from_db()
    assert marie.cutoff_reminder_at == BEFORE_CUTOFF


def test_verbose_run_says_it_queued_nothing(marie, capsys):
    with time_machine.travel(BEFORE_CUTOFF - MINUTE, tick=False):
        call_command("send_reminders", verbosity=2)

    assert capsys.readouterr().out == (
        "Rappels confiés à l'envoi : 0 avant la clôture, 0 la veille de la sortie.\n"
    )


def test_a_booking_made_inside_the_window_gets_no_cutoff_reminder(worker, slot, mailoutbox):
    late = book(worker, slot, "Paul", "Durand", at=BEFORE_CUTOFF + timedelta(hours=1))

    run(BEFORE_CUTOFF + timedelta(hours=1, minutes=5))
    run(CUTOFF - MINUTE)

    assert mailoutbox == []
    late.refresh_from_db()
    assert late.cutoff_reminder_at is None


def test_a_cancelled_booking_gets_none(marie, worker, mailoutbox):
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        cancel(marie, by=worker, notify=False)

    run(BEFORE_CUTOFF + MINUTE)

    assert mailoutbox == []
    assert not reminders().exists()


def test_two_workers_of_the_structure_each_get_one_listing_both(marie, colleague, slot, mailoutbox):
    paul = book(colleague, slot, "Paul", "Durand")

    run(BEFORE_CUTOFF + MINUTE)

    assert len(mailoutbox) == 2
    messages = by_recipient(mailoutbox)
    camille, sacha = messages["camille@relais.test"], messages["sacha@relais.test"]
    for message in (camille, sacha):
        assert f"Annuler : {url('bookings:cancel', marie)}\n" in message.body
        assert f"Annuler : {url('bookings:cancel', paul)}\n" in message.body
    assert f"{paul.reference} – 1 invitation (réservée par Sacha Bernard)\n" in camille.body
    assert f"{marie.reference} – 2 invitations (réservée par Camille Martin)\n" in sacha.body
    assert Booking.objects.filter(cutoff_reminder_at=BEFORE_CUTOFF + MINUTE).count() == 2


def test_another_structures_bookings_never_appear(marie, outsider, slot, mailoutbox):
    theirs = book(outsider, slot, "Nour", "Zeroual")

    run(BEFORE_CUTOFF + MINUTE)

    messages = by_recipient(mailoutbox)
    camille, nour = messages["camille@relais.test"], messages["nour@relais-saint-denis.test"]
    assert theirs.reference not in camille.body and "Zeroual" not in camille.body
    assert marie.reference not in nour.body and "Dupont" not in nour.body
    assert f"Annuler : {url('bookings:cancel', theirs)}\n" in nour.body


def test_after_the_cutoff_nothing(marie, mailoutbox):
    run(CUTOFF)
    run(CUTOFF + timedelta(hours=1))

    assert not reminders().filter(kind=Kind.CUTOFF_REMINDER).exists()
    assert mailoutbox == []


def test_a_booking_cancelled_before_the_sending_is_left_out(marie, worker, slot, mailoutbox):
    paul = book(worker, slot, "Paul", "Durand")
    run_job(BEFORE_CUTOFF + MINUTE)
    with time_machine.travel(BEFORE_CUTOFF + 2 * MINUTE, tick=False):
        cancel(paul, by=worker, notify=False)

    run(BEFORE_CUTOFF + 3 * MINUTE)

    [message] = mailoutbox
    assert marie.reference in message.body
    assert paul.reference not in message.body and "Durand" not in message.body
    assert "1 invitation" not in message.body


def test_the_letter_is_dropped_when_no_booking_is_left(marie, worker, mailoutbox):
    run_job(BEFORE_CUTOFF + MINUTE)
    with time_machine.travel(BEFORE_CUTOFF + 2 * MINUTE, tick=False):
        cancel(marie, by=worker, notify=False)

    run(BEFORE_CUTOFF + 3 * MINUTE)

    assert mailoutbox == []
    assert reminders().get().status == Status.DROPPED


def test_the_letter_is_dropped_once_the_slot_closed(marie, mailoutbox):
    run_job(CUTOFF - MINUTE)  # the worker is late: the cutoff passes before it sends

    run(CUTOFF)

    assert mailoutbox == []
    assert reminders().get().status == Status.DROPPED


def test_an_inactive_worker_gets_nothing(marie, worker, mailoutbox):
    run_job(BEFORE_CUTOFF + MINUTE)
    worker.is_active = False
    worker.save(update_fields=["is_active"])

    run(BEFORE_CUTOFF + 2 * MINUTE)

    assert mailoutbox == []
    assert reminders().get().status == Status.DROPPED


# --- The day before the outing ------------------------------------------------------------


def test_the_outing_reminder_the_day_before_once(marie, slot, mailoutbox):
    run(THE_DAY_BEFORE - MINUTE)
    assert mailoutbox == []

    run(THE_DAY_BEFORE + MINUTE)
    run(THE_DAY_BEFORE + timedelta(minutes=16))
    run(START - MINUTE)

    [message] = mailoutbox
    assert message.to == ["camille@relais.test"]
    assert message.subject == OUTING_SUBJECT
    body = message.body
    assert (
        "C'est demain : « Cyrano de Bergerac », le samedi 12 décembre 2026 à 20\u00a0h\u00a030.\n"
    ) in body
    assert f"Lieu : Théâtre de la Ville, {slot.event.venue.full_address}\n" in body
    assert f"Accès : {ACCESS}\n" in body
    assert "Transports : Métro Châtelet (lignes 1, 4, 7, 11, 14).\n" in body
    assert "Accessibilité" not in body  # left empty for this venue
    assert "à présenter à l'accueil" in body
    assert f"{marie.reference} – 2 invitations\n" in body
    assert "- Léa Invitée (Invité de Marie Dupont)\n" in body
    assert f"Contremarque : {url('vouchers:download', marie)}\n" in body
    assert "au 01 53 00 00 75" in body  # the département team's phone
    [email] = reminders().filter(kind=Kind.OUTING_REMINDER)
    assert email.status == Status.SENT
    marie.refresh_from_db()
    assert marie.outing_reminder_at == THE_DAY_BEFORE + MINUTE


def test_no_outing_reminder_once_it_started(marie, mailoutbox):
    run(START)

    assert mailoutbox == []
    assert not reminders().exists()


def test_the_outing_letter_is_dropped_once_it_started(marie, mailoutbox):
    run_job(START - MINUTE)

    run(START)

    assert mailoutbox == []
    assert reminders().get().status == Status.DROPPED


# --- Settings, and the cost of a run -------------------------------------------------------


def test_the_settings_set_the_delays(marie, settings, mailoutbox):
    settings.REMINDER_BEFORE_CUTOFF_HOURS = 24
    settings.REMINDER_BEFORE_OUTING_HOURS = 48

    run(BEFORE_CUTOFF + MINUTE)
    assert mailoutbox == []

    run(CUTOFF - timedelta(hours=24) + MINUTE)
    [cutoff] = mailoutbox
    assert cutoff.subject == CUTOFF_SUBJECT

    run(START - timedelta(hours=48) + MINUTE)  # Thursday, after the cutoff
    [_, outing] = mailoutbox
    assert outing.subject == (
        "Rappel : sortie après-demain – Cyrano de Bergerac,"
        " samedi 12 décembre 2026 à 20\u00a0h\u00a030"
    )


def test_a_run_costs_the_same_few_queries_per_email(
    paris, worker, colleague, django_assert_max_num_queries
):
    slots = []
    with time_machine.travel(NOW, tick=False):
        for day in range(3):
            slots.append(
                SlotFactory(
                    starts_at=START + timedelta(hours=day),
                    closes_at=CUTOFF + timedelta(hours=day),
                )
            )
    for i, slot in enumerate(slots):
        book(worker, slot, "Marie", f"Dupont{i}")
        book(worker, slot, "Jean", f"Dupont{i}")
        book(colleague, slot, "Paul", f"Durand{i}")
    pairs = 2 * len(slots)

    # The two group queries, then per e-mail: lock, e-mail row, its task, the dates on the
    # bookings, and four savepoints (the test runs inside a transaction).
    with django_assert_max_num_queries(2 + 8 * pairs):
        queued = send_due_reminders(now=CUTOFF - MINUTE)  # every cutoff reminder is due

    assert (queued.cutoff, queued.outing) == (pairs, 0)
    assert queued_tasks().count() == pairs
    assert not Booking.objects.filter(cutoff_reminder_at__isnull=True).exists()
