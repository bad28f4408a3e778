"""Email: the secretariat's outbox, reminders (schedule, preview, send now), contacts and mail settings;
every signed-in user turns their own reminders off or on here."""

from jtwg.ui.display import header
from jtwg.ui.context import guard, page_context
from jtwg.ui.mail import email_page

ctx = page_context("email")
if ctx:
    with guard(ctx.lang):
        header(ctx, "mail.title", "mail.intro")
        email_page(ctx)
