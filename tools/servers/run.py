"""`make run`, `make shell` and `make scale-out`: start the servers, say where to chat, stop it all
on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from core.content import load_site
from tools.common.paths import VENV_BIN
from tools.servers.assistant import Assistant
from tools.servers.daily_purge import DailyPurge
from tools.servers.processes import Ports, ServiceError, base_env
from tools.servers.scaleout import ScaleOut, ScalePorts


def phone_warning() -> str | None:
    """Said at start-up when the hospital's appointment number is not configured."""
    site = load_site()
    if site.phone:
        return None
    return ("Warning: APPOINTMENT_PHONE is not set, so no reply gives an appointment number; they say "
            f"\"{site.call_us()}\" instead. Set APPOINTMENT_PHONE (and HOSPITAL_NAME) before going live.")


def _banner(ports: Ports, web_port: int | None = None) -> str:
    page = f"\n  Open http://{ports.host}:{web_port}   (the ALL page with the chat widget)" if web_port else ""
    return f"""
The ALL assistant is running.{page}
  Chat over REST:  curl -s -XPOST {ports.rasa_url}/webhooks/rest/webhook \\
                     -H 'Content-Type: application/json' -d '{{"sender":"me","message":"what is ALL?"}}'
  Terminal chat:   make shell   (after stopping this one, or with other RASA_PORT/ACTIONS_PORT)
Press Ctrl-C to stop."""


def serve(assistant: Assistant) -> int:
    print(_banner(assistant.ports, assistant.web_port), flush=True)
    # Retention (docs/privacy.md): what is past its time is deleted now and once a day.
    purge = DailyPurge(base_env(assistant.ports, assistant.extra_env))
    try:
        while all(service.running() for service in assistant.services):
            purge.tick()
            time.sleep(0.5)
            if _stop_requested:
                return 0
    finally:
        purge.stop()
    stopped = [s for s in assistant.services if not s.running()]
    for service in stopped:
        print(f"The {service.name} stopped unexpectedly:\n{service.log_tail()}", file=sys.stderr)
    return 1


_stop_requested = False


def _request_stop(*_: object) -> None:
    global _stop_requested
    _stop_requested = True


def shell(assistant: Assistant) -> int:
    action_server = assistant.action_server()
    assistant.services = [action_server]
    action_server.start()
    action_server.wait_ready()
    command = [str(VENV_BIN / "rasa"), "shell", "--model", str(assistant.model), "--endpoints", "endpoints.yml"]
    print("Terminal chat: type a question, /stop to end.", flush=True)
    return subprocess.call(command, env=base_env(assistant.ports))


def scale_out() -> int:
    """PostgreSQL, Redis, the action server, SCALE_RASA_COUNT Rasa servers and nginx, until Ctrl-C."""
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


def assistant(argv: list[str]) -> int:
    """The action server, the Rasa server and the web page (`--shell`: the terminal chat instead)."""
    assistant = Assistant(ports=Ports.from_env(), web_port=int(os.environ.get("WEB_PORT", 8080)))
    warning = phone_warning()
    if warning:
        print(warning, file=sys.stderr, flush=True)
    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    try:
        if "--shell" in argv:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # rasa shell handles Ctrl-C itself
            return shell(assistant)
        print(f"Starting the action server ({assistant.ports.actions}), the Rasa server "
              f"({assistant.ports.rasa}) and the web page ({assistant.web_port}) on {assistant.ports.host} ...",
              flush=True)
        assistant.start()
        return serve(assistant)
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        assistant.stop()

