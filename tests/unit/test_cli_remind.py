"""`jtwg remind` on the demo database file: a dry run sends nothing; a real run sends the French digest once."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.smtp import smtp_server


def remind(db_path, port, *args):
    env = {**os.environ, "JTWG_DB": str(db_path), "JTWG_USER": "sec", "JTWG_SMTP_HOST": "127.0.0.1", "JTWG_SMTP_PORT": str(port),
           "JTWG_SMTP_TLS": "none", "JTWG_MAIL_FROM": "secretariat@jtwg.example.org", "JTWG_BASE_URL": "https://jtwg.example.org"}
    return subprocess.run([sys.executable, "-m", "jtwg", *args], env=env, capture_output=True, text=True, timeout=120)


def test_remind_dry_run_then_send_once(demo_db_file):
    with smtp_server() as (box, port):
        dry = remind(demo_db_file, port, "remind", "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert "Dry run" in dry.stdout and "Salamatou Issa (FR), 1 item(s): s.issa@anltp.example.org" in dry.stdout
        assert box.received == []
        sent = remind(demo_db_file, port, "--lang", "fr", "remind", "--as-of", "2022-06-15")
        assert sent.returncode == 0, sent.stderr
        assert "1 message(s) mis en file, 1 envoyé(s), 0 en attente" in sent.stdout
        assert [r.recipients for r in box.received] == [["s.issa@anltp.example.org"]]
        message = box.received[0].message
        assert "https://jtwg.example.org/actions?group=NE-NG&q=A4-04" in message.get_body(("plain",)).get_content()
        again = remind(demo_db_file, port, "remind", "--as-of", "2022-06-15")
        assert again.returncode == 0 and len(box.received) == 1


def test_remind_rejects_a_bad_date(demo_db_file):
    out = remind(demo_db_file, 1, "remind", "--as-of", "15/06/2022")
    assert out.returncode == 2 and "Traceback" not in out.stderr
