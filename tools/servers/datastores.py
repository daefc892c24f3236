"""The scale-out's other programs, each a throwaway on 127.0.0.1: a PostgreSQL cluster, a
Redis for locks and nginx in front of the Rasa servers. Each comes as a ProbedService that
the caller starts, waits for and stops (tools/servers/scaleout.py)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import requests

from tools.common.paths import PROJECT_DIR
from tools.servers.debian import Binaries
from tools.servers.processes import ProbedService, ServiceError

NGINX_TEMPLATE = PROJECT_DIR / "deploy" / "scale-out" / "nginx.conf.template"


# --- PostgreSQL: refuses to run as root, so it runs as the `postgres` user when we are root ---

def as_db_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_service(binaries: Binaries, workdir: Path, port: int) -> tuple[ProbedService, list[str]]:
    """A new cluster in workdir/postgres (initdb done), and the psql command of its superuser
    over the local socket."""
    pg_dir = workdir / "postgres"
    pg_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(pg_dir, "postgres", "postgres")
    data = pg_dir / "data"
    bin_dir = binaries.postgres_bin
    init = subprocess.run(
        as_db_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                    "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256"]),
        cwd=pg_dir, capture_output=True, text=True,
    )
    if init.returncode != 0:
        raise ServiceError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
    command = as_db_user([
        str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
        "-c", f"unix_socket_directories={pg_dir}", "-c", "log_min_error_statement=panic",
    ])
    ready = [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
    service = ProbedService(
        "PostgreSQL", command, "", port, {**os.environ}, workdir / "log" / "postgres.log",
        probe=lambda: subprocess.call(ready) == 0, stop_signal=signal.SIGINT,  # SIGINT: fast shutdown
    )
    psql = as_db_user([str(bin_dir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", str(pg_dir),
                       "-p", str(port), "-U", "postgres", "-d", "postgres"])
    return service, psql


# --- Redis --------------------------------------------------------------------------------------

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


# --- nginx --------------------------------------------------------------------------------------

def render_nginx_conf(prefix: Path, listen: str, rasa_servers: list[str], template: Path = NGINX_TEMPLATE) -> str:
    """nginx.conf from the template: `rasa_servers` as "host:port", `listen` as nginx's listen."""
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=10s;" for address in rasa_servers)
    text = template.read_text()
    for name, value in (("PREFIX", str(prefix)), ("LISTEN", listen), ("RASA_SERVERS", servers)):
        text = text.replace(f"@@{name}@@", value)
    if re.search(r"@@[A-Z_]+@@", text):
        raise ValueError(f"{template}: a placeholder was not filled in")
    return text


def nginx_service(binaries: Binaries, workdir: Path, port: int, upstreams: list[str]) -> ProbedService:
    """nginx on 127.0.0.1:port in front of `upstreams` ("host:port"), its config checked first."""
    prefix = workdir / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True)
    conf = prefix / "nginx.conf"
    conf.write_text(render_nginx_conf(prefix, f"127.0.0.1:{port}", upstreams))
    command = [str(binaries.nginx), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise ServiceError(f"nginx refused {conf}:\n{check.stderr}")
    url = f"http://127.0.0.1:{port}/"
    return ProbedService(
        "nginx", command, "", port, {**os.environ}, workdir / "log" / "nginx.log",
        probe=lambda: requests.get(url, timeout=2).ok, stop_signal=signal.SIGQUIT,
    )
