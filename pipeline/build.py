"""Build the project's spaCy pipeline from the content: `python -m pipeline.build [--out DIR]`.

No model is downloaded. The pipeline is spaCy's English tokenizer, a lookup lemmatizer and
two rule components made from content/ (see core/vocabulary.py):
- `entity_ruler`: the page's terms and their synonyms, labelled by kind, with the canonical
  name as the match id (`ent.ent_id_`);
- `span_ruler` (spans key "emergency"): emergency phrases, labelled by kind; spans may overlap
  the terms ("difficulty breathing" is both), so they live apart from the entities.
A third, `cue_ruler` (spans key "cues"), finds what else a message is read for
(pipeline/cues.py): emergency words that count only together, fever words, details the page
may lack, topic words and follow-up words. All three match on NORM: lowercase, with UK
spellings as US ones ("leukaemia" → "leukemia") and contractions spelled out ("can't" =
"cannot" = "can not"). NORM spells UK words the US way only in lowercase, so text is matched
lowercased (Rasa's SpacyNLP lowercases by default; the matcher does it too). A phrase written
in capitals ("ALL") is kept only when the visitor typed it in capitals (pipeline/matching.py
checks the original text), so "all" is a word.

What the matcher needs besides the patterns (which terms the page does not list, the words
typos are corrected to) goes into the pipeline's meta.json under "all_assistant", so a
saved pipeline carries everything and cannot drift from the content it was built from.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from core.checking import ContentError
from core.content import Content, read_content
from core.page import Page
from core.paths import FOLLOW_UPS_FILE, LIMITS_FILE, PAGE_FILE, PROJECT_DIR, SAFETY_FILE, SCOPE_FILE, SYNONYMS_FILE
from core.safety import GAP
from core.vocabulary import Vocabulary
from pipeline.cues import CUE_SPANS, DETAIL, FEVER_WORD, FOLLOW_UP, TOGETHER, TOPIC
from pipeline.scope_meta import scope_meta

DEFAULT_OUT = PROJECT_DIR / "build" / "spacy_pipeline"
META_KEY = "all_assistant"
EMERGENCY_SPANS = "emergency"
# Words of everyday English ("monday", "privacy", "helpful"): spaCy's word frequencies
# (spacy-lookups-data) above this log probability; "asdf" or "zxcv" fall below it. Only for
# telling words from keys pressed at random: the language guard keeps the lemma tables,
# which foreign words are seldom in.
COMMON_WORDS = "common_words"
COMMON_WORD_LOG_PROB = -15.0
MAX_GAP = 5  # words allowed where an emergency phrase says "..."
TYPO_MIN_LENGTH = 6  # shorter words are too easily another real word
_WORD = re.compile(r"^[a-z]+$")


def content_hash(paths: tuple[Path, ...] = (PAGE_FILE, SYNONYMS_FILE, SAFETY_FILE, LIMITS_FILE, SCOPE_FILE,
                                            FOLLOW_UPS_FILE)) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_capitals(phrase: str) -> bool:
    """"ALL": written in capitals, so it only counts when typed in capitals."""
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def blank_pipeline() -> Any:
    """English tokenizer + lookup lemmatizer, initialized with the lookup tables
    (spacy-lookups-data): lemmas, and the norms that spell UK words the US way."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.config["initialize"]["lookups"] = {
        "@misc": "spacy.LookupsDataLoader.v1",
        "lang": "en",
        "tables": ["lexeme_norm"],
    }
    nlp.initialize()
    add_common_words(nlp)
    return nlp


def add_common_words(nlp: Any) -> None:
    from spacy.lookups import load_lookups

    frequencies = load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")
    # Keyed by the words' hashes, as spaCy's tables are: `word in table` hashes the word.
    nlp.vocab.lookups.add_table(COMMON_WORDS, {key: True for key, log_prob in frequencies.items()
                                               if log_prob > COMMON_WORD_LOG_PROB})


def number_variants(nlp: Any, phrase: str) -> list[str]:
    """The phrase with its last word in the singular and the plural ("nosebleeds",
    "nosebleed"), so trainers need not list both."""
    words = phrase.split(" ")
    last = words[-1]
    if not _WORD.match(last.lower()) or len(last) < 3 or is_capitals(phrase):
        return [phrase]
    lemma = nlp(last.lower())[0].lemma_
    if last.lower().endswith("s") and lemma != last.lower():
        other = lemma  # a plural's singular; other lemmas are unsafe ("liver" → "live")
    elif last.endswith(("s", "x", "ch", "sh")):
        other = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        other = last[:-1] + "ies"
    else:
        other = last + "s"
    return [phrase, " ".join([*words[:-1], other])]


def phrase_variants(nlp: Any, phrase: str) -> list[str]:
    forms = [phrase]
    if "-" in phrase:
        forms.append(phrase.replace("-", " "))
    variants: list[str] = []
    for form in forms:
        for variant in number_variants(nlp, form):
            if variant not in variants:
                variants.append(variant)
    return variants


def _norms(nlp: Any, text: str) -> list[str]:
    return [t.norm_ for t in nlp.make_doc(text)]


def term_patterns(nlp: Any, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for term in vocabulary.terms:
        for phrase in term.phrases:
            for variant in phrase_variants(nlp, phrase):
                pattern = variant.lower()
                key = tuple(_norms(nlp, pattern))
                if key in seen:
                    continue  # e.g. "lymph node" generated from both "lymph nodes" and "lymph node"
                seen.add(key)
                patterns.append({"label": term.kind, "pattern": pattern, "id": term.canonical})
    return patterns


def capitals_only(vocabulary: Vocabulary) -> list[str]:
    """Phrases written in capitals ("ALL"): the matcher keeps them only when typed so."""
    return sorted({p.lower() for t in vocabulary.terms for p in t.phrases if is_capitals(p)})


def phrase_pattern(nlp: Any, phrase: str, label: str) -> dict[str, Any]:
    """A span-ruler pattern; "..." in the phrase allows up to MAX_GAP words in between."""
    parts = [p.strip().lower() for p in phrase.split(GAP)]
    if len(parts) == 1:
        return {"label": label, "pattern": parts[0], "id": label}
    gap = [{"IS_PUNCT": False, "OP": "?"}] * MAX_GAP
    tokens: list[dict[str, Any]] = []
    for n, part in enumerate(parts):
        if n:
            tokens.extend(dict(g) for g in gap)
        tokens.extend({"NORM": norm} for norm in _norms(nlp, part))
    return {"label": label, "pattern": tokens, "id": label}


def emergency_patterns(nlp: Any, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    return [phrase_pattern(nlp, e.phrase, e.kind) for e in vocabulary.emergencies]


def cue_patterns(nlp: Any, content: Content) -> list[dict[str, Any]]:
    """Everything else a message is read for (labels in pipeline/cues.py): the parts of
    emergencies that count only together, fever words, details the page may lack, topic
    words and follow-up words."""
    safety = content.vocabulary.safety
    labelled: list[tuple[str, str]] = []
    for rule in safety.together:
        labelled += [(p, f"{TOGETHER}{rule.kind}:{n}") for n, group in enumerate(rule.groups) for p in group]
    if safety.temperature is not None:
        labelled += [(p, FEVER_WORD) for p in safety.temperature.words]
    labelled += [(p, f"{DETAIL}{d.kind}") for d in content.limits.details.values() for p in d.asks]
    labelled += [(p, TOPIC) for p in content.scope.topic_words]
    labelled += [(p, f"{FOLLOW_UP}{kind}") for kind, phrases in content.follow_ups.phrases.items() for p in phrases]
    return [phrase_pattern(nlp, phrase, label) for phrase, label in labelled]


def typo_words(nlp: Any, patterns: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Words of the patterns a misspelled word may be corrected to, each with what it is part
    of ("kind:canonical"): a typo near several words of the same term ("headahces" is one edit
    from "headaches" and from the listed typo "headaces") is still read as that term."""
    words: dict[str, set[str]] = {}
    for pattern in patterns:
        value = pattern["pattern"]
        norms = _norms(nlp, value) if isinstance(value, str) else [t.get("NORM", "") for t in value]
        for word in norms:
            if _WORD.match(word) and len(word) >= TYPO_MIN_LENGTH:
                words.setdefault(word, set()).add(f"{pattern['label']}:{pattern['id']}")
    return {word: sorted(targets) for word, targets in sorted(words.items())}


def page_words(nlp: Any, page: Page) -> list[str]:
    """Every word of the page: real words, never "corrected" into a term."""
    texts = [s.text for _, s in page.sentences()]
    texts += [f"{lst.intro} {item.text}" for section in page.sections for lst in section.lists for item in lst.items]
    return sorted({t.norm_ for text in texts for t in nlp.make_doc(text) if _WORD.match(t.norm_)})


def temperature_meta(vocabulary: Vocabulary) -> dict[str, float] | None:
    temperature = vocabulary.safety.temperature
    if temperature is None:
        return None
    return {"celsius_from": temperature.celsius_from, "fahrenheit_from": temperature.fahrenheit_from}


def build_pipeline(content: Content) -> Any:
    vocabulary = content.vocabulary
    nlp = blank_pipeline()
    terms = term_patterns(nlp, vocabulary)
    emergencies = emergency_patterns(nlp, vocabulary)
    # The rulers go before the lemmatizer: they match on NORM and don't need lemmas, and
    # adding (or loading) patterns then only tokenizes them instead of running the lemmatizer.
    ruler = nlp.add_pipe(
        "entity_ruler", before="lemmatizer", config={"phrase_matcher_attr": "NORM", "validate": True}
    )
    ruler.add_patterns(terms)
    spans = nlp.add_pipe(
        "span_ruler",
        before="lemmatizer",
        config={"spans_key": EMERGENCY_SPANS, "phrase_matcher_attr": "NORM", "validate": True},
    )
    spans.add_patterns(emergencies)
    cues = nlp.add_pipe(
        "span_ruler", name="cue_ruler",
        before="lemmatizer",
        config={"spans_key": CUE_SPANS, "phrase_matcher_attr": "NORM", "validate": True},
    )
    cues.add_patterns(cue_patterns(nlp, content))
    nlp.meta["name"] = "all_page_terms"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Terms of the ALL patient page and emergency phrases, built by pipeline/build.py"
    nlp.meta[META_KEY] = {
        "content_sha256": content_hash(),
        "not_on_page": sorted([t.kind, t.canonical] for t in vocabulary.terms if not t.on_page),
        "capitals_only": capitals_only(vocabulary),
        "typo_words": typo_words(nlp, terms + emergencies),
        # Real words, never corrected as typos nor taken for keyboard mash.
        "page_words": sorted({*page_words(nlp, content.page), *content.scope.chat_words}),
        "emergency_spans": EMERGENCY_SPANS,
        "common_words": COMMON_WORDS,
        "likeness_words": list(content.scope.likeness_words),
        "cue_spans": CUE_SPANS,
        "together": {rule.kind: len(rule.groups) for rule in vocabulary.safety.together},
        "temperature": temperature_meta(vocabulary),
        **scope_meta(content),
    }
    return nlp


def save(nlp: Any, out: Path) -> None:
    """Write next to the target and swap in, so a running server never sees half a pipeline."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        nlp.to_disk(staging)
        staging.chmod(0o755)  # mkdtemp makes it private; the servers may run as another user
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to save it (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        content = read_content()
        nlp = build_pipeline(content)
    except ContentError as error:
        print(f"Cannot build the spaCy pipeline:\n{error}", file=sys.stderr)
        return 1
    save(nlp, args.out)
    n_terms = len(nlp.get_pipe("entity_ruler").patterns)
    n_emergency = len(nlp.get_pipe("span_ruler").patterns)
    print(f"spaCy pipeline saved to {args.out}: {len(content.vocabulary.terms)} terms ({n_terms} patterns), "
          f"{n_emergency} emergency phrases.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
