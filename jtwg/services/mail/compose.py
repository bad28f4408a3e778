"""Building messages: a letter (greeting, paragraphs, a list of items, links) rendered as a plain text and
an HTML part, assembled with Python's email.message.EmailMessage (headers encoded by the library)."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone

from jtwg.i18n import t, typographic


@dataclass
class Line:
    """One entry of a letter's list: its text, an optional link, and a short note after it."""

    text: str
    link: str | None = None
    note: str = ""


@dataclass
class Section:
    heading: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Letter:
    """What a message says, independent of its format. Texts are already in the letter's language."""

    lang: str
    subject: str
    greeting: str
    paragraphs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)

    def typeset(self) -> "Letter":
        """French spacing (non-breaking spaces before : ; ? ! and inside « ») applied once, everywhere."""
        fix = lambda s: typographic(s, self.lang)  # noqa: E731
        return Letter(
            lang=self.lang, subject=fix(self.subject), greeting=fix(self.greeting),
            paragraphs=[fix(p) for p in self.paragraphs],
            sections=[Section(fix(s.heading), [Line(fix(x.text), x.link, fix(x.note)) for x in s.lines]) for s in self.sections],
            closing=[fix(c) for c in self.closing])


def footer(lang: str) -> list[str]:
    return [t("mail.signature", lang), t("mail.automatic_notice", lang)]


def render_text(letters: list[Letter]) -> str:
    blocks = []
    for letter in letters:
        out = [letter.greeting, ""]
        for paragraph in letter.paragraphs:
            out += [paragraph, ""]
        for section in letter.sections:
            out.append(section.heading)
            for line in section.lines:
                item = f"- {line.text}"
                if line.note:
                    item += f" ({line.note})"
                out.append(item)
                if line.link:
                    out.append(f"  {line.link}")
            out.append("")
        out += letter.closing
        blocks.append("\n".join(out).rstrip() + "\n")
    return "\n-----\n\n".join(blocks)


_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")


def _linked(text: str) -> str:
    """Escaped text with its web addresses as links."""
    escaped = html.escape(text)
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


def render_html(letters: list[Letter]) -> str:
    e = html.escape
    blocks = []
    for letter in letters:
        parts = [f'<div lang="{letter.lang}">', f"<p>{e(letter.greeting)}</p>"]
        parts += [f"<p>{_linked(p)}</p>" for p in letter.paragraphs]
        for section in letter.sections:
            parts.append(f"<h3>{e(section.heading)}</h3><ul>")
            for line in section.lines:
                text = f'<a href="{e(line.link)}">{e(line.text)}</a>' if line.link else e(line.text)
                note = f" <small>({e(line.note)})</small>" if line.note else ""
                parts.append(f"<li>{text}{note}</li>")
            parts.append("</ul>")
        body, notice = letter.closing[:-1], letter.closing[-1:]
        parts += [f"<p>{_linked(c)}</p>" for c in body]
        parts += [f'<p style="color: #666; font-size: 12px;">{_linked(c)}</p>' for c in notice]
        parts.append("</div>")
        blocks.append("\n".join(parts))
    body = "\n<hr>\n".join(blocks)
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
            f'<body style="font-family: Arial, sans-serif; font-size: 14px;">\n{body}\n</body></html>\n')


@dataclass
class Attachment:
    filename: str
    mime_type: str
    content: bytes
    params: dict[str, str] = field(default_factory=dict)   # e.g. {"method": "REQUEST"} for text/calendar


def build_message(
    *, letters: list[Letter], sender: str, recipient: str, recipient_name: str | None, key: str,
    attachments: list[Attachment], when: datetime | None = None,
) -> tuple[EmailMessage, str, str, str]:
    """The message (text and HTML alternatives, then attachments), and its subject, text and HTML bodies."""
    letters = [letter.typeset() for letter in letters]
    subject = " / ".join(dict.fromkeys(letter.subject for letter in letters))
    text, html_body = render_text(letters), render_html(letters)
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = _address(recipient_name, recipient)
    msg["Date"] = format_datetime((when or datetime.now(timezone.utc)).astimezone(timezone.utc))
    domain = sender.rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(idstring=hashlib.sha256(key.encode()).hexdigest()[:16], domain=domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html_body, subtype="html", charset="utf-8")
    for item in attachments:
        maintype, subtype = item.mime_type.split("/", 1)
        if maintype == "text":
            msg.add_attachment(item.content.decode("utf-8"), subtype=subtype, charset="utf-8", filename=item.filename,
                               params=item.params)
        else:
            msg.add_attachment(item.content, maintype=maintype, subtype=subtype, filename=item.filename)
    # Last: setting the content moves Content-* headers into the parts.
    msg["Content-Language"] = ", ".join(dict.fromkeys(letter.lang for letter in letters))
    return msg, subject, text, html_body


def _address(name: str | None, email: str) -> str:
    from email.headerregistry import Address

    local, _, domain = email.rpartition("@")
    return str(Address(display_name=name or "", username=local, domain=domain))
