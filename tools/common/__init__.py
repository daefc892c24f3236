"""Helpers every tool package shares: paths, the chat client, one percentile, one report
writer (tabulate and Jinja2), machine figures (psutil) and the project's training data."""
