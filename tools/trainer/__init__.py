"""Trainer tools: the page import, the project and data-file checks, the evaluation, and the
cross-validation the fallback thresholds come from (docs/TRAINING.md, docs/evaluation.md,
docs/fallback.md)."""
