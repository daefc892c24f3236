"""Staff accounts of the staff console, in the assistant's database (records/database.py).

Passwords are kept only as argon2id hashes (argon2-cffi, its recommended parameters); a hash
made with older parameters is upgraded at the next successful login. Roles are plain words:
`bookings` may see the appointment requests (personal data), `admin` may read the audit log.
Nothing here logs a password or a hash.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from records.database import get_engine, metadata, storage_error

BOOKINGS_ROLE = "bookings"
ADMIN_ROLE = "admin"
ROLES = (BOOKINGS_ROLE, ADMIN_ROLE)
MIN_PASSWORD_LENGTH = 12
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

staff_accounts = sa.Table(
    "staff_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(40), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("roles", sa.String(200), nullable=False, server_default=""),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("password_changed_at", sa.DateTime, nullable=False),
)

_hasher = PasswordHasher()
# Verified when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A name, password or role that can't be used; the message says why (never the password)."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    roles: frozenset[str]
    active: bool

    def has_role(self, role: str) -> bool:
        return role in self.roles


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not NAME_PATTERN.match(name):
        raise AccountError("A name is 2-40 lowercase letters, digits, '.', '_' or '-', starting with a letter or "
                           "digit (for example jsmith).")
    return name


def check_password(password: str, name: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if name.lower() in password.lower():
        raise AccountError("The password must not contain the account's name.")


def check_roles(roles: set[str]) -> frozenset[str]:
    unknown = sorted(roles - set(ROLES))
    if unknown:
        raise AccountError(f"Unknown role(s): {', '.join(unknown)} (known: {', '.join(ROLES)}).")
    return frozenset(roles)


def _account(row: sa.engine.Row) -> Account:
    roles = frozenset(r for r in (row.roles or "").split(",") if r)
    return Account(row.id, row.name, roles, bool(row.active))


def save_account(name: str, password: str, roles: set[str], url: str | None = None) -> tuple[Account, bool]:
    """Create the account, or set a new password and roles for an existing one (made active
    again). Returns the account and whether it was new. Raises AccountError or StorageError."""
    name = check_name(name)
    check_password(password, name)
    values = {"password_hash": _hasher.hash(password), "roles": ",".join(sorted(check_roles(roles))),
              "active": True, "password_changed_at": _now()}
    table = staff_accounts
    try:
        with get_engine(url).begin() as connection:
            existing = connection.execute(sa.select(table.c.id).where(table.c.name == name)).scalar_one_or_none()
            if existing is None:
                connection.execute(table.insert().values(name=name, created_at=_now(), **values))
            else:
                connection.execute(table.update().where(table.c.id == existing).values(**values))
            row = connection.execute(sa.select(table).where(table.c.name == name)).one()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return _account(row), existing is None


def verify_login(name: str, password: str, url: str | None = None) -> Account | None:
    """The active account with this name and password, else None (the same time either way)."""
    table = staff_accounts
    try:
        with get_engine(url).connect() as connection:
            row = connection.execute(sa.select(table).where(table.c.name == name.strip().lower())).one_or_none()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    try:
        _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        _set_hash(row.id, _hasher.hash(password), url)
    return _account(row)


def _set_hash(account_id: int, password_hash: str, url: str | None) -> None:
    table = staff_accounts
    try:
        with get_engine(url).begin() as connection:
            connection.execute(table.update().where(table.c.id == account_id).values(
                password_hash=password_hash, password_changed_at=_now()))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error


def change_password(account: Account, current: str, new: str, url: str | None = None) -> None:
    """The staff member's own change: the current password must be right. Raises AccountError."""
    if verify_login(account.name, current, url) is None:
        raise AccountError("The current password is not right.")
    check_password(new, account.name)
    if new == current:
        raise AccountError("The new password must differ from the current one.")
    _set_hash(account.id, _hasher.hash(new), url)


def get_account(account_id: int, url: str | None = None) -> Account | None:
    table = staff_accounts
    try:
        with get_engine(url).connect() as connection:
            row = connection.execute(sa.select(table).where(table.c.id == account_id)).one_or_none()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return _account(row) if row is not None else None


def list_accounts(url: str | None = None) -> list[Account]:
    table = staff_accounts
    try:
        with get_engine(url).connect() as connection:
            rows = connection.execute(sa.select(table).order_by(table.c.name)).all()
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return [_account(row) for row in rows]


def set_active(name: str, active: bool, url: str | None = None) -> bool:
    """Disable (or enable again) an account; False when there is no such account."""
    table = staff_accounts
    try:
        with get_engine(url).begin() as connection:
            result = connection.execute(table.update().where(table.c.name == name.strip().lower())
                                        .values(active=active))
    except sa.exc.SQLAlchemyError as error:
        raise storage_error(error) from error
    return bool(result.rowcount)
