"""`manage.py send_guest_lists`: each list is queued once at the cutoff and leaves once the
worker runs its task; a refusal is retried, then the team hears of it."""

import smtplib
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.urls import reverse

from events.models import Slot
from structures.models import Department, OutgoingEmail
from tests import factories
from tests.concurrency import race
from tests.signed_in import travel
from tests.tasks import queued_tasks, run_tasks
from tests.vouchers.guest_list_cast import booked_slot
from vouchers import services

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
START = datetime(2026, 12, 12, 20, 30, tzinfo=PARIS)
CUTOFF = START - timedelta(hours=48)
WHEN = "samedi 12 décembre 2026 à 20\u00a0h\u00a030"
FILES = [
    "liste-invites-le-petit-prince-2026-12-12-20h30.csv",
    "liste-invites-le-petit-prince-2026-12-12-20h30.pdf",
]
WARNING_SUBJECT = f"À traiter : liste des invités non envoyée – Le Petit Prince – {WHEN}"
NO_CONTACT = "Le partenaire « Théâtre du Rond-Point » n'a pas d'adresse e-mail de contact."

Status = OutgoingEmail.Status
Kind = OutgoingEmail.Kind


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


def run_job(at):
    """The cron job at `at`: it queues the due lists, sends nothing itself."""
    with time_machine.travel(at, tick=False):
        call_command("send_guest_lists", verbosity=0)


def run_worker(at):
    """`manage.py db_worker` at `at`: the tasks due then run; returns how many ran."""
    with time_machine.travel(at, tick=False):
        return run_tasks()


def run(at):
    """The job, then the worker, in the same minute: what production does every minute."""
    run_job(at)
    run_worker(at)


def list_emails():
    return OutgoingEmail.objects.filter(kind=Kind.GUEST_LIST).order_by("pk")


def mail_server_refuses(monkeypatch, address, error):
    """Our mail server raises `error` for any message to `address`; the others leave."""
    sent_ids = []
    send_messages = locmem.EmailBackend.send_messages

    def refuse(self, messages):
        if any(address in message.recipients() for message in messages):
            sent_ids.extend(message.extra_headers["Message-ID"] for message in messages)
            raise error
        return send_messages(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    return sent_ids  # the Message-ID of each refused try


def assert_team_warned_once(mailoutbox, error):
    [warning] = mailoutbox
    assert warning.to == ["paris@asso.test"]
    assert warning.subject == WARNING_SUBJECT
    assert f"Motif : {error}\n" in warning.body
    assert sorted(name for name, _, _ in warning.attachments) == FILES  # to forward by hand
    assert OutgoingEmail.objects.get(kind=Kind.GUEST_LIST_WARNING).status == Status.SENT


# --- At the cutoff ------------------------------------------------------------------------


def test_no_email_before_the_cutoff(slot, mailoutbox):
    run(CUTOFF - timedelta(minutes=1))

    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()
    slot.refresh_from_db()
    assert slot.guest_list_queued_at is None
    assert slot.guest_list_sent_at is None


def test_the_job_queues_the_list_and_the_worker_sends_it(slot, department, mailoutbox):
    run_job(CUTOFF + timedelta(minutes=1))

    assert mailoutbox == []
    [email] = list_emails()
    assert email.status == Status.QUEUED
    assert email.object_id == slot.pk
    assert email.department == department
    assert email.about == f"Le Petit Prince, {WHEN}"
    assert queued_tasks().count() == 1
    slot.refresh_from_db()
    assert slot.guest_list_queued_at == CUTOFF + timedelta(minutes=1)
    assert slot.guest_list_sent_at is None

    assert run_worker(CUTOFF + timedelta(minutes=2)) == 1

    [message] = mailoutbox
    assert message.to == [slot.event.partner.contact_email]
    assert message.extra_headers["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.attempts == 1
    assert email.recipients == f"{slot.event.partner.contact_email}, paris@asso.test"
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(minutes=2)
    assert slot.guest_list_failed_at is None


def test_partner_gets_one_email_with_both_files_at_the_cutoff(slot, mailoutbox):
    run(CUTOFF + timedelta(minutes=1))

    [email] = mailoutbox
    assert email.to == [slot.event.partner.contact_email]
    assert email.cc == ["paris@asso.test"]
    assert email.reply_to == ["paris@asso.test"]
    assert email.subject == f"Liste des invités – Le Petit Prince – {WHEN}"
    assert "4 invitations réservées par 2 structures sociales" in email.body
    assert sorted(name for name, _, _ in email.attachments) == FILES
    csv_file = next(content for name, content, _ in email.attachments if name.endswith(".csv"))
    pdf_file = next(content for name, content, _ in email.attachments if name.endswith(".pdf"))
    assert csv_file.startswith("\ufeffStructure;Référence;") and "Zéphyr" in csv_file
    sent = email.message().as_bytes()
    assert b'Content-Type: text/csv; charset="utf-8"' in sent
    assert pdf_file.startswith(b"%PDF")
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(minutes=1)
    assert slot.guest_list_failed_at is None


def test_running_the_job_twice_queues_once(slot, mailoutbox):
    run_job(CUTOFF + timedelta(minutes=1))
    run_job(CUTOFF + timedelta(minutes=2))

    assert list_emails().count() == 1
    assert queued_tasks().count() == 1

    run(CUTOFF + timedelta(minutes=3))
    run(CUTOFF + timedelta(minutes=4))

    assert len(mailoutbox) == 1
    assert list_emails().count() == 1
    slot.refresh_from_db()
    assert slot.guest_list_queued_at == CUTOFF + timedelta(minutes=1)
    assert slot.guest_list_sent_at == CUTOFF + timedelta(minutes=3)


def test_a_job_that_breaks_before_marking_the_slot_owes_no_email(slot, mailoutbox, monkeypatch):
    """The list's e-mail and the slot's mark are one transaction: no e-mail without the mark
    (else the next run would queue a second one)."""

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("base de données indisponible")

    monkeypatch.setattr(Slot, "save", broken_save)
    with pytest.raises(RuntimeError):
        run_job(CUTOFF)
    monkeypatch.undo()

    assert not OutgoingEmail.objects.exists()
    assert not queued_tasks().exists()
    slot.refresh_from_db()
    assert slot.guest_list_queued_at is None

    run(CUTOFF + timedelta(minutes=1))

    assert [email.to for email in mailoutbox] == [[slot.event.partner.contact_email]]


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
    assert not OutgoingEmail.objects.exists()
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF
    assert slot.guest_list_queued_at is None


# --- When it cannot leave -----------------------------------------------------------------


def test_partner_without_email_fails_at_once_and_warns_the_team_once(
    slot, mailoutbox, admin_client
):
    slot.event.partner.contact_email = ""
    slot.event.partner.save()

    run(CUTOFF)
    for minutes in (1, 6, 36, 156, 24 * 60):  # past every retry delay: none comes
        run(CUTOFF + timedelta(minutes=minutes))

    assert_team_warned_once(mailoutbox, NO_CONTACT)
    [email] = list_emails()
    assert email.status == Status.FAILED
    assert email.attempts == 1
    assert email.failed_at == CUTOFF
    assert email.error == NO_CONTACT
    assert not queued_tasks().exists()
    slot.refresh_from_db()
    assert slot.guest_list_sent_at is None
    assert slot.guest_list_failed_at == CUTOFF
    assert slot.guest_list_error == NO_CONTACT
    home = admin_client.get(reverse("admin:index"))
    assert "Listes d'invités non envoyées" in home.text
    assert NO_CONTACT.replace("'", "&#x27;") in home.text


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
            "Le serveur d'e-mail n'a pas pu être joint ou n'a pas répondu : "
            "Connection unexpectedly closed",
        ),
        (
            smtplib.SMTPResponseException(451, b"4.7.1 Greylisted, try again later"),
            "Le serveur d'e-mail a refusé le message : 451 4.7.1 Greylisted, try again later",
        ),
    ],
    ids=["disconnected", "451-greylisted"],
)
def test_a_passing_refusal_is_retried_after_1_5_30_and_120_minutes_then_recorded(
    slot, mailoutbox, monkeypatch, error, reason
):
    partner = slot.event.partner.contact_email
    tries = mail_server_refuses(monkeypatch, partner, error)

    run(CUTOFF)
    at = CUTOFF
    for attempt, delay in enumerate([1, 5, 30, 120], start=1):
        [email] = list_emails()
        assert (email.status, email.attempts, email.error) == (Status.QUEUED, attempt, reason)
        assert email.next_attempt_at == at + timedelta(minutes=delay)
        at = email.next_attempt_at
        assert run_worker(at - timedelta(seconds=1)) == 0  # not before its time
        run(at)  # the job runs every minute too: it never queues the list again

    assert len(tries) == 5
    assert set(tries) == {email.message_id}  # one message, tried five times
    assert_team_warned_once(mailoutbox, reason)
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == (Status.FAILED, 5, reason)
    assert email.failed_at == CUTOFF + timedelta(minutes=156)
    slot.refresh_from_db()
    assert slot.guest_list_sent_at is None
    assert slot.guest_list_failed_at == CUTOFF + timedelta(minutes=156)
    assert slot.guest_list_error == reason

    run(CUTOFF + timedelta(days=1))

    assert len(tries) == 5
    assert len(mailoutbox) == 1
    assert list_emails().count() == 1
    assert not queued_tasks().exists()


@pytest.mark.parametrize(
    ("refusal", "reason"),
    [
        (
            lambda partner: smtplib.SMTPRecipientsRefused(
                {partner: (550, b"5.1.1 Mailbox unknown")}
            ),
            "Le serveur d'e-mail a refusé le message : {partner} (550 5.1.1 Mailbox unknown)",
        ),
        (
            lambda partner: smtplib.SMTPDataError(554, b"5.7.1 Message rejected"),
            "Le serveur d'e-mail a refusé le message : 554 5.7.1 Message rejected",
        ),
    ],
    ids=["550-recipient-refused", "554-message-rejected"],
)
def test_a_lasting_refusal_fails_at_once_and_warns_the_team_once(
    slot, mailoutbox, monkeypatch, refusal, reason
):
    partner = slot.event.partner.contact_email
    reason = reason.format(partner=partner)
    tries = mail_server_refuses(monkeypatch, partner, refusal(partner))

    run(CUTOFF)
    run(CUTOFF + timedelta(minutes=1))
    run(CUTOFF + timedelta(days=1))

    assert len(tries) == 1
    assert_team_warned_once(mailoutbox, reason)
    [email] = list_emails()
    assert (email.status, email.attempts, email.error) == (Status.FAILED, 1, reason)
    assert not queued_tasks().exists()
    slot.refresh_from_db()
    assert slot.guest_list_failed_at == CUTOFF
    assert slot.guest_list_error == reason
    assert slot.guest_list_sent_at is None


def partner_form(partner, contact_email):
    return {
        "name": partner.name,
        "department": partner.department_id,
        "is_active": "on",
        "contact_email": contact_email,
        "venues-TOTAL_FORMS": "0",
        "venues-INITIAL_FORMS": "0",
        "venues-MIN_NUM_FORMS": "0",
        "venues-MAX_NUM_FORMS": "1000",
    }


def test_a_new_partner_email_sends_the_failed_list_at_the_next_run(slot, mailoutbox, admin_client):
    partner = slot.event.partner
    partner.contact_email = ""
    partner.save()
    run(CUTOFF)
    mailoutbox.clear()

    response = admin_client.post(
        reverse("admin:events_partner_change", args=[partner.pk]),
        partner_form(partner, "accueil@rond-point.test"),
        follow=True,
    )

    assert response.redirect_chain[0][1] == 302
    assert (
        "1 liste d&#x27;invités en échec partira vers accueil@rond-point.test dans la minute."
        in response.text
    )
    slot.refresh_from_db()
    assert slot.guest_list_failed_at is None and slot.guest_list_error == ""
    assert slot.guest_list_queued_at is None  # due again: the next run queues it

    run(CUTOFF + timedelta(minutes=5))

    [email] = mailoutbox
    assert email.to == ["accueil@rond-point.test"]
    # The failed one is replaced, so that "Renvoyer" on it cannot send the list twice.
    assert [e.status for e in list_emails()] == [Status.DROPPED, Status.SENT]
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(minutes=5)
    assert slot.guest_list_failed_at is None and slot.guest_list_error == ""


# --- Staff send it from the admin ---------------------------------------------------------


def test_staff_send_a_failed_list_again_from_the_admin(slot, mailoutbox, admin_client):
    Slot.objects.filter(pk=slot.pk).update(
        guest_list_queued_at=CUTOFF,
        guest_list_failed_at=CUTOFF,
        guest_list_error="Le serveur d'e-mail a refusé le message : 554 panne",
    )

    with travel(admin_client, CUTOFF + timedelta(hours=1), tick=False):
        response = admin_client.post(
            reverse("admin:events_slot_changelist"),
            {"action": "send_guest_lists", "_selected_action": [slot.pk], "index": "0"},
        )

        assert response.status_code == 302
        assert mailoutbox == []
        slot.refresh_from_db()
        assert slot.guest_list_queued_at == CUTOFF + timedelta(hours=1)
        assert slot.guest_list_failed_at is None and slot.guest_list_error == ""

        run_tasks()

    assert [email.to for email in mailoutbox] == [[slot.event.partner.contact_email]]
    slot.refresh_from_db()
    assert slot.guest_list_sent_at == CUTOFF + timedelta(hours=1)
    assert slot.guest_list_failed_at is None


def test_staff_cannot_send_before_the_cutoff(slot, mailoutbox, admin_client):
    url = reverse("admin:events_slot_guest_list", args=[slot.pk])
    send_url = reverse("admin:events_slot_guest_list_send", args=[slot.pk])

    with travel(admin_client, CUTOFF - timedelta(hours=1), tick=False):
        page = admin_client.get(url)
        response = admin_client.post(send_url, follow=True)
        run_tasks()

    assert "Envoyer la liste au partenaire maintenant" not in page.text
    assert (
        "Les réservations sont encore ouvertes : la liste partira d&#x27;elle-même à la "
        "clôture, le jeudi 10 décembre 2026 à 20\u00a0h\u00a030." in response.text
    )
    assert not OutgoingEmail.objects.exists()
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
    run_worker(CUTOFF - timedelta(seconds=1))

    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()
    slot.refresh_from_db()
    assert slot.guest_list_queued_at is None
    assert slot.guest_list_sent_at is None
    assert (
        "Les créneaux dont les réservations sont encore ouvertes ont été laissés de côté : "
        "leur liste partira d&#x27;elle-même à la clôture." in response.text
    )
    assert "dans un instant" not in response.text


def test_the_changelist_action_queues_only_the_closed_slots(slot, mailoutbox, admin_client):
    with time_machine.travel(NOW, tick=False):
        later = factories.SlotFactory(
            event__partner__department=slot.event.department, starts_at=START + timedelta(days=1)
        )

    response = send_with_the_changelist_action(admin_client, [slot, later], CUTOFF)

    assert (
        "1 liste d&#x27;invités part vers les partenaires dans un instant : leur état "
        "s&#x27;affiche dans la colonne « liste d&#x27;invités »." in response.text
    )
    assert "laissés de côté" in response.text
    assert mailoutbox == []
    assert [email.object_id for email in list_emails()] == [slot.pk]

    run_worker(CUTOFF)

    [email] = mailoutbox
    assert email.to == [slot.event.partner.contact_email]
    later.refresh_from_db()
    assert later.guest_list_queued_at is None
    assert later.guest_list_sent_at is None


def test_staff_send_now_from_the_guest_list_page_queues_the_list(slot, mailoutbox, admin_client):
    url = reverse("admin:events_slot_guest_list_send", args=[slot.pk])

    with travel(admin_client, CUTOFF + timedelta(hours=1), tick=False):
        response = admin_client.post(url, follow=True)

        assert response.redirect_chain[0][0] == reverse(
            "admin:events_slot_guest_list", args=[slot.pk]
        )
        assert (
            "La liste d&#x27;invités part vers le partenaire dans un instant : son envoi "
            "s&#x27;affiche sur cette page. En cas d&#x27;échec, l&#x27;équipe du département "
            "est prévenue par e-mail." in response.text
        )
        assert mailoutbox == []
        assert "Envoi en cours&nbsp;: la liste part vers le partenaire dans un instant." in (
            response.text
        )

        run_tasks()
        page = admin_client.get(reverse("admin:events_slot_guest_list", args=[slot.pk]))

    assert [email.to for email in mailoutbox] == [[slot.event.partner.contact_email]]
    assert "Liste envoyée le jeudi 10 décembre 2026 à 21\u00a0h\u00a030." in page.text


def test_a_get_never_sends_the_list(slot, mailoutbox, admin_client):
    """A link or an image loaded by staff must not e-mail personal data to a partner."""
    url = reverse("admin:events_slot_guest_list_send", args=[slot.pk])

    with travel(admin_client, CUTOFF + timedelta(hours=1), tick=False):
        response = admin_client.get(url)
        run_tasks()

    assert response.status_code == 405
    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []
    slot.refresh_from_db()
    assert slot.guest_list_queued_at is None
    assert slot.guest_list_sent_at is None


# --- What the command says ----------------------------------------------------------------


def test_command_reports_what_it_queued(slot, capsys):
    with time_machine.travel(CUTOFF, tick=False):
        call_command("send_guest_lists")

    assert capsys.readouterr().out == (
        "Listes d'invités confiées à l'envoi : 1, sans réservation ni message : 0.\n"
    )


def test_command_lists_each_slot_when_verbose(slot, department, capsys):
    Department.objects.filter(pk=department.pk).update(notify_empty_guest_list=False)
    empty = empty_slot(department)

    with time_machine.travel(CUTOFF, tick=False):
        call_command("send_guest_lists", verbosity=2)

    assert capsys.readouterr().out.splitlines() == [
        "Inscriptions en liste d'attente closes à la clôture : 0.",
        f"{slot} : liste confiée à l'envoi",
        f"{empty} : aucune réservation, rien à envoyer",
        "Listes d'invités confiées à l'envoi : 1, sans réservation ni message : 1.",
    ]


def test_command_is_silent_when_nothing_is_due(slot, capsys):
    with time_machine.travel(CUTOFF - timedelta(minutes=1), tick=False):
        call_command("send_guest_lists")  # before the cutoff
    before = capsys.readouterr().out
    with time_machine.travel(CUTOFF, tick=False):
        call_command("send_guest_lists")
        capsys.readouterr()
        call_command("send_guest_lists")  # the list is queued already

    assert before == ""
    assert capsys.readouterr().out == ""


# --- Two copies of the job at once (PostgreSQL: SQLite has no row locks) -----------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_queue_each_list_once(monkeypatch):
    """Both copies are made to queue at the same moment (a barrier inside the queueing):
    that is only possible if they hold different slots, so each list is still owed once.
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
    assert sorted(email.object_id for email in list_emails()) == sorted(s.pk for s in slots)
    run_tasks()
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        slot.event.partner.contact_email for slot in slots
    )
    assert Slot.objects.filter(guest_list_sent_at__isnull=True).count() == 0
