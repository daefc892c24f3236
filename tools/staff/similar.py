"""Grouping what visitors typed: similar messages (shared words, and spelling-level similarity;
no downloaded model) go together, so staff see a question once with its count."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from tools.staff.conversations import Message

SIMILAR = 0.5  # share at least half their content words
SAME_WORD = 0.8  # difflib ratio of two spellings of one word
SAME_MESSAGE = 0.85  # difflib ratio of two typings of one message
_STOPWORD_TEXT = """a an the is are was were be been am do does did i me my you your it its this that of to in on
for with and or but can could would should will what how why when where who which there any about please
tell know want need get have has had if so just whats hows im dont does doesnt"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

@dataclass
class Group:
    messages: list[Message] = field(default_factory=list)
    _tokens: list[frozenset[str]] = field(default_factory=list)

    @property
    def example(self) -> Message:
        return self.messages[0]

    @property
    def latest(self) -> float:
        return max(m.timestamp for m in self.messages)

    def variants(self, limit: int = 5) -> list[str]:
        seen: dict[str, str] = {}
        for message in self.messages[1:]:
            seen.setdefault(normalised(message.text), message.text)
        seen.pop(normalised(self.example.text), None)
        return list(seen.values())[:limit]

    def ended_in(self) -> str:
        counts = Counter(m.intent or m.action for m in self.messages)
        return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in counts.most_common())


# --- grouping --------------------------------------------------------------------------------

def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def tokens(text: str) -> frozenset[str]:
    """Content words, crudely singular: 'Leukemias?' and 'leukemia' are the same word."""
    words = (w for w in re.findall(r"[a-z0-9]+", text.lower().replace("'s", "")) if w not in _STOPWORDS)
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _same_word(a: str, b: str) -> bool:
    """Equal, or a spelling variant of a longer word (leukemia / leukaemia, diagnose / diagnosed)."""
    return a == b or (min(len(a), len(b)) > 3 and difflib.SequenceMatcher(None, a, b).ratio() >= SAME_WORD)


def similarity(a: str, b: str, tokens_a: frozenset[str] | None = None, tokens_b: frozenset[str] | None = None) -> float:
    """Shared content words over all content words (Jaccard, counting spelling variants as shared);
    a near-identical whole message (a typo) counts as similar too."""
    tokens_a = tokens(a) if tokens_a is None else tokens_a
    tokens_b = tokens(b) if tokens_b is None else tokens_b
    if not tokens_a or not tokens_b:
        jaccard = 1.0 if tokens_a == tokens_b else 0.0
    else:
        shared = sum(1 for word in tokens_a if any(_same_word(word, other) for other in tokens_b))
        jaccard = shared / (len(tokens_a) + len(tokens_b) - shared)
    whole = difflib.SequenceMatcher(None, normalised(a), normalised(b)).ratio()
    return max(jaccard, whole if whole >= SAME_MESSAGE else 0.0)


def group_messages(messages: list[Message], threshold: float = SIMILAR) -> list[Group]:
    """Groups of similar messages, the group with the newest message first."""
    groups: list[Group] = []
    for message in sorted(messages, key=lambda m: m.timestamp, reverse=True):
        message_tokens = tokens(message.text)
        best, best_score = None, threshold
        for group in groups:
            score = max(similarity(message.text, m.text, message_tokens, t)
                        for m, t in zip(group.messages[:20], group._tokens[:20], strict=False))
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            best = Group()
            groups.append(best)
        best.messages.append(message)
        best._tokens.append(message_tokens)
    return groups
