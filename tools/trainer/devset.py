"""`make devset`: start the assistant as `make run` does, score it on the team's development
set with the team's scorer, and write the per-kind rates and the failures to reports/.

The development set and its scorer live outside the project (`DEVSET_DIR`, by default
`../shared/eval` next to the project): they are the team's measure, never training material,
and this is the only part of the project that reads them.

    python -m tools.trainer.devset [--filter expect=answer] [--workers 4]

Writes reports/devset.json (every reply, from the scorer), reports/devset.md (rates by kind
and by section, then every failure with its reply). Exit status 0 after scoring, whatever the
score; 1 when the set or the scorer is missing or the assistant cannot start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tools.common.paths import PROJECT_DIR, REPORTS
from tools.servers import Assistant, Ports, ServiceError

DEFAULT_DEVSET_DIR = PROJECT_DIR.parent / "shared" / "eval"


def devset_dir() -> Path:
    return Path(os.environ.get("DEVSET_DIR") or DEFAULT_DEVSET_DIR)


def run_scorer(url: str, out: Path, filters: list[str], workers: int) -> int:
    """The team's scorer, unchanged, against the running assistant; its table goes to stdout."""
    folder = devset_dir()
    command = [sys.executable, str(folder / "score.py"), "--url", url,
               "--set", str(folder / "dev_set.jsonl"), "--out", str(out), "--workers", str(workers)]
    for spec in filters:
        command += ["--filter", spec]
    return subprocess.call(command, cwd=PROJECT_DIR)


def _one_line(text: str) -> str:
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


def markdown_report(report: dict[str, Any]) -> str:
    """Rates by kind and by section, then each failure: what was sent, missed and replied."""
    summary = report["summary"]
    overall = summary["overall"]
    lines = [
        "# Development set score",
        "",
        f"{dt.datetime.now():%Y-%m-%d %H:%M}, {overall['pass']}/{overall['total']} = {overall['rate']}"
        + (f" (filter: {', '.join(report['filters'])})" if report.get("filters") else ""),
        "",
        "| kind | pass | rate |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {v['pass']}/{v['total']} | {v['rate']} |" for k, v in summary["expect"].items()]
    if summary.get("section"):
        lines += ["", "| section (answer cases) | pass | rate |", "|---|---|---|"]
        lines += [f"| {k} | {v['pass']}/{v['total']} | {v['rate']} |" for k, v in summary["section"].items()]
    failures = [c for c in report["cases"] if not c["passed"]]
    lines += ["", f"## Failures ({len(failures)})", ""]
    for case in sorted(failures, key=lambda c: c["id"]):
        why = [f"missing `{p}`" for p in case["missing_must"]] + [f"has `{p}`" for p in case["hit_must_not"]]
        if case.get("error"):
            why.append(f"error: {case['error']}")
        lines += [
            f"- **{case['id']}** ({case['expect']}): {' » '.join(case['turns'])}",
            f"  - {'; '.join(why)}",
            f"  - reply: {_one_line(case['reply'])[:600]}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                        help="only these cases (the scorer's --filter), e.g. expect=deflect")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    folder = devset_dir()
    missing = [p for p in (folder / "score.py", folder / "dev_set.jsonl") if not p.exists()]
    if missing:
        print(f"The development set is not there: {', '.join(map(str, missing))} "
              "(set DEVSET_DIR to the folder holding score.py and dev_set.jsonl).", file=sys.stderr)
        return 1
    REPORTS.mkdir(exist_ok=True)
    out = REPORTS / "devset.json"
    try:
        with Assistant(ports=Ports.from_env()) as assistant:
            status = run_scorer(f"{assistant.ports.rasa_url}/webhooks/rest/webhook", out, args.filter, args.workers)
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    if status != 0 or not out.exists():
        return 1
    report = json.loads(out.read_text(encoding="utf-8"))
    (REPORTS / "devset.md").write_text(markdown_report(report), encoding="utf-8")
    print(f"Rates and failures: {REPORTS / 'devset.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
