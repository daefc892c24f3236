"""Start, health-check and stop one server process: one mechanism for `make run`, the
scale-out, the benchmarks, the staff tools and the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from addons.tracker_crypto import KEY_ENV
from tools.common.paths import PROJECT_DIR
from tools.servers.tracker_key import local_tracker_key


class ServiceError(RuntimeError):
    """A server that could not start; the message says why and where its log is."""


@dataclass
class Ports:
    host: str = "127.0.0.1"
    rasa: int = 5005
    actions: int = 5055

    @classmethod
    def from_env(cls, prefix: str = "") -> Ports:
        env = os.environ
        return cls(
            host=env.get("HOST", "127.0.0.1"),
            rasa=int(env.get(f"{prefix}RASA_PORT", 5005)),
            actions=int(env.get(f"{prefix}ACTIONS_PORT", 5055)),
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions}"


def port_in_use(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None
    stop_signal: int = signal.SIGTERM

    def start(self) -> None:
        host = self.env.get("SANIC_HOST", "127.0.0.1")
        if port_in_use(host, self.port):
            raise ServiceError(
                f"Port {self.port} ({self.name}) is already in use on {host}: stop what uses it "
                "or choose another port (RASA_PORT, ACTIONS_PORT, WEB_PORT)."
            )
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            # A session of its own, so stopping kills the whole process group and nothing lingers.
            self.process = subprocess.Popen(
                self.command, cwd=PROJECT_DIR, env=self.env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )

    def ready(self) -> bool:
        """Whether the service answers; raising counts as "not yet"."""
        return requests.get(self.health_url, timeout=2).ok

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ServiceError(f"The {self.name} stopped while starting:\n{self.log_tail()}")
            try:
                if self.ready():
                    return
            except Exception:  # not up yet: any client error means "try again"
                pass
            time.sleep(0.3)
        raise ServiceError(f"The {self.name} did not answer within {timeout:.0f}s; see {self.log_path}")

    def log_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if not self.running():
            return
        assert self.process is not None
        try:
            os.killpg(self.process.pid, self.stop_signal)
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def base_env(ports: Ports, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SANIC_HOST=ports.host,
        ACTION_SERVER_URL=f"{ports.actions_url}/webhook",
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONPATH=str(PROJECT_DIR),
    )
    env.setdefault("TRACKER_DB", str(PROJECT_DIR / "var" / "tracker.db"))
    if not env.get(KEY_ENV) and not (extra or {}).get(KEY_ENV):
        env[KEY_ENV] = local_tracker_key()  # the tracker store encrypts personal data with it
    env.update(extra or {})
    Path(env["TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)
    return env


@dataclass
class ProbedService(Service):
    """A Service whose readiness is a function (PostgreSQL, Redis), stopped with a chosen signal."""

    probe: Callable[[], bool] = lambda: False

    def ready(self) -> bool:
        return self.probe()
