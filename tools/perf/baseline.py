"""What the benchmark compares: models trained from scratch, `rasa init`'s default project as
the baseline, and a second server of ours that keeps conversations in memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import yaml

from tools.common.paths import VENV_BIN
from tools.servers import Assistant, Ports, Service, ServiceError, base_env


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
