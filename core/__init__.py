"""The content core: the page, the answer map, the vocabulary, the site wording, what the
actions say and the intent titles, read from `content/` and checked. Every other package
builds on it; it imports none of them (import-linter checks this in `make lint`).

Start with `core.content.load_content()`.
"""
