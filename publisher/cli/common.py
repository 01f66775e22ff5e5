"""What every ``tarjima`` command shares: the consoles, the settings, and the mapping of
errors to exit statuses.

Exit status: 0 when the command did its work (for ``publish``, also when some locales
await a human), 2 for bad input, 1 for anything else. Errors are one line on stderr,
starting ``error:``; an expected offline situation (``OfflineError``: no internet for a
model download) is one plain line on stderr, exit status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console

from publisher.core.config import Settings, get_settings
from publisher.core.errors import InputError, OfflineError, TarjimaError, first_line

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def current_settings(**overrides: object) -> Settings:
    """The settings, with the command-line options that were given (not None) on top."""
    return get_settings(**{k: v for k, v in overrides.items() if v is not None})


def read_upload(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``path``: enough to tell that it is too large."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


def _outage(exc: BaseException) -> str | None:
    """One line for a database or broker that cannot be reached, else None."""
    from kombu.exceptions import OperationalError as BrokerError

    from publisher.db.session import is_outage, outage_message

    if is_outage(exc):
        return outage_message(exc)
    if isinstance(exc, BrokerError):
        return f"the broker is unreachable: {first_line(exc)}"
    return None


def run_app(app: typer.Typer) -> None:
    """Run ``app``, mapping errors to exit statuses and one-line messages."""
    try:
        _run_app(app)
    except Exception as exc:  # the last line of defence: one line, exit 1
        err.print(f"error: unexpected {type(exc).__name__}: {exc}", soft_wrap=True, markup=False)
        sys.exit(1)


def _run_app(app: typer.Typer) -> None:
    try:
        app(standalone_mode=False)
    except InputError as exc:
        err.print(f"error: {exc}", soft_wrap=True, markup=False)
        sys.exit(2)
    except ValidationError as exc:  # a TARJIMA_* setting that does not parse
        problems = "; ".join(
            f"TARJIMA_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        err.print(f"error: invalid setting: {problems}", soft_wrap=True, markup=False)
        sys.exit(2)
    except typer.TyperException as exc:  # usage errors: exit 2, as click would
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err.print(f"error: {exc}", soft_wrap=True, markup=False)
        sys.exit(int(getattr(exc, "exit_code", 2)))
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        code = exc.exit_code if isinstance(exc, typer.Exit) else exc.code
        sys.exit(code)
    except (TarjimaError, TimeoutError, OSError) as exc:
        # Expected offline (no internet for a download) is said plainly, not as an error.
        prefix = "" if isinstance(exc, OfflineError) else "error: "
        err.print(f"{prefix}{exc}", soft_wrap=True, markup=False)
        sys.exit(1)
    except Exception as exc:
        outage = _outage(exc)
        if outage is None:
            raise
        err.print(f"error: {outage}", soft_wrap=True, markup=False)
        sys.exit(1)
