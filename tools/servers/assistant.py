"""The assistant as one unit: the action server and the Rasa server (and the web page), started
together and stopped together."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tools.common.paths import DEFAULT_MODEL, PROJECT_DIR, VENV_BIN
from tools.servers.processes import Ports, Service, ServiceError, base_env


def cors_origins(ports: Ports, extra: dict[str, str] | None = None) -> list[str]:
    """CORS_ORIGINS (space- or comma-separated), by default the web page at http://HOST:WEB_PORT."""
    env = {**os.environ, **(extra or {})}
    configured = env.get("CORS_ORIGINS", "").replace(",", " ").split()
    return configured or [f"http://{ports.host}:{env.get('WEB_PORT', '8080')}"]


@dataclass
class Assistant:
    """The action server and the Rasa server, started together and stopped together."""

    ports: Ports = field(default_factory=Ports)
    model: Path = DEFAULT_MODEL
    log_dir: Path = PROJECT_DIR / "var" / "log"
    extra_env: dict[str, str] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)
    # The hospital page with the chat widget (web/server.py), started too when set.
    web_port: int | None = None
    # deploy/scale-out/endpoints.scale.yml for PostgreSQL + Redis (tools/servers/scaleout.py)
    endpoints: str = "endpoints.yml"

    def action_server(self) -> Service:
        return Service(
            "action server",
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(self.ports.actions)],
            f"{self.ports.actions_url}/health", self.ports.actions,
            base_env(self.ports, self.extra_env), self.log_dir / f"actions-{self.ports.actions}.log",
        )

    def rasa_server(self) -> Service:
        command = [
            str(VENV_BIN / "rasa"), "run", "--model", str(self.model), "--interface", self.ports.host,
            "--port", str(self.ports.rasa), "--endpoints", self.endpoints, "--credentials", "credentials.yml",
            # Browsers may call Rasa only from the website's own origin(s). No --enable-api:
            # Rasa's HTTP API (trackers, model) stays off; see docs/scaling.md, "Security".
            "--cors", *cors_origins(self.ports, self.extra_env),
        ]
        return Service(
            "Rasa server", command, f"{self.ports.rasa_url}/", self.ports.rasa,
            base_env(self.ports, self.extra_env), self.log_dir / f"rasa-{self.ports.rasa}.log",
        )

    def web_server(self, port: int | None = None, rasa_url: str | None = None) -> Service:
        """The page and its /chat proxy; `rasa_url` points it elsewhere (tests: a dead port)."""
        port = port or self.web_port or 8080
        env = base_env(self.ports, {"HOST": self.ports.host, "WEB_PORT": str(port),
                                    "RASA_URL": rasa_url or self.ports.rasa_url,
                                    **self.extra_env})
        return Service(
            "web server", [str(VENV_BIN / "python"), "-m", "web.server"],
            f"http://{self.ports.host}:{port}/health", port, env, self.log_dir / f"web-{port}.log",
        )

    def start(self) -> Assistant:
        if not self.model.exists():
            raise ServiceError(f"No trained model at {self.model}: run `make model` first.")
        self.services = [self.action_server(), self.rasa_server()]
        if self.web_port:
            self.services.append(self.web_server())
        try:
            for service in self.services:
                service.start()
            for service in self.services:
                service.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()

    def __enter__(self) -> Assistant:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
