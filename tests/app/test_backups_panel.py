"""The Backups section of Settings, run through AppTest on a demo database file: back up now, list, download."""

from __future__ import annotations

import stat

import pytest


@pytest.mark.parametrize("lang, done, column", [("en", "Backup jtwg-", "Size"), ("fr", "Sauvegarde jtwg-", "Taille")])
def test_secretariat_backs_up_now_and_sees_the_backup_listed(app, demo_db_file, tmp_path, monkeypatch, lang, done, column):
    folder = tmp_path / "server-backups"
    monkeypatch.setenv("JTWG_BACKUP_DIR", str(folder))
    at = app(lang).switch_page("pages/settings.py").run()
    assert not at.exception
    assert any("JTWG_BACKUP_DIR" in c.value for c in at.caption)
    assert not list(folder.glob("*.duckdb")) if folder.exists() else True
    button = next(b for b in at.button if b.key == "backup_now")
    at = button.click().run()
    assert not at.exception
    assert any(s.value.startswith(done) for s in at.success), [s.value for s in at.success]
    made = list(folder.glob("jtwg-*-manual.duckdb"))
    assert len(made) == 1 and stat.S_IMODE(made[0].stat().st_mode) == 0o600
    frame = at.dataframe[-1].value
    assert column in frame.columns and made[0].name in list(frame.iloc[:, 0])
    assert at.selectbox(key="backup_choice").value == made[0].name
