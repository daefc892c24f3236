"""The test harness: tracker fixtures for actions, the running assistant, the spaCy test build,
page facts read from the content, the booking flow and tracker-store readers of the
reliability tests, and what a test does when a system package is missing."""
