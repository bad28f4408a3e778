"""Machine draft engines: a small interface (translate segments from one language to the other).

Built in: none (the default), Apertium from Debian (English–French through Catalan: a rough draft) and
an HTTP engine speaking the LibreTranslate API on the organisation's own network.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from typing import Protocol

from jtwg.errors import JtwgError
from jtwg.services.settings import get_setting

ENGINES = ("none", "apertium", "http")
SETTING_ENGINE, SETTING_URL, SETTING_KEY, SETTING_TIMEOUT = (
    "translation.engine", "translation.http_url", "translation.http_key", "translation.http_timeout")


class EngineError(JtwgError):
    """The engine could not translate; the message says why in the user's language."""


class Engine(Protocol):
    name: str
    rough: bool                 # its output is a rough draft (say so on screen)
    sends_over_network: bool    # confidential texts are never given to it

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]: ...


class NoEngine:
    name, rough, sends_over_network = "none", False, False

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        raise EngineError(key="translation.engine_none")


class ApertiumEngine:
    """Debian's Apertium: eng→cat→fra and fra→cat→eng, about a second a paragraph."""

    name, rough, sends_over_network = "apertium", True, False
    PIVOT = {("en", "fr"): ("eng-cat", "cat-fra"), ("fr", "en"): ("fra-cat", "cat-eng")}

    def __init__(self, timeout: float = 120.0) -> None:
        self.timeout = timeout

    @staticmethod
    def available() -> bool:
        return shutil.which("apertium") is not None

    def _run(self, mode: str, text: str) -> str:
        try:
            done = subprocess.run(["apertium", "-u", mode], input=text, capture_output=True, text=True,
                                  timeout=self.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(str(exc), key="translation.engine_failed", engine="Apertium") from exc
        if done.returncode != 0:
            raise EngineError(done.stderr.strip(), key="translation.engine_failed", engine="Apertium")
        return done.stdout

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        if not self.available():
            raise EngineError(key="translation.apertium_missing")
        if not segments:
            return []
        first, second = self.PIVOT[(src, tgt)]
        # One call per step for all segments: blank-line separated paragraphs keep their order.
        joined = "\n\n".join(s.replace("\n", " ") for s in segments)
        out = self._run(second, self._run(first, joined))
        parts = [p.strip() for p in out.strip().split("\n\n")]
        if len(parts) != len(segments):
            parts = [self._run(second, self._run(first, s)).strip() for s in segments]
        return parts


class HttpEngine:
    """An engine on the organisation's network speaking LibreTranslate's POST /translate."""

    name, rough, sends_over_network = "http", False, True

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 20.0) -> None:
        self.url, self.api_key, self.timeout = url.rstrip("/"), api_key or None, timeout

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        if not segments:
            return []
        body = {"q": segments, "source": src, "target": tgt, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        request = urllib.request.Request(f"{self.url}/translate", data=json.dumps(body).encode("utf-8"),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except TimeoutError as exc:
            raise EngineError(str(exc), key="translation.http_timeout", url=self.url, seconds=self.timeout) from exc
        except urllib.error.HTTPError as exc:
            raise EngineError(str(exc), key="translation.http_status", url=self.url, status=exc.code) from exc
        except (urllib.error.URLError, OSError) as exc:
            if "timed out" in str(exc):
                raise EngineError(str(exc), key="translation.http_timeout", url=self.url, seconds=self.timeout) from exc
            raise EngineError(str(exc), key="translation.http_unreachable", url=self.url) from exc
        except ValueError as exc:
            raise EngineError(str(exc), key="translation.http_bad_answer", url=self.url) from exc
        out = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(out, str) and len(segments) == 1:
            out = [out]
        if not isinstance(out, list) or len(out) != len(segments) or not all(isinstance(x, str) for x in out):
            raise EngineError(str(data)[:200], key="translation.http_bad_answer", url=self.url)
        return out


def engine_from_settings(cur, name: str | None = None) -> Engine:
    """The engine named (or the configured one): none unless an administrator chose another."""
    name = name or get_setting(cur, SETTING_ENGINE) or "none"
    if name == "apertium":
        return ApertiumEngine()
    if name == "http":
        url = get_setting(cur, SETTING_URL)
        if not url:
            raise EngineError(key="translation.http_no_url")
        return HttpEngine(url, get_setting(cur, SETTING_KEY), float(get_setting(cur, SETTING_TIMEOUT) or 20))
    if name != "none":
        raise EngineError(key="translation.engine_unknown", engine=name)
    return NoEngine()
