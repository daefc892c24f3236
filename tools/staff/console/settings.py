"""The staff console's settings, from the environment (README, "Settings")."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from tools.common.paths import DEFAULT_MODEL
from tools.servers import Ports


def _number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {value!r}") from None


@dataclass(frozen=True)
class ConsoleConfig:
    host: str = "127.0.0.1"
    port: int = 8090
    # The console's own test assistant (Rasa's API on, behind a random token, 127.0.0.1 only).
    test_ports: Ports = field(default_factory=lambda: Ports(host="127.0.0.1", rasa=5405, actions=5455))
    model: Path = DEFAULT_MODEL
    idle: dt.timedelta = dt.timedelta(minutes=30)
    lifetime: dt.timedelta = dt.timedelta(hours=10)
    # Set when the console is served over HTTPS (behind a proxy): cookies then go over HTTPS only.
    secure_cookies: bool = False
    # Failed logins of one name within `lockout` that lock it until that time has passed.
    max_failures: int = 5
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    # False: no test assistant (unit tests); the test pane then says it is not running.
    start_assistant: bool = True

    @classmethod
    def from_env(cls) -> ConsoleConfig:
        env = os.environ
        return cls(
            host=env.get("STAFF_HOST", "127.0.0.1").strip() or "127.0.0.1",
            port=int(_number("STAFF_PORT", 8090)),
            test_ports=Ports(host="127.0.0.1", rasa=int(_number("STAFF_RASA_PORT", 5405)),
                             actions=int(_number("STAFF_ACTIONS_PORT", 5455))),
            model=Path(env.get("STAFF_MODEL") or DEFAULT_MODEL),
            idle=dt.timedelta(minutes=_number("STAFF_SESSION_MINUTES", 30)),
            lifetime=dt.timedelta(hours=_number("STAFF_SESSION_MAX_HOURS", 10)),
            secure_cookies=env.get("STAFF_SECURE_COOKIES", "").strip().lower() in {"1", "true", "yes"},
        )
