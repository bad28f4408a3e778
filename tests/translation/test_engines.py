"""Machine-draft engines for real: Debian's Apertium, and the HTTP engine against a local server speaking
LibreTranslate's protocol on 127.0.0.1."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jtwg.models import TranslationStatus as S
from jtwg.services.settings import set_setting
from jtwg.services.translation import review
from jtwg.services.translation.engines import (
    SETTING_ENGINE, SETTING_KEY, SETTING_TIMEOUT, SETTING_URL, ApertiumEngine, EngineError, HttpEngine, NoEngine,
    engine_from_settings,
)
from jtwg.services.translation.texts import meeting_texts


def test_no_engine_is_the_default_and_says_so(demo_conn):
    engine = engine_from_settings(demo_conn)
    assert isinstance(engine, NoEngine)
    with pytest.raises(EngineError) as none:
        engine.translate(["Hello."], "en", "fr")
    assert "Aucun moteur de traduction n'est configuré" in none.value.message("fr")


def test_apertium_pivots_through_catalan_as_a_rough_draft(demo_conn, fifth, actor):
    assert ApertiumEngine.available(), "run scripts/install-system-deps.sh (Debian apertium, apertium-eng-cat, apertium-fra-cat)"
    engine = ApertiumEngine()
    out = engine.translate(["The meeting agreed to meet again in six months.", "Thank you."], "en", "fr")
    assert len(out) == 2 and "six mois" in out[0] and out[1] == "Merci."   # rough: "La rencontre a convenu …"
    back = engine.translate(["La réunion a été ouverte."], "fr", "en")
    assert "meeting" in back[0].lower()
    report = review.fill(demo_conn, meeting_id=fifth.id, actor=actor, target="fr", engine=engine)
    assert report.filled["machine"] == 3 and not report.errors
    drafts = [x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.status is S.MACHINE]
    assert len(drafts) == 3 and all(x.origin == "apertium (rough draft)" and x.value.fr for x in drafts)


class LibreTranslateLike(BaseHTTPRequestHandler):
    """POST /translate {q, source, target, format, api_key} -> {translatedText}; a key is required."""

    delay = 0.0

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(type(self).delay)
        if self.path != "/translate":
            self.send_response(404); self.end_headers(); return
        if body.get("api_key") != "secret-key":
            self.send_response(403); self.end_headers(); self.wfile.write(b'{"error": "Invalid API key"}'); return
        q = body["q"]
        out = [f"<{body['target']}> {x}" for x in q] if isinstance(q, list) else f"<{body['target']}> {q}"
        data = json.dumps({"translatedText": out}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except BrokenPipeError:   # the client gave up (the timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), LibreTranslateLike)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    LibreTranslateLike.delay = 0.0
    httpd.shutdown()
    httpd.server_close()


def test_http_engine_speaks_the_protocol(server, demo_conn, fifth, actor):
    engine = HttpEngine(server, "secret-key")
    assert engine.translate(["One.", "Two."], "en", "fr") == ["<fr> One.", "<fr> Two."]
    set_setting(demo_conn, SETTING_ENGINE, "http", actor=actor)
    set_setting(demo_conn, SETTING_URL, server + "/", actor=actor)
    set_setting(demo_conn, SETTING_KEY, "secret-key", actor=actor)
    configured = engine_from_settings(demo_conn)
    report = review.fill(demo_conn, meeting_id=fifth.id, actor=actor, target="fr", engine=configured)
    assert report.filled["machine"] == 3
    assert all(x.value.fr.startswith("<fr> ") for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.status is S.MACHINE)


def test_http_errors_in_the_users_language(server, demo_conn, fifth, actor):
    with pytest.raises(EngineError) as refused:
        HttpEngine(server, "wrong").translate(["One."], "en", "fr")
    assert refused.value.key == "translation.http_status" and "HTTP 403" in refused.value.message("fr")
    LibreTranslateLike.delay = 1.5
    with pytest.raises(EngineError) as slow:
        HttpEngine(server, "secret-key", timeout=0.5).translate(["One."], "en", "fr")
    assert slow.value.key == "translation.http_timeout"
    assert "n'a pas répondu en 0.5 secondes" in slow.value.message("fr")
    with pytest.raises(EngineError) as unreachable:
        HttpEngine("http://127.0.0.1:9", "k", timeout=2).translate(["One."], "en", "fr")
    assert unreachable.value.key == "translation.http_unreachable"
    # Through a fill, the error is reported, nothing is half-saved.
    report = review.fill(demo_conn, meeting_id=fifth.id, actor=actor, target="fr",
                         engine=HttpEngine("http://127.0.0.1:9", "k", timeout=2), lang="fr")
    assert report.errors and "injoignable" in report.errors[0] and report.filled["machine"] == 0
