"""`manage.py send_guest_lists`: each list leaves once, at the cutoff, or the team hears of it."""

import smtplib
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from events.models import Slot
from structures.models import Department
from tests import factories
from tests.concurrency import race
from tests.signed_in import travel
from tests.vouchers.guest_list_cast import booked_slot
from vouchers import services

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
START = datetime(2026, 12, 12, 20, 30, tzinfo=PARIS)
CUTOFF = START - timedelta(hours=48)


@pytest.fixture
def department(db):
    factories.DepartmentFactory(code="75")
    Department.objects.filter(code="75").update(
        team_name="Équipe de Paris", team_email="paris@asso.test", notify_empty_guest_list=True
    )
    return Department.objects.get(code="75")


@pytest.fixture
def slot(department):
    with time_machine.travel(NOW, tick=False):
        return booked_slot(department, starts_at=START)


def run(at):
    with time_machine.travel(at, tick=False):
        call_command("send_guest_lists", verbosity=0)


def test_no_email_before_the_cutoff(slot, mailoutbox):
    run(CUTOFF - timedelta(minutes=1))

    assert mailoutbox == []
    slot.refresh_from_db()
    assert slot.guest_list_sent_at is None


def test_partner_gets_one_email_with_both_files_at_the_cutoff(slot, mailoutbox):
    run(CUTOFF + timedelta(minutes=1))

    [email] = mailoutbox
    assert email.to == [slot.event.partner.contact_email]
    assert email.cc == ["paris@asso.test"]
    assert email.reply_to == ["paris@asso.test"]
    assert "Le Petit Prince" in email.subject and "samedi 12 décembre 2026" in email.subject
    assert "4 invitations réservées par 2 structures sociales" in email.body
    names = sorted(name for name, _, _ in email.attachments)
    assert names == [
        "liste-invites-le-petit-prince-2026-12-12-20h30.csv",
        "liste-invites-le-petit-prince-2026-12-12-20h30.pdf",
    ]
    csv_file = next(content for name, content, _ in email.attachments if name.endswith(".csv"))
    pdf_file = next(content for name, content, _ in email.attachments if name.endswith(".pdf"))
    assert csv_file.startswith("\ufeffStructure;Référence;") and "Zéphyr" in csv_file
    sent = email.message().as_bytes()
    assert b'Content-Type: text/csv; charset="utf-8"' in sent
    assert pdf_file.startswith(b"%PDF")
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(minutes=1)
    assert slot.guest_list_failed_at is None


def test_running_twice_sends_once(slot, mailoutbox):
    run(CUTOFF + timedelta(minutes=1))
    run(CUTOFF + timedelta(minutes=2))

    assert len(mailoutbox) == 1
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(minutes=1)


def test_each_due_slot_gets_its_own_email(slot, department, mailoutbox):
    with time_machine.travel(NOW, tick=False):
        other = factories.SlotFactory(
            event__partner__department=department, starts_at=START + timedelta(hours=1)
        )
        factories.BookingFactory(slot=other)
        factories.SlotFactory(
            event__partner__department=department, starts_at=START + timedelta(days=7)
        )

    run(CUTOFF + timedelta(hours=2))

    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [slot.event.partner.contact_email, other.event.partner.contact_email]
    )
    assert Slot.objects.filter(guest_list_sent_at__isnull=False).count() == 2


def empty_slot(department, **partner):
    with time_machine.travel(NOW, tick=False):
        return factories.SlotFactory(
            event__partner__department=department, starts_at=START, **partner
        )


def test_empty_slot_sends_a_short_note(department, mailoutbox):
    slot = empty_slot(department)

    run(CUTOFF)

    [email] = mailoutbox
    assert "Aucune réservation" in email.body
    assert email.attachments == []
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF


def test_empty_slot_sends_nothing_when_the_department_says_so(department, mailoutbox):
    Department.objects.filter(pk=department.pk).update(notify_empty_guest_list=False)
    slot = empty_slot(department)

    run(CUTOFF)
    run(CUTOFF + timedelta(minutes=1))

    assert mailoutbox == []
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF


def test_partner_without_email_warns_the_team_once(slot, mailoutbox, admin_client):
    slot.event.partner.contact_email = ""
    slot.event.partner.save()

    run(CUTOFF)
    run(CUTOFF + timedelta(minutes=1))

    [warning] = mailoutbox
    assert warning.to == ["paris@asso.test"]
    assert "non envoyée" in warning.subject
    assert "n'a pas d'adresse e-mail de contact" in warning.body
    assert len(warning.attachments) == 2  # the team can forward the list by hand
    slot.refresh_from_db()
    assert slot.guest_list_sent_at is None
    assert slot.guest_list_failed_at == CUTOFF
    assert "n'a pas d'adresse e-mail de contact" in slot.guest_list_error
    home = admin_client.get(reverse("admin:index"))
    assert "Listes d'invités non envoyées" in home.text
    assert slot.guest_list_error.replace("'", "&#x27;") in home.text


def test_a_new_partner_email_sends_the_failed_list_at_the_next_run(slot, mailoutbox, admin_client):
    partner = slot.event.partner
    partner.contact_email = ""
    partner.save()
    run(CUTOFF)
    mailoutbox.clear()

    response = admin_client.post(
        reverse("admin:events_partner_change", args=[partner.pk]),
        {
            "name": partner.name,
            "department": partner.department_id,
            "is_active": "on",
            "contact_email": "accueil@rond-point.test",
            "venues-TOTAL_FORMS": "0",
            "venues-INITIAL_FORMS": "0",
            "venues-MIN_NUM_FORMS": "0",
            "venues-MAX_NUM_FORMS": "1000",
        },
    )
    run(CUTOFF + timedelta(minutes=5))

    assert response.status_code == 302
    [email] = mailoutbox
    assert email.to == ["accueil@rond-point.test"]
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(minutes=5)
    assert slot.guest_list_failed_at is None and slot.guest_list_error == ""


def test_mail_server_refusal_is_recorded_not_retried(slot, mailoutbox, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@y": (550, b"no")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    run(CUTOFF)
    run(CUTOFF + timedelta(minutes=1))

    slot.refresh_from_db()
    assert slot.guest_list_sent_at is None
    assert slot.guest_list_failed_at == CUTOFF
    assert slot.guest_list_error.startswith("L'envoi de l'e-mail a échoué")


def test_staff_send_a_failed_list_again_from_the_admin(slot, mailoutbox, admin_client):
    Slot.objects.filter(pk=slot.pk).update(
        guest_list_failed_at=CUTOFF, guest_list_error="L'envoi de l'e-mail a échoué : panne"
    )

    with travel(admin_client, CUTOFF + timedelta(hours=1), tick=False):
        response = admin_client.post(
            reverse("admin:events_slot_changelist"),
            {"action": "send_guest_lists", "_selected_action": [slot.pk], "index": "0"},
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(hours=1)
    assert slot.guest_list_failed_at is None


def test_staff_cannot_send_before_the_cutoff(slot, mailoutbox, admin_client):
    url = reverse("admin:events_slot_guest_list", args=[slot.pk])
    send_url = reverse("admin:events_slot_guest_list_send", args=[slot.pk])

    with travel(admin_client, CUTOFF - timedelta(hours=1), tick=False):
        page = admin_client.get(url)
        response = admin_client.post(send_url, follow=True)

    assert "Envoyer la liste au partenaire maintenant" not in page.text
    assert "partira d&#x27;elle-même" in response.text
    assert mailoutbox == []


def send_with_the_changelist_action(client, slots, at):
    with travel(client, at, tick=False):
        return client.post(
            reverse("admin:events_slot_changelist"),
            {"action": "send_guest_lists", "_selected_action": [s.pk for s in slots], "index": "0"},
            follow=True,
        )


def test_the_changelist_action_leaves_an_open_slot_aside(slot, mailoutbox, admin_client):
    response = send_with_the_changelist_action(admin_client, [slot], CUTOFF - timedelta(seconds=1))

    assert mailoutbox == []
    slot.refresh_from_db()
    assert slot.guest_list_sent_at is None
    assert "laissés de côté : leur liste partira d&#x27;elle-même à la clôture" in response.text
    assert "envoyée" not in response.text


def test_the_changelist_action_sends_only_the_closed_slots(slot, mailoutbox, admin_client):
    with time_machine.travel(NOW, tick=False):
        later = factories.SlotFactory(
            event__partner__department=slot.event.department, starts_at=START + timedelta(days=1)
        )

    response = send_with_the_changelist_action(admin_client, [slot, later], CUTOFF)

    [email] = mailoutbox
    assert email.to == [slot.event.partner.contact_email]
    assert "1 liste d&#x27;invités envoyée." in response.text
    assert "laissés de côté" in response.text
    later.refresh_from_db()
    assert later.guest_list_sent_at is None


def test_staff_send_from_the_guest_list_page(slot, mailoutbox, admin_client):
    url = reverse("admin:events_slot_guest_list_send", args=[slot.pk])

    with travel(admin_client, CUTOFF + timedelta(hours=1), tick=False):
        response = admin_client.post(url, follow=True)

    assert response.redirect_chain[0][0] == reverse("admin:events_slot_guest_list", args=[slot.pk])
    assert "La liste d&#x27;invités est partie chez le partenaire." in response.text
    assert len(mailoutbox) == 1


def test_a_get_never_sends_the_list(slot, mailoutbox, admin_client):
    """A link or an image loaded by staff must not e-mail personal data to a partner."""
    url = reverse("admin:events_slot_guest_list_send", args=[slot.pk])

    with travel(admin_client, CUTOFF + timedelta(hours=1), tick=False):
        response = admin_client.get(url)

    assert response.status_code == 405
    assert mailoutbox == []
    slot.refresh_from_db()
    assert slot.guest_list_sent_at is None


def test_command_reports_what_it_did(slot, capsys):
    with time_machine.travel(CUTOFF, tick=False):
        call_command("send_guest_lists")

    assert "Listes d'invités traitées : 1, en échec : 0." in capsys.readouterr().out


# --- Two copies of the job at once (PostgreSQL: SQLite has no row locks) -----------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_list_once(monkeypatch):
    """Both copies are made to send at the same moment (a barrier inside the sending):
    that is only possible if they hold different slots, so each list still leaves once.
    Without the row lock both would take the first slot and it would leave twice."""
    department = factories.DepartmentFactory(code="75")
    slots = [
        factories.SlotFactory(past=True, event__partner__department=department) for _ in range(2)
    ]
    for slot in slots:
        factories.BookingFactory(slot=slot)
    inside = threading.Barrier(2, timeout=10)
    real_send = services.send_guest_list
    first_call = threading.local()

    def send_together(slot, **kwargs):
        if not getattr(first_call, "done", False):
            first_call.done = True
            inside.wait()
        return real_send(slot, **kwargs)

    monkeypatch.setattr(services, "send_guest_list", send_together)
    results = race(2, lambda i: services.send_due_guest_lists())

    assert not [result for result in results if isinstance(result, Exception)]
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        slot.event.partner.contact_email for slot in slots
    )
    assert Slot.objects.filter(guest_list_sent_at__isnull=True).count() == 0
