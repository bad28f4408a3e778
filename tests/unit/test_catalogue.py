"""The message catalogue: every key the code uses exists in English and French, with French typography."""

import csv
import inspect
import re
import string
from enum import StrEnum

import jtwg.models as models
from jtwg.config import PROJECT_ROOT
from jtwg.i18n import catalogue, fr_typography, t

CATALOGUE_FILE = PROJECT_ROOT / "jtwg" / "messages.csv"
SOURCES = [*PROJECT_ROOT.glob("app.py"), *PROJECT_ROOT.glob("pages/*.py"), *PROJECT_ROOT.glob("jtwg/**/*.py")]
# Literal keys passed to t(...) or as *_key arguments / key= of errors.
KEY_USE = re.compile(r"""(?:\bt\(|_key=|key=|\bheader\(ctx, )\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
TABLE_KEYS = re.compile(r"""["']((?:[a-z]+)\.col_[a-z_]+)["']""")


def used_keys() -> set[str]:
    keys = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys |= set(KEY_USE.findall(text)) | set(TABLE_KEYS.findall(text))
    return keys


def test_file_is_key_en_fr_with_unique_keys():
    with CATALOGUE_FILE.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        assert next(reader) == ["key", "en", "fr"]
        keys = [row[0] for row in reader]
    assert len(keys) == len(set(keys)), "duplicate keys"


def test_every_used_key_exists():
    missing = sorted(k for k in used_keys() if k not in catalogue())
    assert missing == []


def test_every_enum_value_has_a_label():
    enums = [obj for _, obj in inspect.getmembers(models, inspect.isclass)
             if issubclass(obj, StrEnum) and obj is not StrEnum]
    assert len(enums) > 20
    missing = [f"enum.{e.__name__}.{v.value}" for e in enums for v in e if f"enum.{e.__name__}.{v.value}" not in catalogue()]
    assert missing == []


def test_both_languages_filled_and_placeholders_match():
    formatter = string.Formatter()
    problems = []
    for key, entry in catalogue().items():
        if not entry["en"].strip() or not entry["fr"].strip():
            problems.append(f"{key}: empty")
            continue
        fields = [{f for _, f, _, _ in formatter.parse(entry[lang]) if f} for lang in ("en", "fr")]
        if fields[0] != fields[1]:
            problems.append(f"{key}: placeholders {fields[0]} vs {fields[1]}")
    assert problems == []


def test_french_typography():
    """Non-breaking space before : ; ? ! and inside « », as French print requires."""
    bad = []
    for key, entry in catalogue().items():
        fr = entry["fr"]
        # A punctuation mark preceded by a normal space, or glued to a word (times such as 16:15 excepted).
        if re.search(r" [:;?!»]|« |[^\s\u00a0\u202f\d{}/][;?!»]|[^\s\u00a0\u202f\d{}/]:(?=\s|$)|«[^\u00a0\u202f]", fr):
            bad.append(key)
        elif fr_typography(fr) != fr:
            bad.append(key)
    assert bad == []


def test_typography_rule_catches_a_translator_slip():
    assert fr_typography("Lieu : Niamey") == "Lieu\u00a0: Niamey"
    assert fr_typography("« projet »") == "«\u00a0projet\u00a0»"
    assert fr_typography("à 16:15") == "à 16:15"


def test_t_falls_back_and_fills_params():
    assert t("no.such.key", "fr") == "no.such.key"
    assert t("mou.article", "fr", article="8") == "Article 8"
    assert t("mou.article", "de", article="8") == "Article 8"


def test_agenda_labels_in_each_language():
    from jtwg.i18n import agenda_label

    assert agenda_label("Agenda Item 2", "fr") == "Point 2 de l'ordre du jour"
    assert agenda_label("Agenda Item 2", "en") == "Agenda Item 2"
    assert agenda_label("iv", "fr") == "iv" and agenda_label(None, "fr") == ""


# Keys whose French is generated text of the minutes (and of other Word output): after « : » a lower-case
# word, unless what follows is a name — an acronym (GTTC, NAPTIP), a title (M., Mme) — or a placeholder.
GENERATED = ("gen.", "word.", "agenda.std.", "matters.", "export.")
CAPITAL_AFTER_COLON = re.compile(r"[\u00a0\u202f ]:\s+(?!M\.|Mme\b|Mlle\b)([A-ZÀ-ÖØ-Þ])(?![A-ZÀ-ÖØ-Þ])")


def capitals_after_colon(text: str) -> list[str]:
    return [text[max(0, m.start() - 20):m.end() + 10] for m in CAPITAL_AFTER_COLON.finditer(text)]


def test_no_capital_after_a_colon_in_generated_french():
    bad = {key: capitals_after_colon(entry["fr"]) for key, entry in catalogue().items()
           if key.startswith(GENERATED) and capitals_after_colon(entry["fr"])}
    assert bad == {}


def test_the_colon_rule_flags_a_capital_and_spares_names():
    assert capitals_after_colon("Suite donnée au point d'action {code}\u00a0: Réalisé.")
    assert capitals_after_colon("Échéance\u00a0: Dans les {days} jours")
    assert not capitals_after_colon("Suite donnée au point d'action {code}\u00a0: réalisé.")
    assert not capitals_after_colon("Diffusion restreinte\u00a0: membres du GTTC")
    assert not capitals_after_colon("Coprésidents\u00a0: M. Abdou\u00a0; membres\u00a0: GTTC, NAPTIP")
    assert not capitals_after_colon("Présentation\u00a0: {who}")


def test_generated_outcome_of_a_matter_arising_is_lower_case_after_the_colon():
    from jtwg.models.workplan import ActionStatus
    from jtwg.services.translation.generation import matter_outcome

    for status in ActionStatus:
        text = matter_outcome(code="A4-01", status=status)
        assert not capitals_after_colon(text.fr), text.fr
        assert text.en.startswith("Outcome for action A4-01: ") and text.en.endswith(".")
    assert matter_outcome(code="A4-01", status=ActionStatus.DONE).fr == "Suite donnée au point d'action A4-01\u00a0: réalisé."
