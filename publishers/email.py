"""E-mail through SMTP (smtplib): STARTTLS and login from configuration, a
plain-text and an HTML part, the chart inline, and in every message a
working unsubscribe link (plus the List-Unsubscribe headers mail programs
show as a button). One message per recipient, since each link is personal."""

from __future__ import annotations

import html
import logging
import smtplib
import ssl
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Self

from publishers.base import (
    AnnouncementContent,
    AuthFailed,
    ChannelContext,
    ImageLoader,
    OutgoingMessage,
    PermanentFailure,
    PreviewPart,
    Publisher,
    PublishError,
    RateLimited,
    RecipientList,
    SendRequest,
    ServerError,
    Setting,
    UnknownOutcome,
    Version,
)

log = logging.getLogger(__name__)

UnsubscribeLink = Callable[[str], str]
TEMPORARY_CODES = range(400, 500)


class EmailPublisher(Publisher):
    channel = "email"
    label = "E-mail"
    order = 40
    settings = (
        Setting("SMTP_HOST", required=True),
        Setting("SMTP_PORT", default="587"),
        Setting("SMTP_USERNAME"),
        Setting("SMTP_PASSWORD", secret=True),
        Setting("SMTP_STARTTLS", default="true"),
        Setting("SMTP_FROM", required=True, help="the sender address"),
    )
    editable_fields = ("subject", "text")
    max_text_length = 100_000
    recipient_list = RecipientList.EMAIL_ADDRESSES
    max_recipients = 50  # addresses per outbox batch
    rate_limit_per_second = 5.0

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        unsubscribe_link: UnsubscribeLink,
        username: str = "",
        password: str = "",
        starttls: bool = True,
        timeout: float = 30.0,
        image_loader: ImageLoader | None = None,
        sender_name: str = "ดัชนีเศรษฐกิจอุตสาหกรรม",
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.sender_name = sender_name
        self.unsubscribe_link = unsubscribe_link
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout
        self.image_loader = image_loader

    @classmethod
    def from_settings(cls, values: Mapping[str, str], context: ChannelContext) -> Self:
        return cls(
            values["SMTP_HOST"],
            int(values.get("SMTP_PORT") or 587),
            values["SMTP_FROM"],
            unsubscribe_link=context.unsubscribe_link,
            username=values.get("SMTP_USERNAME", ""),
            password=values.get("SMTP_PASSWORD", ""),
            starttls=(values.get("SMTP_STARTTLS") or "true").strip().lower() in {"1", "true", "yes", "on"},
            image_loader=context.image_loader,
        )

    @classmethod
    def draft_version(cls, content: AnnouncementContent) -> Version | None:
        return {"subject": content.title, "text": content.text}

    @classmethod
    def edit_version(cls, version: Version | None, field_name: str, value: str) -> Version:
        if field_name not in cls.editable_fields:
            return super().edit_version(version, field_name, value)
        return {**(version or {}), field_name: value}

    # --- composing ---

    @classmethod
    def preview(cls, message: OutgoingMessage) -> list[PreviewPart]:
        subject, text = cls.subject_and_text(message)
        parts = [PreviewPart("subject", subject), PreviewPart("text", text)]
        if message.image_url:
            parts.append(PreviewPart("image", url=message.image_url))
        if message.link_url:
            parts.append(PreviewPart("link", url=message.link_url))
        parts.append(PreviewPart("note", "unsubscribe"))  # every message ends with its personal link
        return parts

    @classmethod
    def subject_and_text(cls, message: OutgoingMessage) -> tuple[str, str]:
        version = cls.version_of(message)
        if isinstance(version, dict):
            return str(version.get("subject") or message.title), str(version.get("text") or message.text)
        return message.title, message.text

    def compose(self, message: OutgoingMessage, recipient: str, image: bytes | None) -> EmailMessage:
        subject, text = self.subject_and_text(message)
        link = self.unsubscribe_link(recipient)
        email = EmailMessage()
        email["Subject"] = subject
        email["From"] = formataddr((self.sender_name, self.sender))
        email["To"] = recipient
        email["Message-ID"] = make_msgid(domain=self.sender.partition("@")[2] or "localhost")
        email["List-Unsubscribe"] = f"<{link}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        footer_text = f"\n\n--\nเลิกรับอีเมลนี้ / Unsubscribe: {link}"
        plain = text + (f"\n\n{message.link_url}" if message.link_url else "") + footer_text
        email.set_content(plain)
        paragraphs = "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in text.split("\n\n"))
        chart_id = make_msgid(domain="chart.local")
        image_html = f'<p><img src="cid:{chart_id[1:-1]}" alt="chart" style="max-width:100%"></p>' if image else ""
        link_html = ""
        if message.link_url:
            escaped = html.escape(message.link_url)
            link_html = f'<p><a href="{escaped}">{escaped}</a></p>'
        body_html = (
            f'<html><body style="font-family:sans-serif">{paragraphs}{image_html}{link_html}'
            f'<hr><p style="font-size:small;color:#777">ไม่ต้องการรับอีเมลนี้อีก? '
            f'<a href="{html.escape(link)}">เลิกรับ / Unsubscribe</a></p></body></html>'
        )
        email.add_alternative(body_html, subtype="html")
        if image:
            html_part = email.get_body(preferencelist=("html",))
            assert isinstance(html_part, EmailMessage)
            html_part.add_related(image, maintype="image", subtype="png", cid=chart_id, filename="chart.png")
        return email

    # --- sending ---

    def send_notice(self, recipient: str, subject: str, text: str, image: bytes | None = None) -> None:
        """One plain message to one person outside any announcement (a sign-up's
        confirmation link, an alert with its chart as a PNG): sent now, and a
        failure raised for the caller to show or retry."""
        email = EmailMessage()
        email["Subject"] = subject
        email["From"] = formataddr((self.sender_name, self.sender))
        email["To"] = recipient
        email["Message-ID"] = make_msgid(domain=self.sender.partition("@")[2] or "localhost")
        email["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to it
        email.set_content(text)
        if image:
            email.add_attachment(image, maintype="image", subtype="png", filename="chart.png", disposition="inline")
        connection = self._connect()
        try:
            connection.send_message(email)
        except smtplib.SMTPRecipientsRefused:
            raise PermanentFailure("the SMTP server refused the address") from None
        except smtplib.SMTPResponseException as error:
            raise _smtp_error(error.smtp_code, str(error.smtp_error)) from None
        except (OSError, smtplib.SMTPException) as error:
            raise ServerError(f"SMTP connection lost: {type(error).__name__}") from None
        finally:
            _close(connection)

    def _connect(self) -> smtplib.SMTP:
        try:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.starttls:
                connection.starttls(context=ssl.create_default_context())
            if self.username:
                connection.login(self.username, self.password)
        except smtplib.SMTPAuthenticationError as error:
            raise AuthFailed(
                f"the SMTP server rejected the login ({error.smtp_code}): check SMTP_USERNAME and SMTP_PASSWORD"
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise PermanentFailure(
                "the SMTP server does not offer STARTTLS; set SMTP_STARTTLS=false if that is intended"
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise ServerError(
                f"could not connect to the SMTP server {self.host}:{self.port}: {type(error).__name__}"
            ) from None
        return connection

    def _send(self, request: SendRequest) -> list[str]:
        message, recipients = request.message, request.recipients
        if not recipients:
            return list(request.already_sent)
        done = list(request.already_sent)
        remaining = [address for address in recipients if address not in set(done)]
        if not remaining:
            return done
        image = None
        if message.image_url and self.image_loader is not None:
            try:
                image = self.image_loader(message.image_url)
            except Exception:
                log.warning("chart image unavailable for e-mail; sending without it")
        connection = self._connect()
        try:
            for address in remaining:
                email = self.compose(message, address, image)
                try:
                    connection.send_message(email)
                except smtplib.SMTPRecipientsRefused:
                    log.warning("SMTP refused one recipient; skipped")  # the address is not logged
                    done.append(address)  # a refused address is final: never retried
                    continue
                except smtplib.SMTPResponseException as error:
                    raise _smtp_error(error.smtp_code, str(error.smtp_error)).after(done) from None
                except (TimeoutError, smtplib.SMTPServerDisconnected) as error:
                    # smtplib reports a read timeout as a disconnect "timed out". Waiting
                    # for the reply to the message, it may have been accepted: never
                    # send it again blindly. Other disconnects: nothing was accepted.
                    if isinstance(error, TimeoutError) or "timed out" in str(error):
                        unknown = UnknownOutcome("the SMTP server did not answer after the message was sent")
                        raise unknown.after(done) from None
                    raise ServerError(f"SMTP connection lost: {type(error).__name__}").after(done) from None
                except OSError as error:
                    raise ServerError(f"SMTP connection lost: {type(error).__name__}").after(done) from None
                done.append(address)
        finally:
            _close(connection)
        return done


def _close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


def _smtp_error(code: int, text: str) -> PublishError:
    detail = f"SMTP {code}: {text[:200]}"
    if code in (421, 450, 451, 452):
        return RateLimited(f"the SMTP server asked to try later ({detail})")
    if code in TEMPORARY_CODES:
        return ServerError(detail)
    if code in (530, 535):
        return AuthFailed(f"the SMTP server requires authentication ({detail})")
    return PermanentFailure(detail)
