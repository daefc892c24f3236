"""Grow past one process on Rasa's own engine: PostgreSQL tracker store, Redis lock store,
several Rasa servers behind nginx, one stateless action server (docs/scaling.md).

`ScaleOut` starts them all on 127.0.0.1 as a context manager (tests/reliability/test_scaleout.py,
`make load LOAD_ARGS=--scale-out`); `make scale-out` runs one until Ctrl-C
(`python -m tools.servers scale-out`). Everything it starts lives in a temporary directory
and is removed on stop.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from addons.tracker_crypto import KEY_ENV, generate_key
from tools.common.paths import PROJECT_DIR
from tools.servers.assistant import Assistant
from tools.servers.datastores import nginx_service, postgres_service, redis_service
from tools.servers.debian import Binaries, find_binaries
from tools.servers.processes import Ports, ProbedService, Service, ServiceError

ENDPOINTS = PROJECT_DIR / "deploy" / "scale-out" / "endpoints.scale.yml"
DB_NAME = DB_USER = "rasa"
BOOKINGS_DB = "bookings"  # the action server's booking requests (DATABASE_URL), same server

# --- the scale-out ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ScalePorts:
    """All ports from one base: Rasa base+5, base+6, ..., actions base+55, nginx base+80,
    PostgreSQL base+32, Redis base+79 (base 5000: 5005, 5006, 5055, 5080, 5032, 5079)."""

    base: int = 5000
    rasa_count: int = 2

    @property
    def rasa(self) -> list[int]:
        return [self.base + 5 + i for i in range(self.rasa_count)]

    @property
    def actions(self) -> int:
        return self.base + 55

    @property
    def nginx(self) -> int:
        return self.base + 80

    @property
    def postgres(self) -> int:
        return self.base + 32

    @property
    def redis(self) -> int:
        return self.base + 79



@dataclass
class ScaleOut:
    """PostgreSQL, Redis, one action server, `rasa_count` Rasa servers and nginx, on 127.0.0.1."""

    ports: ScalePorts = field(default_factory=ScalePorts)
    extra_env: dict[str, str] = field(default_factory=dict)
    keep_dir: bool = False
    workdir: Path | None = None
    services: list[Service] = field(default_factory=list)
    db_password: str = field(default_factory=lambda: secrets.token_hex(12))
    _psql: list[str] = field(default_factory=list)
    redis_password: str = field(default_factory=lambda: secrets.token_hex(12))
    # One key for every Rasa server: each must read what the others encrypted (docs/privacy.md).
    tracker_key: str = field(default_factory=generate_key)

    # -- addresses --
    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.ports.rasa]

    @property
    def nginx_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.nginx}"

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL of the tracker database, for tests and reports."""
        return f"postgresql://{DB_USER}:{self.db_password}@127.0.0.1:{self.ports.postgres}/{DB_NAME}"

    @property
    def bookings_url(self) -> str:
        """SQLAlchemy URL of the booking database the action server uses (DATABASE_URL)."""
        return f"postgresql://{DB_USER}:{self.db_password}@127.0.0.1:{self.ports.postgres}/{BOOKINGS_DB}"

    def rasa_env(self) -> dict[str, str]:
        """What endpoints.scale.yml reads, the booking database, plus the caller's settings."""
        return {
            "DATABASE_URL": self.bookings_url,
            "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": str(self.ports.postgres),
            "TRACKER_DB_NAME": DB_NAME, "TRACKER_DB_USER": DB_USER, "TRACKER_DB_PASSWORD": self.db_password,
            "LOCK_REDIS_HOST": "127.0.0.1", "LOCK_REDIS_PORT": str(self.ports.redis), "LOCK_REDIS_DB": "1",
            "LOCK_REDIS_PASSWORD": self.redis_password,
            KEY_ENV: self.tracker_key,
            **self.extra_env,
        }

    def assistant(self, rasa_port: int) -> Assistant:
        assert self.workdir is not None
        return Assistant(
            ports=Ports(host="127.0.0.1", rasa=rasa_port, actions=self.ports.actions),
            log_dir=self.workdir / "log", extra_env=self.rasa_env(), endpoints=str(ENDPOINTS),
        )

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def _start(self, service: Service) -> None:
        self.services.append(service)
        service.start()
        service.wait_ready()

    def _start_postgres(self, binaries: Binaries) -> None:
        assert self.workdir is not None
        service, self._psql = postgres_service(binaries, self.workdir, self.ports.postgres)
        self._start(service)
        for sql in (f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{self.db_password}'",
                    f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}", f"CREATE DATABASE {BOOKINGS_DB} OWNER {DB_USER}"):
            self.admin_sql(sql)

    def admin_sql(self, sql: str) -> None:
        """Run SQL as PostgreSQL's superuser (over its local socket), e.g. to simulate a fault."""
        assert self.workdir is not None
        done = subprocess.run([*self._psql, "-c", sql], cwd=self.workdir, capture_output=True, text=True)
        if done.returncode != 0:
            raise ServiceError(f"PostgreSQL refused {sql!r}: {done.stderr}")

    def set_bookings_database_reachable(self, reachable: bool) -> None:
        """Open or close the booking database to new connections (and end the open ones)."""
        self.admin_sql(f"ALTER DATABASE {BOOKINGS_DB} ALLOW_CONNECTIONS {str(reachable).lower()}")
        if not reachable:
            self.admin_sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{BOOKINGS_DB}'")

    def _start_redis(self, binaries: Binaries) -> None:
        assert self.workdir is not None
        self._start(redis_service(binaries, self.workdir, self.ports.redis, self.redis_password))

    def _start_nginx(self, binaries: Binaries) -> None:
        assert self.workdir is not None
        upstreams = [f"127.0.0.1:{p}" for p in self.ports.rasa]
        self._start(nginx_service(binaries, self.workdir, self.ports.nginx, upstreams))

    def start_storage(self) -> ScaleOut:
        """Only PostgreSQL and Redis (tests of what is stored, without the servers)."""
        binaries, missing = find_binaries()
        if not binaries:
            raise ServiceError(f"Missing {', '.join(missing)}: run `make scale-deps`.")
        self.workdir = Path(tempfile.mkdtemp(prefix="all-scaleout-"))
        self.workdir.chmod(0o755)  # the postgres user must reach its data directory
        (self.workdir / "log").mkdir()
        try:
            self._start_postgres(binaries)
            self._start_redis(binaries)
        except BaseException:
            self.stop()
            raise
        return self

    def start(self) -> ScaleOut:
        self.start_storage()
        binaries, _ = find_binaries()
        assert binaries is not None
        try:
            python_servers = [self.assistant(self.ports.rasa[0]).action_server(),
                              *(self._rasa_server(p) for p in self.ports.rasa)]
            self.services.extend(python_servers)
            for service in python_servers:  # start together, then wait: TensorFlow loads in parallel
                service.start()
            for service in python_servers:
                service.wait_ready()
            self._start_nginx(binaries)
        except BaseException:
            self.stop()
            raise
        return self

    def _rasa_server(self, port: int) -> Service:
        service = self.assistant(port).rasa_server()
        service.name = f"Rasa server {port}"
        return service

    def rasa_service(self, index: int) -> Service:
        return self.service(f"Rasa server {self.ports.rasa[index]}")

    def restart_rasa(self, index: int) -> None:
        """Start Rasa server `index` again, e.g. after a test stopped it."""
        old = self.rasa_service(index)
        old.stop()
        fresh = self._rasa_server(self.ports.rasa[index])
        self.services[self.services.index(old)] = fresh
        fresh.start()
        fresh.wait_ready()

    def stop(self) -> None:
        # Ask every server to stop at once (each takes seconds to shut down), then wait in order.
        for service in self.services:
            if service.running() and not isinstance(service, ProbedService):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(service.process.pid, signal.SIGTERM)  # type: ignore[union-attr]
        for service in reversed(self.services):
            try:
                service.stop()
            except Exception as error:  # keep stopping the others
                print(f"Could not stop {service.name}: {error}", file=sys.stderr)
        if self.workdir and not self.keep_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> ScaleOut:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
