"""The staff console: a small web app for call-centre staff, behind a login (`make staff`,
http://127.0.0.1:8090 by default; docs/staff-console.md).

- the test pane: a question as a visitor would type it, the reply with its buttons, what the
  model understood, and the page sentences the answer came from; a conversation mode; the
  batch tester of `make ask` with upload and download;
- answer sign-off: the answer sheet of `make answers`, approved or flagged per question type;
- what visitors asked that went unanswered, grouped, with the conversation (masked);
- charts of the conversations, outcomes, question types, votes and bookings;
- the appointment requests of `make bookings` (the `bookings` role only, audited).

It is its own aiohttp app, bound to 127.0.0.1 unless STAFF_HOST says otherwise, apart from
the visitors' page (web/). Everything it stores goes through `records` (accounts, sessions,
the audit log, approvals, booking status). Its test questions go to an assistant of its own
(`tools.servers.ToolAssistant`: Rasa's HTTP API on, behind a random token, on 127.0.0.1 only,
with throw-away databases), so the visitors' server never opens its API and staff tests never
show up as visitors' conversations.
"""
