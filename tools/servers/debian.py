"""The Debian packages a scale-out needs (PostgreSQL, Redis, nginx): find them, and install them
when a program is missing (`make scale-deps`: apt-get, as root or with password-less sudo)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

APT_PACKAGES = ("postgresql", "redis-server", "nginx")


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
            policy.write_text("#!/bin/sh\n# added by tools/servers/debian.py while installing\nexit 101\n")
            policy.chmod(0o755)
            added_policy = True
        for command in ([*apt, "update"], [*apt, "install", "-y", "--no-install-recommends", *APT_PACKAGES]):
            if subprocess.call(command, env=env) != 0:
                print(f"`{' '.join(command)}` failed: install {' '.join(APT_PACKAGES)} by hand "
                      "(the scale-out tests need them).", file=sys.stderr)
                return 1
    finally:
        if added_policy:
            policy.unlink()
    binaries, missing = find_binaries()
    if not binaries:
        print(f"Still missing after apt-get: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0

