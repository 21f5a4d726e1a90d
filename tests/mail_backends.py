"""Mail backends for the worker subprocesses of tests/structures/test_outbox_workers.py."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

BLOCK_SECONDS = 30


class BlockingBackend(BaseEmailBackend):
    """A mail server that never answers: the send says it has begun (the file `sending` in
    $BLOCKING_MAIL_DIR), then waits for a file `release` that the test never writes, so the
    test can kill the worker in the middle of the send. Sends nothing."""

    def send_messages(self, email_messages):
        folder = Path(os.environ["BLOCKING_MAIL_DIR"])
        message_ids = " ".join(m.extra_headers["Message-ID"] for m in email_messages)
        (folder / "sending").write_text(message_ids)
        deadline = time.monotonic() + BLOCK_SECONDS
        while not (folder / "release").exists():
            if time.monotonic() > deadline:
                raise TimeoutError("BlockingBackend: nobody killed the worker")
            time.sleep(0.05)
        return 0
