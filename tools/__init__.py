"""Tools around the assistant, by who uses them (see docs/architecture.md):

- `tools.servers`: start, check and stop the assistant's processes (`make run`, `make scale-out`);
  the staff tools, the benchmarks and the tests start the assistant through it;
- `tools.staff`: call-centre staff (bookings, answer sheet, batch questions, unanswered report);
- `tools.trainer`: trainers (validation, evaluation, cross-validation);
- `tools.perf`: performance (benchmark, load test);
- `tools.common`: what they share (paths, the chat client, percentiles, reports, machine
  figures, the project's training data as Rasa reads it).

A tool package imports `tools.common` and the public names of `tools.servers`, never another
tool package's modules (import-linter checks this in `make lint`).
"""
