"""Operational tools: starting the servers, chatting over REST, staff reports."""
