"""The servers from the command line (the Makefile's targets call these):

    python -m tools.servers run          make run: the assistant and the page, until Ctrl-C
    python -m tools.servers shell        make shell: chat in the terminal
    python -m tools.servers deps         make scale-deps: install PostgreSQL, Redis and nginx
                                         from Debian if one is missing
    python -m tools.servers scale-out    make scale-out: a throwaway scale-out on 127.0.0.1
                                         (ports from SCALE_PORT_BASE, default 5000)
    python -m tools.servers nginx-conf PREFIX LISTEN HOST:PORT...
                                         print an nginx.conf for these Rasa servers (a real
                                         deployment, docs/scaling.md)
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.servers import render_nginx_conf
from tools.servers.debian import install_packages
from tools.servers.run import assistant, scale_out


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "run":
        return assistant(rest)
    if command == "shell":
        return assistant(["--shell"])
    if command == "deps":
        return install_packages()
    if command == "scale-out":
        return scale_out()
    if command == "nginx-conf" and len(rest) >= 3:
        print(render_nginx_conf(Path(rest[0]), rest[1], rest[2:]), end="")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
