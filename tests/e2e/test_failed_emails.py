"""A confirmation e-mail that never left, in a real browser.

The mail server is down while a worker books: the booking and its counter-mark are there at
once, the e-mail waits in the queue. The queue tries it again past each delay of
EMAIL_RETRY_MINUTES (the clock moved by time-machine, the tasks run as `db_worker` runs
them), then gives up. The worker's "Mon espace" then says the e-mail did not reach her and
links the counter-mark; the admin home of her département's team lists it under "Envois en
échec" with "Renvoyer", and once the mail server is back one click sends it, once. Another
département's team never sees it. axe-core on the pages that show it.

The clock: time-machine moves it for the whole process, the live server's thread included.
The tries run on a stopped clock; the browser then works on a running clock ("tick") past
the last try, when the sessions opened before have ended (two idle hours): the worker logs
in again through the form, staff get a fresh session (`login_as`).
"""

import re
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from bookings.models import Booking, Participant
from bookings.services import ParticipantRequest, book
from structures.models import OutgoingEmail
from tests.factories import PASSWORD, PersonFactory, SlotFactory
from tests.tasks import run_tasks

Status = OutgoingEmail.Status
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
UNREACHABLE = "Le serveur d'e-mail n'a pas pu être joint ou n'a pas répondu"
ALL_SENT = "Aucun envoi en échec."


class DownBackend(BaseEmailBackend):
    """The mail server is down: it cuts every connection before taking the message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"


def notice(booking):
    return (
        f"La confirmation de la réservation {booking.reference} n'a pas pu vous être envoyée "
        "par e-mail ; la contremarque reste téléchargeable ici."
    )


def fail_every_try(email):
    """Run the queue while the mail server stays down: the first try now, then one try past
    each delay of EMAIL_RETRY_MINUTES (and none a second before). Returns the moment of the
    last try, after which the e-mail is failed."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert run_tasks() == 1
        for minutes in settings.EMAIL_RETRY_MINUTES:
            email.refresh_from_db()
            assert email.status == Status.QUEUED
            assert email.next_attempt_at == timezone.now() + timedelta(minutes=minutes)
            clock.shift(timedelta(minutes=minutes, seconds=-1))
            assert run_tasks() == 0, f"tried again before {minutes} min"
            clock.shift(timedelta(seconds=1))
            assert run_tasks() == 1
        email.refresh_from_db()
        assert email.status == Status.FAILED
        assert email.attempts == 1 + len(settings.EMAIL_RETRY_MINUTES)
        return timezone.now()


def after(moment):
    """The clock, running, a few minutes after `moment` (the live server sees it too)."""
    return time_machine.travel(moment + timedelta(minutes=5), tick=True)


def assert_counter_mark(download, booking, tmp_path):
    """The download is the booking's counter-mark: a PDF that names its reference."""
    assert download.suggested_filename == f"contremarque-{booking.reference}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert booking.reference in " ".join(page.extract_text() for page in PdfReader(path).pages)


def booked_with_confirmation(worker):
    """A booking of the worker by the booking service, its confirmation e-mail owed."""
    person = PersonFactory(structure=worker.structure, first_name="Fatima", last_name="Benali")
    return book(
        slot=SlotFactory(event__title="Cyrano de Bergerac"),
        structure=worker.structure,
        user=worker,
        participants=[
            ParticipantRequest(key="b0", role=Participant.Role.BENEFICIARY, person_id=person.pk)
        ],
    )


def test_a_worker_books_while_the_mail_server_is_down(
    page, login_as, login, mail_server_down, worker, assert_no_axe_violations, tmp_path
):
    PersonFactory(structure=worker.structure, first_name="Fatima", last_name="Benali")
    slot = SlotFactory(event__title="Cyrano de Bergerac")
    login_as(worker)

    # The booking, as on any day: the recap page, and the counter-mark downloads by itself.
    page.goto(reverse("bookings:new", args=[slot.pk]))
    page.get_by_label("Nom ou prénom de la personne suivie").fill("benali")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Ajouter Fatima Benali").click()
    expect(page.get_by_role("heading", name="Fatima Benali")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_role("heading", name="Réservation confirmée")).to_be_visible()
    booking = Booking.objects.get()
    assert_counter_mark(download_info.value, booking, tmp_path)
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.status, email.about) == (
        OutgoingEmail.Kind.BOOKING_CONFIRMATION,
        Status.QUEUED,
        booking.reference,
    )

    last_try = fail_every_try(email)
    assert email.error.startswith(UNREACHABLE)

    with after(last_try):
        # Her session ended meanwhile: she logs in again and lands on "Mon espace".
        page.goto(reverse("home"))
        expect(page).to_have_url(re.compile(re.escape(reverse("login")) + r"\?next=/$"))
        login(worker.email, PASSWORD)
        expect(page.get_by_role("heading", name="Mon espace", level=1)).to_be_visible()
        expect(page.get_by_role("status")).to_have_text(notice(booking))
        assert_no_axe_violations(page)

        # "ici" is the counter-mark.
        with page.expect_download() as download_info:
            page.get_by_role("status").get_by_role("link", name="ici").click()
        assert_counter_mark(download_info.value, booking, tmp_path)


def test_staff_resend_the_failed_confirmation_once_the_mail_server_is_back(
    page,
    login_as,
    mail_server_down,
    worker,
    staff_75,
    settings,
    mailoutbox,
    axe,
    assert_no_axe_violations,
):
    booking = booked_with_confirmation(worker)
    last_try = fail_every_try(OutgoingEmail.objects.get())

    with after(last_try):
        login_as(staff_75)
        page.goto(reverse("admin:index"))
        expect(page.get_by_role("heading", name="Envois en échec")).to_be_visible()
        failed = page.locator(".failed-emails > li")
        expect(failed).to_have_count(1)
        expect(failed).to_contain_text(f"Confirmation de réservation {booking.reference}")
        expect(failed).to_contain_text(UNREACHABLE)
        assert_no_axe_violations(page)

        settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
        failed.get_by_role(
            "button", name=f"Renvoyer : Confirmation de réservation {booking.reference}"
        ).click()
        expect(page.locator(".messagelist .success")).to_have_text(
            "L'e-mail est renvoyé : il part dans un instant."
        )
        assert not mailoutbox
        assert run_tasks() == 1
        page.reload()
        expect(page.get_by_text(ALL_SENT)).to_be_visible()
        expect(page.locator(".failed-emails")).to_have_count(0)
        assert_no_axe_violations(page)

        [message] = mailoutbox
        assert booking.reference in message.subject
        assert message.to == [worker.email]
        assert OutgoingEmail.objects.get().status == Status.SENT

        # The worker's "Mon espace" no longer says the e-mail did not reach her.
        page.context.clear_cookies()
        login_as(worker)
        page.goto(reverse("home"))
        expect(page.get_by_role("heading", name="Mon espace", level=1)).to_be_visible()
        expect(page.get_by_text("n'a pas pu vous être envoyée")).to_have_count(0)


def test_another_departments_team_does_not_see_the_failed_email(
    page, login_as, mail_server_down, worker, staff_93
):
    booking = booked_with_confirmation(worker)
    last_try = fail_every_try(OutgoingEmail.objects.get())

    with after(last_try):
        login_as(staff_93)
        page.goto(reverse("admin:index"))
        expect(page.get_by_role("heading", name="Envois en échec")).to_be_visible()
        expect(page.get_by_text(ALL_SENT)).to_be_visible()
        expect(page.get_by_text(booking.reference)).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile(r"^Renvoyer"))).to_have_count(0)
