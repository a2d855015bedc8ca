"""Queue a mail (render it now, send it after the commit) and the job that sends it.

`queue()` renders `templates/mail/<template>.txt` and `.html` in the reader's language
(Chinese unless the account chose another), stores the message and enqueues "mail.send".
Mails that are not transactional (notices, digests) carry RFC 8058 one-click
List-Unsubscribe headers. Flush only; the caller commits.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.i18n import html_lang
from exchange.jobs import services as jobs
from exchange.jobs.registry import handler
from exchange.mail.models import Mail
from exchange.navigation import path_for

# Mails whose link signs someone in or proves a mailbox: their bodies are not kept.
CARRIES_A_KEY = frozenset({"password_reset", "verify_email"})
REMOVED = "[sent; the body held a one-time link and was removed]"


def absolute(path: str) -> str:
    """A site path as a link that works in a mail (BASE_URL: where users reach the site)."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def locale_of(user) -> str:
    chosen = getattr(user, "locale", None)
    return chosen if chosen in current_app.config["LANGUAGES"] else \
        current_app.config["BABEL_DEFAULT_LOCALE"]


def queue(user, template: str, *, kind: str | None = None, to_address: str | None = None,
          unsubscribe_path: str | None = None, **context) -> Mail:
    """Render and store a mail to `user` (or to `to_address`), and enqueue its sending.
    `unsubscribe_path` (a signed one-click link) marks a mail that is not transactional."""
    to = to_address or user.email
    locale = locale_of(user)
    with force_locale(locale):
        context = {"user": user, "absolute": absolute, "path_for": path_for,
                   "unsubscribe_path": unsubscribe_path,
                   "lang": html_lang(locale), "site_name": current_app.config["SITE_NAME"],
                   **context}
        subject = _render(f"mail/{template}.subject.txt", context).strip()
        text = _render(f"mail/{template}.txt", context)
        html = _render(f"mail/{template}.html", context)
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe_path:
        headers["List-Unsubscribe"] = f"<{absolute(unsubscribe_path)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail = Mail(user_id=getattr(user, "id", None), to_address=to, kind=kind or template,
                subject=" ".join(subject.split())[:300], text_body=text, html_body=html,
                headers=headers)
    db.session.add(mail)
    db.session.flush()
    jobs.enqueue("mail.send", key=f"mail:{mail.id}", mail_id=mail.id)
    return mail


def _render(name: str, context: dict) -> str:
    """Without the site's context processors: a mail is not a page of the current request
    (it may have none, in the worker) and must not carry the sender's menus or session."""
    return current_app.jinja_env.get_template(name).render(**context)


@handler("mail.send")
def send(mail_id: int) -> None:
    """Send one stored mail once: a second run (the same job delivered twice, a retry
    after the send succeeded but the worker died before the commit is the only gap)
    finds it sent and does nothing."""
    mail = db.session.execute(db.select(Mail).where(Mail.id == mail_id)
                              .with_for_update()).scalar_one_or_none()
    if mail is None or mail.sent_at is not None:
        return
    message = EmailMultiAlternatives(
        subject=mail.subject, body=mail.text_body,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"], to=[mail.to_address],
        headers=dict(mail.headers or {}))
    message.attach_alternative(mail.html_body, "text/html")
    message.send()
    mail.sent_at = utcnow()
    if mail.kind in CARRIES_A_KEY:
        # The link is a key to the account: once it is on its way, keep no copy here.
        mail.text_body = mail.html_body = REMOVED
    db.session.flush()
