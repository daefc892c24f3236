"""Trainer tools: the content and training-data checks, the page import, the NLU evaluation."""
