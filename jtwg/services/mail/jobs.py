"""The mail jobs the app's scheduler runs: the reminder digests (once a day is enough; a second run the same
day sends nothing new) and the outbox sender, which retries failed messages after their back-off.

Registered with the app's scheduler (jtwg/services/scheduler.py) when the UI opens the database (jtwg.ui.context):
    from jtwg.services.mail.jobs import register_mail_jobs
    register_mail_jobs(register_job)
Each job takes the cursor the scheduler gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from jtwg.models import Actor
from jtwg.services import settings as app_settings
from jtwg.services.mail import config as mail_config
from jtwg.services.mail.outbox import SendReport, send_queued
from jtwg.services.mail.reminders import ReminderRun, run_reminders
from jtwg.store.records import Cursor

SCHEDULER_ACTOR = Actor.system("scheduler")
REMINDERS_EVERY = timedelta(hours=1)
OUTBOX_EVERY = timedelta(minutes=5)


def reminders_job(cursor: Cursor) -> ReminderRun:
    """Reminders as of the dashboard's date (queued and sent); idempotent within a day."""
    return run_reminders(cursor, as_of=app_settings.today(cursor), dry_run=False, actor=SCHEDULER_ACTOR)


def outbox_job(cursor: Cursor) -> SendReport:
    """Send what is queued and due, failed attempts included once their back-off has passed."""
    return send_queued(cursor, config=mail_config.load(cursor), actor=SCHEDULER_ACTOR, now=datetime.now())


def register_mail_jobs(register_job: Callable[..., object]) -> None:
    register_job("mail.reminders", REMINDERS_EVERY, reminders_job)
    register_job("mail.outbox", OUTBOX_EVERY, outbox_job)
