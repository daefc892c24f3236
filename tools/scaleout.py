"""Grow past one process on Rasa's own engine: PostgreSQL tracker store, Redis lock store,
several Rasa servers behind nginx, one stateless action server (docs/scaling.md).

    python -m tools.scaleout deps   install PostgreSQL, Redis and nginx from Debian if missing
                                    (make scale-deps; apt-get, as root)
    python -m tools.scaleout run    start a throwaway scale-out on 127.0.0.1 and wait for Ctrl-C
                                    (make scale-out; ports from SCALE_PORT_BASE, default 5000)
    python -m tools.scaleout nginx-conf PREFIX LISTEN HOST:PORT...
                                    print an nginx.conf for these Rasa servers (a real deployment)

`ScaleOut` is the same thing as a context manager, for tests/reliability/test_scaleout.py and
`make load`. Everything it starts lives in a temporary directory and is removed on stop.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from addons.tracker_crypto import KEY_ENV, generate_key
from tools.daily_purge import DailyPurge
from tools.servers import PROJECT_DIR, Assistant, Ports, Service, ServiceError

DEPLOY_DIR = PROJECT_DIR / "deploy" / "scale-out"
ENDPOINTS = DEPLOY_DIR / "endpoints.scale.yml"
NGINX_TEMPLATE = DEPLOY_DIR / "nginx.conf.template"
APT_PACKAGES = ("postgresql", "redis-server", "nginx")
DB_NAME = DB_USER = "rasa"
BOOKINGS_DB = "bookings"  # the action server's booking requests (DATABASE_URL), same server


# --- the Debian packages ----------------------------------------------------------------------

@dataclass(frozen=True)
class Binaries:
    postgres_bin: Path  # initdb, postgres, pg_ctl, pg_isready, psql
    redis_server: Path
    nginx: Path


def _postgres_bin_dir() -> Path | None:
    """Debian keeps PostgreSQL's server programs out of PATH, in /usr/lib/postgresql/<version>/bin."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def find_binaries() -> tuple[Binaries | None, list[str]]:
    """The programs a scale-out needs, or the names of those that are missing."""
    pg_dir = _postgres_bin_dir()
    found = {
        "postgres_bin": pg_dir if pg_dir and all((pg_dir / p).exists() for p in ("postgres", "psql")) else None,
        "redis_server": shutil.which("redis-server"),
        "nginx": shutil.which("nginx") or (Path("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists() else None),
    }
    names = {"postgres_bin": "PostgreSQL (initdb, postgres)", "redis_server": "redis-server", "nginx": "nginx"}
    missing = [names[key] for key, value in found.items() if not value]
    if missing:
        return None, missing
    return Binaries(*(Path(v) for v in found.values())), []


def install_packages() -> int:
    """apt-get the packages when a program is missing. Safe to run again; nothing is started."""
    binaries, missing = find_binaries()
    if binaries:
        print("PostgreSQL, Redis and nginx are installed.")
        return 0
    print(f"Missing: {', '.join(missing)}. Installing {' '.join(APT_PACKAGES)} from Debian ...", flush=True)
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Waits for another apt run instead of failing on its lock.
    apt = [*prefix, "apt-get", "-o", "DPkg::Lock::Timeout=600", "-q"]
    # Packages must not start system-wide services (port 80, 5432, 6379): we start our own.
    policy = Path("/usr/sbin/policy-rc.d")
    added_policy = False
    try:
        if os.geteuid() == 0 and not policy.exists():
            policy.write_text("#!/bin/sh\n# added by tools/scaleout.py while installing\nexit 101\n")
            policy.chmod(0o755)
            added_policy = True
        for command in ([*apt, "update"], [*apt, "install", "-y", "--no-install-recommends", *APT_PACKAGES]):
            if subprocess.call(command, env=env) != 0:
                print(f"`{' '.join(command)}` failed: install {' '.join(APT_PACKAGES)} by hand "
                      "(the scale-out test is skipped without them).", file=sys.stderr)
                return 1
    finally:
        if added_policy:
            policy.unlink()
    binaries, missing = find_binaries()
    if not binaries:
        print(f"Still missing after apt-get: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


# --- processes that are not HTTP servers ------------------------------------------------------

@dataclass
class ProbedService(Service):
    """A Service whose readiness is a function (PostgreSQL, Redis), stopped with a chosen signal."""

    probe: Callable[[], bool] = lambda: False

    def ready(self) -> bool:
        return self.probe()


def redis_service(binaries: Binaries, workdir: Path, port: int, password: str) -> ProbedService:
    """A Redis for locks only: loopback, a password, nothing saved to disk."""
    import redis

    redis_dir = workdir / "redis"
    redis_dir.mkdir()
    conf = redis_dir / "redis.conf"
    conf.write_text(
        f"bind 127.0.0.1\nport {port}\nprotected-mode yes\nrequirepass {password}\n"
        f"dir {redis_dir}\nsave \"\"\nappendonly no\ndaemonize no\n"
    )
    conf.chmod(0o600)  # it holds the password
    client = redis.Redis(host="127.0.0.1", port=port, password=password, socket_timeout=1)
    (workdir / "log").mkdir(exist_ok=True)
    return ProbedService("Redis", [str(binaries.redis_server), str(conf)], "", port, {**os.environ},
                         workdir / "log" / "redis.log", probe=client.ping)


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


def render_nginx_conf(prefix: Path, listen: str, rasa_servers: list[str], template: Path = NGINX_TEMPLATE) -> str:
    """nginx.conf from the template: `rasa_servers` as "host:port", `listen` as nginx's listen."""
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=10s;" for address in rasa_servers)
    text = template.read_text()
    for name, value in (("PREFIX", str(prefix)), ("LISTEN", listen), ("RASA_SERVERS", servers)):
        text = text.replace(f"@@{name}@@", value)
    if re.search(r"@@[A-Z_]+@@", text):
        raise ValueError(f"{template}: a placeholder was not filled in")
    return text


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

    # -- PostgreSQL: refuses to run as root, so it runs as the `postgres` user when we are root --
    def _as_db_user(self, command: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def _start_postgres(self, binaries: Binaries) -> None:
        assert self.workdir is not None
        pg_dir = self.workdir / "postgres"
        pg_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(pg_dir, "postgres", "postgres")
        data = pg_dir / "data"
        bin_dir = binaries.postgres_bin
        init = subprocess.run(
            self._as_db_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                              "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256"]),
            cwd=pg_dir, capture_output=True, text=True,
        )
        if init.returncode != 0:
            raise ServiceError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        port = self.ports.postgres
        command = self._as_db_user([
            str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
            "-c", f"unix_socket_directories={pg_dir}", "-c", "log_min_error_statement=panic",
        ])
        ready = [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
        service = ProbedService(
            "PostgreSQL", command, "", port, {**os.environ}, self.workdir / "log" / "postgres.log",
            probe=lambda: subprocess.call(ready) == 0, stop_signal=signal.SIGINT,  # SIGINT: fast shutdown
        )
        self.services.append(service)
        service.start()
        service.wait_ready()
        self._psql = self._as_db_user([str(bin_dir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", str(pg_dir),
                                       "-p", str(port), "-U", "postgres", "-d", "postgres"])
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
        service = redis_service(binaries, self.workdir, self.ports.redis, self.redis_password)
        self.services.append(service)
        service.start()
        service.wait_ready()

    def _start_nginx(self, binaries: Binaries) -> None:
        assert self.workdir is not None
        prefix = self.workdir / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "tmp" / sub).mkdir(parents=True)
        conf = prefix / "nginx.conf"
        upstreams = [f"127.0.0.1:{p}" for p in self.ports.rasa]
        conf.write_text(render_nginx_conf(prefix, f"127.0.0.1:{self.ports.nginx}", upstreams))
        command = [str(binaries.nginx), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
        check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise ServiceError(f"nginx refused {conf}:\n{check.stderr}")
        service = ProbedService(
            "nginx", command, "", self.ports.nginx, {**os.environ}, self.workdir / "log" / "nginx.log",
            probe=lambda: requests.get(f"{self.nginx_url}/", timeout=2).ok, stop_signal=signal.SIGQUIT,
        )
        self.services.append(service)
        service.start()
        service.wait_ready()

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


def run() -> int:
    ports = ScalePorts(base=int(os.environ.get("SCALE_PORT_BASE", 5000)),
                       rasa_count=int(os.environ.get("SCALE_RASA_COUNT", 2)))
    stop = []
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    print(f"Starting PostgreSQL ({ports.postgres}), Redis ({ports.redis}), the action server ({ports.actions}), "
          f"Rasa servers ({', '.join(map(str, ports.rasa))}) and nginx ({ports.nginx}) ...", flush=True)
    try:
        with ScaleOut(ports) as scale:
            print(f"Chat through nginx: POST {scale.nginx_url}/webhooks/rest/webhook "
                  f"(logs in {scale.workdir}/log). Ctrl-C stops everything.", flush=True)
            # Retention (docs/privacy.md) on the shared PostgreSQL: now, then once a day.
            purge = DailyPurge({**os.environ, **scale.rasa_env()})
            try:
                while not stop:
                    if not all(s.running() for s in scale.services):
                        print("A service stopped unexpectedly; stopping all.", file=sys.stderr)
                        return 1
                    purge.tick()
                    time.sleep(0.5)
            finally:
                purge.stop()
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["deps"]:
        return install_packages()
    if argv[:1] == ["run"]:
        return run()
    if argv[:1] == ["nginx-conf"] and len(argv) >= 4:
        print(render_nginx_conf(Path(argv[1]), argv[2], argv[3:]), end="")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
