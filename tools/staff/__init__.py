"""Staff tools: appointment requests, the answer review sheet, batch questions and the report
of what went unanswered (docs/staff-tools.md)."""
