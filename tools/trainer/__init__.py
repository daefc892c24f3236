"""Trainer tools: the page import, the project and data-file checks, the evaluation, the
cross-validation the fallback thresholds come from, and the development-set score
(docs/TRAINING.md, docs/evaluation.md, docs/fallback.md)."""
