"""Where the trainer-edited content files live."""

from __future__ import annotations

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONTENT_DIR = PROJECT_DIR / "content"
PAGE_FILE = CONTENT_DIR / "all_page.yml"
ANSWERS_FILE = CONTENT_DIR / "answers.yml"
SYNONYMS_FILE = CONTENT_DIR / "synonyms.yml"
SAFETY_FILE = CONTENT_DIR / "safety.yml"
SITE_FILE = CONTENT_DIR / "site.yml"
TITLES_FILE = CONTENT_DIR / "intent_titles.yml"
LIMITS_FILE = CONTENT_DIR / "answer_limits.yml"
SCOPE_FILE = CONTENT_DIR / "scope.yml"
FOLLOW_UPS_FILE = CONTENT_DIR / "follow_ups.yml"
CONVERSATION_FILE = CONTENT_DIR / "conversation.yml"
