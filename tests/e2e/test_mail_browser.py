"""Real browser and a real SMTP server: the secretariat previews the reminder digest, sends it, sees it wait in
the outbox while the server refuses, then sends it and sees it sent; the server got it exactly once."""

from __future__ import annotations

import shutil

from tests.support.live import running_app, settle, signed_in_tab
from tests.support.smtp import smtp_server


def metric(page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has_text=label).first
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def test_secretariat_previews_sends_reminders_and_sees_outbox_states(chromium, demo_db_template, tmp_path, monkeypatch):
    path = tmp_path / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    with smtp_server() as (box, port):
        for name, value in {"JTWG_SMTP_HOST": "127.0.0.1", "JTWG_SMTP_PORT": str(port), "JTWG_SMTP_TLS": "none",
                            "JTWG_MAIL_FROM": "secretariat@jtwg.example.org", "JTWG_BASE_URL": "https://jtwg.example.org"}.items():
            monkeypatch.setenv(name, value)
        box.refuse = True
        with running_app(path) as url:
            context, page = signed_in_tab(chromium, url, "sec", "/email", height=1100)
            page.get_by_role("heading", name="Email").first.wait_for()
            page.get_by_text("Preview: 1 digest(s) to send").wait_for()
            page.get_by_text("Message to Salamatou Issa (French)").click()
            page.get_by_text("Voici les actions du GTTC dont vous avez la charge").wait_for()
            page.get_by_role("button", name="Send reminders now").click()
            page.get_by_text("Reminders: 1 message(s) queued, 0 sent, 1 waiting in the outbox.").wait_for()
            settle(page)
            assert box.received == []

            page.get_by_role("tab", name="Outbox").click()
            settle(page)
            assert metric(page, "Queued") == "1" and metric(page, "Sent") == "0"
            page.get_by_text("State: Queued · attempts: 1").wait_for()
            box.refuse = False
            page.get_by_role("button", name="Send queued messages now").click()
            page.get_by_text("1 message(s) sent, 0 still waiting.").wait_for()
            settle(page)
            page.get_by_role("tab", name="Outbox").click()
            settle(page)
            assert metric(page, "Sent") == "1" and metric(page, "Queued") == "0"
            page.get_by_text("State: Sent · attempts: 2").wait_for()
            with page.expect_download() as download:
                page.get_by_role("button", name="Download .eml").click()
            assert download.value.suggested_filename.endswith(".eml")
            context.close()
    assert [r.recipients for r in box.received] == [["s.issa@anltp.example.org"]]
