"""The embedded default: no SMTP server needed. Each message goes to its own file under
instance/mail/ (an .eml any mail program opens) and its text to the log, so a newcomer
running `make run` can follow a password-reset or verification link."""
from __future__ import annotations

import logging
import os
import secrets

from flask_mailman.backends.base import BaseEmailBackend

from exchange.db_types import utcnow

log = logging.getLogger("exchange.mail")


class ConsoleAndFileEmailBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_path = os.path.abspath(file_path or self.mailman.file_path)
        os.makedirs(self.file_path, exist_ok=True)

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages or ():
            name = (f"{utcnow():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"
                    f"-{message.to[0].replace('@', '_at_')}.eml")
            path = os.path.join(self.file_path, name)
            with open(path, "wb") as out:
                out.write(message.message().as_bytes())
            log.info("mail to %s: %s (saved as %s)\n%s", ", ".join(message.to),
                     message.subject, path, message.body)
            sent += 1
        return sent
