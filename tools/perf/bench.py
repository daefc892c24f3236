"""`make bench`: speed and size of the assistant next to a baseline, written to docs/benchmarks.md.

A benchmark, not a test: it prints and records numbers and never fails on them.

Ours: this project (config.yml, data, the action server, the SQLite tracker store of
endpoints.yml), trained from scratch (an empty Rasa cache) into build/bench/ours.
Baseline: `rasa init`'s default project (its files, copied by rasa's own scaffold function into
build/bench/baseline, trained there from scratch with its default config: DIET, TED,
UnexpecTED; no action server, in-memory tracker store), served on its own port.

A third column, ours with conversations kept in memory (endpoints.yml without its tracker
store, same model and action server), shows what the SQLite tracker store costs.

All are served at once on 127.0.0.1 and measured in turns (ours, ours in memory, baseline,
...), so a change in the machine's load hits them alike. Per system: training time, model size,
latency of each message through the REST channel (p50 / p95) sent one at a time and with
--concurrency conversations at once, messages per second in both modes, and the resident
memory (VmRSS, including child processes) of each server process. Every system gets the same
messages (the length and words of a message cost time too): this project's NLU examples,
intent by intent in turn, each conversation a new sender.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import aiohttp
import yaml

from tools.common.paths import PROJECT_DIR, VENV_BIN
from tools.common.project_data import Project, examples_by_intent
from tools.servers import Assistant, Ports, Service, ServiceError, base_env

BUILD = PROJECT_DIR / "build" / "bench"
DOC = PROJECT_DIR / "docs" / "benchmarks.md"
RAW = PROJECT_DIR / "reports" / "bench.json"


# --- measuring -------------------------------------------------------------------------------

@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    errors: int = 0
    empty: int = 0

    def add(self, other: Run) -> None:
        self.latencies_ms += other.latencies_ms
        self.wall_s += other.wall_s
        self.errors += other.errors
        self.empty += other.empty

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]  # nearest rank

    @property
    def per_second(self) -> float:
        return self.messages / self.wall_s if self.wall_s else float("nan")


async def _send(session: aiohttp.ClientSession, url: str, sender: str, text: str, run: Run) -> None:
    start = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            body = await response.json(content_type=None)
            ok = response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok, body = False, None
    run.latencies_ms.append((time.perf_counter() - start) * 1000)
    if not ok:
        run.errors += 1
    elif not body:
        run.empty += 1


async def _conversation(session: aiohttp.ClientSession, url: str, texts: list[str], run: Run) -> None:
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    for text in texts:
        await _send(session, url, sender, text, run)


def _chunks(texts: list[str], size: int) -> list[list[str]]:
    return [texts[i:i + size] for i in range(0, len(texts), size)]


async def measure(rasa_url: str, texts: list[str], conversations: int, per_conversation: int) -> Run:
    """`conversations` conversations at once (1: one message at a time), each `per_conversation` long."""
    url = f"{rasa_url}/webhooks/rest/webhook"
    run = Run()
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=conversations + 4)) as s:
        start = time.perf_counter()
        if conversations == 1:
            for chunk in _chunks(texts, per_conversation):
                await _conversation(s, url, chunk, run)
        else:
            await asyncio.gather(*(_conversation(s, url, chunk, run) for chunk in _chunks(texts, per_conversation)))
        run.wall_s = time.perf_counter() - start
    return run


def messages_for(project: Project, count: int) -> list[str]:
    """`count` visitor messages: the NLU examples of every intent, taken in turn."""
    pools = [[e.text for e in found] for _, found in sorted(examples_by_intent(project).items()) if found]
    texts: list[str] = []
    index = 0
    while len(texts) < count:
        for pool in pools:
            texts.append(pool[index % len(pool)])
        index += 1
    return texts[:count]


# --- processes -------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (VmRSS from /proc)."""
    total_kb, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
        stack.extend(_children(current))
    return total_kb / 1024


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "ram": f"{mem_kb / 1024 / 1024:.1f} GB",
            "os": platform.platform(), "python": platform.python_version()}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- training --------------------------------------------------------------------------------

def train(project_dir: Path, out_dir: Path, name: str, log: Path) -> float:
    """Train from scratch (an empty cache of its own); the wall time in seconds."""
    cache = out_dir / "cache"
    shutil.rmtree(out_dir, ignore_errors=True)
    cache.mkdir(parents=True)
    env = dict(os.environ, RASA_CACHE_DIRECTORY=str(cache), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    command = [str(VENV_BIN / "rasa"), "train", "--out", str(out_dir), "--fixed-model-name", name]
    if (project_dir / "domain").is_dir():  # ours: a domain folder; `rasa init`'s: domain.yml
        command += ["--domain", "domain"]
    print(f"Training {name} in {project_dir} ...", flush=True)
    start = time.perf_counter()
    with log.open("w") as handle:
        code = subprocess.call(command, cwd=project_dir, env=env, stdout=handle, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    if code != 0:
        raise ServiceError(f"Training {name} failed; see {log}")
    shutil.rmtree(cache, ignore_errors=True)
    return seconds


def make_baseline_project(path: Path) -> None:
    """The files `rasa init --no-prompt` creates (rasa's own scaffold function)."""
    from rasa.cli.scaffold import create_initial_project

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    create_initial_project(str(path))


def baseline_server(baseline_dir: Path, model: Path, port: int, log_dir: Path) -> Service:
    ports = Ports(host="127.0.0.1", rasa=port, actions=0)
    command = [str(VENV_BIN / "rasa"), "run", "--model", str(model), "--interface", "127.0.0.1",
               "--port", str(port), "--endpoints", str(baseline_dir / "endpoints.yml"),
               "--credentials", str(baseline_dir / "credentials.yml")]
    env = base_env(ports, {"TRACKER_DB": str(log_dir / "unused-tracker.db")})
    return Service("baseline Rasa server", command, f"{ports.rasa_url}/", port, env, log_dir / f"baseline-{port}.log")


# --- report ----------------------------------------------------------------------------------

@dataclass
class Figures:
    training_s: float | None
    model_mb: float
    sequential: Run
    concurrent: Run
    rss_mb: dict[str, float | None]
    concurrency: int

    def row(self) -> dict[str, str]:
        s, c, n = self.sequential, self.concurrent, self.concurrency
        return {
            "Latency p50, one at a time": f"{s.percentile(50):.1f} ms",
            "Latency p95, one at a time": f"{s.percentile(95):.1f} ms",
            "Messages per second, one at a time": f"{s.per_second:.1f}",
            f"Latency p50, {n} conversations at once": f"{c.percentile(50):.1f} ms",
            f"Latency p95, {n} conversations at once": f"{c.percentile(95):.1f} ms",
            f"Messages per second, {n} conversations at once": f"{c.per_second:.1f}",
            "Failed / empty replies": f"{s.errors + c.errors} / {s.empty + c.empty}",
            "Training time (from scratch)": f"{self.training_s:.0f} s" if self.training_s else "not measured",
            "Model size": f"{self.model_mb:.1f} MB",
            **{f"Memory (RSS): {name}": f"{mb:.0f} MB" if mb is not None else "— (none)"
               for name, mb in self.rss_mb.items()},
        }


def endpoints_without_tracker_store(source: Path, target: Path) -> Path:
    """endpoints.yml without its tracker store: Rasa then keeps conversations in memory."""
    endpoints = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    endpoints.pop("tracker_store", None)
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return target


def memory_tracker_server(ours: Assistant, port: int, endpoints: Path) -> Service:
    """A second Rasa server with our model and our action server, conversations kept in memory."""
    twin = Assistant(ports=Ports(ours.ports.host, port, ours.ports.actions), model=ours.model,
                     extra_env=ours.extra_env, log_dir=ours.log_dir)
    service = twin.rasa_server()
    service.name = "Rasa server, in-memory tracker store"
    service.command[service.command.index("--endpoints") + 1] = str(endpoints)
    return service


COLUMNS = {
    "ours": "Ours, as deployed (SQLite tracker store)",
    "ours-memory": "Ours, in-memory tracker store",
    "baseline": "Baseline (`rasa init` default project)",
}


def render(figures: dict[str, Figures], info: dict[str, str], command: str, settings: dict[str, int]) -> str:
    rows = {name: f.row() for name, f in figures.items()}
    names = list(dict.fromkeys(k for row in rows.values() for k in row))
    table = ["| | " + " | ".join(COLUMNS[n] for n in figures) + " |", "|---" * (len(figures) + 1) + "|"]
    table += [f"| {name} | " + " | ".join(rows[n].get(name, "—") for n in figures) + " |" for name in names]
    ours, base = figures["ours"], figures["baseline"]
    p95_ok = ours.concurrent.percentile(95) <= base.concurrent.percentile(95) and \
        ours.sequential.percentile(95) <= base.sequential.percentile(95)
    rate_ok = ours.concurrent.per_second >= base.concurrent.per_second
    rounds, sequential, concurrency = settings["rounds"], settings["sequential"], settings["concurrency"]
    per_conversation, warmup = settings["per_conversation"], settings["warmup"]
    memory_note = ""
    if "ours-memory" in figures:
        mem = figures["ours-memory"]
        gain = mem.concurrent.per_second / ours.concurrent.per_second - 1 if ours.concurrent.per_second else 0.0
        memory_note = (
            f"\nWith conversations kept in memory, as the baseline keeps them, ours serves "
            f"{mem.concurrent.per_second:.1f} msg/s with {concurrency} conversations at once "
            f"(p95 {mem.concurrent.percentile(95):.0f} ms; as deployed {ours.concurrent.per_second:.1f} msg/s) "
            f"against the baseline's {base.concurrent.per_second:.1f} (p95 {base.concurrent.percentile(95):.0f} ms). "
        )
        if gain > 0.1:
            memory_note += (
                f"The SQLite tracker store costs {gain:.0%} of the throughput here: Rasa 3.6's SQLTrackerStore "
                "reads and writes with synchronous SQLAlchemy inside the server's event loop, so every message "
                "waits for SQLite (and for the other conversations' commits) while nothing else is served.\n"
            )
        else:
            memory_note += (
                "In this run the two \"ours\" columns differ by less than the noise of the shared machine "
                "(see the load above); run `make bench` again on a quieter machine to see what the SQLite tracker "
                "store costs (Rasa 3.6's SQLTrackerStore does synchronous SQLAlchemy work inside the server's "
                "event loop).\n"
            )
    return f"""# Benchmarks

Figures from `{command}` (tools/bench.py), {info['date']}. Regenerate with `make bench`;
this file is overwritten each time.

## Machine

- CPU: {info['cpu']} ({info['cpus']} CPUs visible), RAM {info['ram']}
- {info['os']}, Python {info['python']}, Rasa 3.6.21
- Load average (1, 5, 15 min) at the start of the run: {info['load']}; at the end of the
  measurements: {info.get('load_end', 'not recorded')}. The machine is shared: other work shows up in every
  figure, which is why the systems are measured in turns.

## Results

{chr(10).join(table)}

Target (issue 6), ours as deployed against the baseline: p95 no worse — **{'met' if p95_ok else 'NOT met'}**;
throughput at least the baseline's — **{'met' if rate_ok else 'NOT met'}**.
{memory_note}
## What was measured

- **Ours**: this project's config.yml (DIET with entity recognition off, FallbackClassifier;
  MemoizationPolicy + RulePolicy) and its action server (every page answer is a custom action
  over HTTP). *As deployed*: with the SQLite tracker store of endpoints.yml. *In-memory*: a
  second Rasa server with the same model and action server, and endpoints.yml without its
  tracker store (generated by the benchmark).
- **Baseline**: the project `rasa init --no-prompt` creates (copied with rasa's own scaffold
  function, then trained by the benchmark so the training time can be measured), with its
  default configuration (DIET, MemoizationPolicy, RulePolicy, UnexpecTEDIntentPolicy,
  TEDPolicy); no action server, in-memory tracker store (its default).
- Both trained from scratch with an empty Rasa cache of their own, one after the other; all
  servers up at the same time on 127.0.0.1, REST channel (`POST /webhooks/rest/webhook`),
  measured in turns over {rounds} round(s): per round {sequential} messages one at a time
  (conversations of {per_conversation} messages), then {concurrency} conversations of
  {per_conversation} messages at once. Latency = request sent to complete reply received, by
  the client. {warmup} warm-up messages per server are not counted.
- Messages: the same for every system (the length and words of a message cost time too): this
  project's NLU examples, intent by intent in turn (questions about ALL, out-of-scope
  questions, small talk), each conversation a new sender. The baseline answers them with its
  own intents (greetings, moods): only its speed matters here.
- Memory: VmRSS of each server process and its children (/proc), after the run.
- Failed / empty replies: HTTP errors or timeouts / answers with no message at all (the
  baseline has nothing to say to some visitor questions).
"""


def _run_rounds(systems: dict[str, tuple[str, list[str]]], args: argparse.Namespace) -> dict[str, tuple[Run, Run]]:
    totals = {name: (Run(), Run()) for name in systems}
    for url, texts in systems.values():
        asyncio.run(measure(url, texts[: args.warmup], 1, args.per_conversation))
    for round_number in range(1, args.rounds + 1):
        for mode in ("sequential", "concurrent"):
            for name, (url, texts) in systems.items():
                if mode == "sequential":
                    run = asyncio.run(measure(url, texts[: args.sequential], 1, args.per_conversation))
                    totals[name][0].add(run)
                else:
                    count = args.concurrency * args.per_conversation
                    run = asyncio.run(measure(url, texts[:count], args.concurrency, args.per_conversation))
                    totals[name][1].add(run)
                print(f"  round {round_number}, {mode:10} {name:11}: p50 {run.percentile(50):6.1f} ms, "
                      f"p95 {run.percentile(95):6.1f} ms, {run.per_second:5.1f} msg/s", flush=True)
    return totals


def figures_from_json(data: dict) -> Figures:
    return Figures(data["training_s"], data["model_mb"], Run(**data["sequential"]), Run(**data["concurrent"]),
                   data["rss_mb"], data["concurrency"])


def rerender(raw: Path, out: Path) -> int:
    """Rewrite the benchmark page from reports/bench.json, without measuring again."""
    data = json.loads(raw.read_text(encoding="utf-8"))
    figures = {name: figures_from_json(data[name]) for name in COLUMNS if name in data}
    out.write_text(render(figures, data["machine"], data.get("command", "make bench"), data["settings"]),
                   encoding="utf-8")
    print(f"Written: {out} (from {raw})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the assistant against rasa init's default project.")
    parser.add_argument("--sequential", type=int, default=200, help="messages one at a time, per round")
    parser.add_argument("--concurrency", type=int, default=16, help="conversations at once")
    parser.add_argument("--per-conversation", type=int, default=25, help="messages per conversation")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--no-train", action="store_true", help="reuse the models in build/bench (no training time)")
    parser.add_argument("--no-memory-variant", action="store_true", help="leave out ours with an in-memory tracker")
    parser.add_argument("--out", type=Path, default=DOC)
    parser.add_argument("--render-from", type=Path, help="only rewrite --out from the raw figures of an earlier run")
    args = parser.parse_args(argv)
    if args.render_from:
        return rerender(args.render_from, args.out)
    env = os.environ
    ours_ports = Ports("127.0.0.1", int(env.get("BENCH_RASA_PORT", 5305)), int(env.get("BENCH_ACTIONS_PORT", 5355)))
    baseline_port = int(env.get("BENCH_BASELINE_PORT", 5306))
    memory_port = int(env.get("BENCH_MEMORY_PORT", 5307))
    info = {**machine(), "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "load": load_average()}
    BUILD.mkdir(parents=True, exist_ok=True)
    baseline_dir, ours_out, base_out = BUILD / "baseline", BUILD / "ours-model", BUILD / "baseline-model"
    ours_model, base_model = ours_out / "bench-ours.tar.gz", base_out / "bench-baseline.tar.gz"
    try:
        if args.no_train:
            ours_train = base_train = None
            if not (ours_model.exists() and base_model.exists()):
                raise ServiceError("No models in build/bench yet: run `make bench` without --no-train once.")
        else:
            ours_train = train(PROJECT_DIR, ours_out, "bench-ours", BUILD / "train-ours.log")
            make_baseline_project(baseline_dir)
            base_train = train(baseline_dir, base_out, "bench-baseline", BUILD / "train-baseline.log")
            print(f"Training: ours {ours_train:.0f} s, baseline {base_train:.0f} s", flush=True)
        with tempfile.TemporaryDirectory(prefix="all-bench-") as scratch:
            extra = {"TRACKER_DB": f"{scratch}/tracker.db", "DATABASE_URL": f"sqlite:///{scratch}/assistant.db"}
            ours = Assistant(ports=ours_ports, model=ours_model, extra_env=extra, log_dir=BUILD / "log")
            others = {"baseline": baseline_server(baseline_dir, base_model, baseline_port, BUILD / "log")}
            if not args.no_memory_variant:
                endpoints = endpoints_without_tracker_store(PROJECT_DIR / "endpoints.yml",
                                                            BUILD / "endpoints-memory.yml")
                others["ours-memory"] = memory_tracker_server(ours, memory_port, endpoints)
            print("Starting the servers ...", flush=True)
            try:
                ours.start()
                for service in others.values():
                    service.start()
                for service in others.values():
                    service.wait_ready()
                count = max(args.sequential, args.concurrency * args.per_conversation, args.warmup)
                ours_texts = messages_for(Project(), count)
                systems = {"ours": (ours_ports.rasa_url, ours_texts)}
                if "ours-memory" in others:
                    systems["ours-memory"] = (f"http://127.0.0.1:{memory_port}", ours_texts)
                # The same visitor messages for every system: the text's length and words cost time too.
                systems["baseline"] = (f"http://127.0.0.1:{baseline_port}", ours_texts)
                totals = _run_rounds(systems, args)
                info["load_end"] = load_average()
                memory: dict[str, dict[str, float | None]] = {
                    "ours": {s.name: rss_mb(s.process.pid) for s in ours.services if s.process},
                    "baseline": {"action server": None, "Rasa server": rss_mb(others["baseline"].process.pid)},
                }
                if "ours-memory" in others:
                    memory["ours-memory"] = {"action server": None,
                                             "Rasa server": rss_mb(others["ours-memory"].process.pid)}
            finally:
                for service in others.values():
                    service.stop()
                ours.stop()
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    sizes = {"ours": ours_model.stat().st_size / 1e6, "baseline": base_model.stat().st_size / 1e6}
    sizes["ours-memory"] = sizes["ours"]
    trainings = {"ours": ours_train, "ours-memory": ours_train, "baseline": base_train}
    figures = {name: Figures(trainings[name], sizes[name], *totals[name], memory[name], args.concurrency)
               for name in systems}
    command = "make bench" + (" (python -m tools.perf.bench " + " ".join(argv) + ")" if argv else "")
    settings = {k: getattr(args, k) for k in ("rounds", "sequential", "per_conversation", "concurrency", "warmup")}
    text = render(figures, info, command, settings)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    RAW.parent.mkdir(parents=True, exist_ok=True)
    RAW.write_text(json.dumps({"machine": info, "settings": settings, "command": command,
                               **{name: asdict(f) for name, f in figures.items()}}, indent=1))
    print(text.split("## Results", 1)[1].split("## What", 1)[0].strip())
    print(f"Written: {args.out} (raw latencies: {RAW})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
