"""The staff console from the command line (the Makefile's targets call these):

    python -m tools.staff.console                       make staff: serve the console until Ctrl-C
    python -m tools.staff.console add-user NAME [--roles bookings,admin]
                                                        make staff-user NAME=… [ROLES=…]: create an
                                                        account, or set a new password and roles
    python -m tools.staff.console users                 the accounts and their roles
    python -m tools.staff.console disable NAME          an account that can no longer log in

The password is asked twice on the terminal and never shown (`--password-stdin` reads one line
from standard input instead, for scripts). Accounts live in the assistant's database
(DATABASE_URL, default var/assistant.db).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys

from aiohttp import web

from records import audit_log
from records.database import StorageError
from records.staff_accounts import ROLES, AccountError, list_accounts, save_account, set_active
from records.staff_sessions import end_sessions_of
from tools.staff.console.app import make_app
from tools.staff.console.settings import ConsoleConfig

TERMINAL = "(terminal)"


def ask_password(name: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass("The same password again: ") != first:
        raise AccountError("The two passwords are not the same.")
    return first


def add_user(name: str, roles: str, from_stdin: bool) -> int:
    wanted = {r.strip().lower() for r in roles.replace(" ", ",").split(",") if r.strip()}
    try:
        password = ask_password(name, from_stdin)
        account, new = save_account(name, password, wanted)
    except AccountError as error:
        print(f"No account saved: {error}", file=sys.stderr)
        return 2
    except StorageError as error:
        print(f"No account saved: {error}. Check DATABASE_URL.", file=sys.stderr)
        return 1
    if not new:
        end_sessions_of(account.id)  # a reset password logs the old sessions out
    roles = ", ".join(sorted(account.roles)) or "none"
    done = "created" if new else "reset"
    audit_log.record(TERMINAL, audit_log.ACCOUNT_SAVED, f"{account.name}: {done}, roles {roles}")
    print(f"{'Created' if new else 'Updated'} the staff account {account.name!r} (roles: {roles}).")
    return 0


def show_users() -> int:
    accounts = list_accounts()
    if not accounts:
        print("No staff accounts yet: make staff-user NAME=yourname [ROLES=bookings]")
    for account in accounts:
        state = "" if account.active else "  (disabled)"
        print(f"{account.name:20} {', '.join(sorted(account.roles)) or '-'}{state}")
    return 0


def disable(name: str) -> int:
    if not set_active(name, False):
        print(f"No staff account {name!r}.", file=sys.stderr)
        return 1
    audit_log.record(TERMINAL, audit_log.ACCOUNT_SAVED, f"{name}: disabled")
    print(f"The account {name!r} can no longer log in.")
    return 0


def serve(config: ConsoleConfig) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if not config.model.exists():
        print(f"No trained model at {config.model}: run `make model` first.", file=sys.stderr)
        return 1
    try:
        accounts = list_accounts()
    except StorageError as error:
        print(f"The database can't be read: {error}. Check DATABASE_URL.", file=sys.stderr)
        return 1
    print(f"The staff console: http://{config.host}:{config.port}   (Ctrl-C stops it)", flush=True)
    print(f"Its test assistant starts on {config.test_ports.host}:{config.test_ports.rasa} (about a minute).",
          flush=True)
    if not accounts:
        print("There are no staff accounts yet: create one with make staff-user NAME=yourname ROLES=bookings",
              flush=True)
    if config.host not in ("127.0.0.1", "localhost", "::1") and not config.secure_cookies:
        print("Warning: STAFF_HOST opens the console beyond this machine; serve it over HTTPS and set "
              "STAFF_SECURE_COOKIES=true (docs/staff-console.md).", file=sys.stderr, flush=True)
    try:
        web.run_app(make_app(config), host=config.host, port=config.port, print=None,
                    access_log_format='"%r" %s %Tfs', shutdown_timeout=5)
    except OSError as error:
        print(f"The console can't listen on {config.host}:{config.port}: {error.strerror}. "
              "Stop what uses the port or choose another STAFF_PORT.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.staff.console", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    add = commands.add_parser("add-user", help="create an account, or reset its password and roles")
    add.add_argument("name")
    add.add_argument("--roles", default="", help=f"comma-separated: {', '.join(ROLES)}")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    commands.add_parser("users", help="list the accounts")
    off = commands.add_parser("disable", help="stop an account from logging in")
    off.add_argument("name")
    args = parser.parse_args(argv)
    try:
        if args.command == "add-user":
            return add_user(args.name, args.roles, args.password_stdin)
        if args.command == "users":
            return show_users()
        if args.command == "disable":
            return disable(args.name)
    except StorageError as error:
        print(f"The database can't be used: {error}. Check DATABASE_URL.", file=sys.stderr)
        return 1
    return serve(ConsoleConfig.from_env())


if __name__ == "__main__":
    raise SystemExit(main())
