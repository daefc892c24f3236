"""Reliability tests: bad input, faults, restarts, scale-out, security (issue 7)."""
