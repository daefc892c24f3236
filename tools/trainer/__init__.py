"""Trainer tools: data checks, cross-validation, evaluation and the development-set score."""
