"""The ``users`` group: staff accounts for the web app (add, list, password)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from publisher.cli.common import current_settings, out
from publisher.core.errors import InputError

users_app = typer.Typer(help="Staff accounts for the web app.", no_args_is_help=True)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Lowercase user name")],
    role: Annotated[str, typer.Option(help="admin, editor or translator")],
    language: Annotated[
        list[str] | None, typer.Option("--language", help="A translator's language (repeat)")
    ] = None,
    name: Annotated[str, typer.Option(help="Full name shown in the app")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
) -> None:
    """Create a staff account (the password is asked for, or read with --password-stdin)."""
    from publisher.core.enums import Role
    from publisher.db.session import Database
    from publisher.services.accounts import create_user

    try:
        chosen = Role(role)
    except ValueError as exc:
        raise InputError(f"unknown role {role!r}: admin, editor or translator") from exc
    password = _read_password(password_stdin)
    database = Database.for_settings(current_settings())
    user_id = create_user(
        database,
        username=username,
        password=password,
        role=chosen,
        languages=language or [],
        display_name=name,
    )
    out.print(f"user {username} ({chosen}) created with id {user_id}", markup=False)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Password", hide_input=True)
    second = typer.prompt("Repeat the password", hide_input=True)
    if first != second:
        raise InputError("the passwords differ")
    return str(first)


@users_app.command("list")
def users_list() -> None:
    """List staff accounts."""
    from rich.table import Table

    from publisher.db.session import Database
    from publisher.services.accounts import users

    table = Table("id", "user", "name", "role", "languages", "active")
    for user in users(Database.for_settings(current_settings())):
        table.add_row(
            str(user.id),
            user.username,
            user.display_name,
            str(user.role),
            ",".join(user.languages),
            "yes" if user.active else "no",
        )
    out.print(table)


@users_app.command("password")
def users_password(
    username: Annotated[str, typer.Argument(help="User name")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a new password (signs the user out everywhere)."""
    from publisher.db.session import Database
    from publisher.services.accounts import update_account, users

    database = Database.for_settings(current_settings())
    found = [u for u in users(database) if u.username == username]
    if not found:
        raise InputError(f"no user {username!r}")
    update_account(database, user_id=found[0].id, password=_read_password(password_stdin))
    out.print(f"password of {username} changed", markup=False)
