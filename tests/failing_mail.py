"""Mail servers that fail, as EMAIL_BACKEND for the tests of the e-mail queue.

`DownBackend`: unreachable (a retry may help). `RefusingBackend`: refuses every recipient
with a 550 (permanent). `FlakyBackend`: down for the first `FlakyBackend.failures` sends,
then delivers to Django's test outbox like the locmem backend.
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class DownBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {
                address: (550, b"5.1.1 Mailbox unavailable")
                for message in messages
                for address in message.recipients()
            }
        )


class FlakyBackend(LocmemBackend):
    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPResponseException(451, b"4.3.0 Try again later")
        return super().send_messages(messages)
