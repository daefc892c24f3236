"""Trainer tools: the project checks, the evaluation, and the cross-validation the fallback
thresholds come from (docs/TRAINING.md, docs/evaluation.md, docs/fallback.md)."""
