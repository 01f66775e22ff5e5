"""docker-compose.yml names real Tarjima commands and wires the services as documented.

No Docker engine runs where the tests run, so the file is checked statically: every
`tarjima ...` command in it parses with the real CLI, and the services, health checks,
start order and shared volumes are the ones docs/operations.md describes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from publisher.cli import app

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    found: dict[str, Any] = data["services"]
    return found


def _parse(argv: list[str]) -> Any:
    """Parse ``tarjima ARGS`` as the CLI would, without running it; returns the command.

    Typer bundles its own copy of click, so groups are recognized by what they do.
    """
    command: Any = typer.main.get_command(app)
    args = argv[1:]
    parent = None
    while hasattr(command, "resolve_command"):
        ctx = command.make_context("tarjima", list(args), parent=parent, resilient_parsing=False)
        # click 8.2 keeps the subcommand's name apart from its arguments.
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        _name, sub, args = command.resolve_command(ctx, rest)
        command, parent = sub, ctx
    command.make_context(command.name or "", list(args), parent=parent)  # raises on bad options
    return command


def test_services_are_the_documented_ones(services: dict[str, Any]) -> None:
    assert set(services) == {
        "redis",
        "postgres",
        "migrate",
        "worker",
        "reconciler",
        "flower",
        "web",
    }


@pytest.mark.parametrize("name", ["migrate", "worker", "reconciler"])
def test_tarjima_commands_parse_with_the_real_cli(services: dict[str, Any], name: str) -> None:
    command = services[name]["command"]
    assert command[0] == "tarjima"
    _parse(command)
    health = services[name].get("healthcheck", {}).get("test")
    if health:
        assert health[:2] == ["CMD", "tarjima"]
        _parse(health[1:])


def test_the_parser_refuses_what_the_cli_would_refuse() -> None:
    with pytest.raises(Exception, match="No such option: --no-such-option"):
        _parse(["tarjima", "worker", "--no-such-option"])
    with pytest.raises(Exception, match="No such option: --every"):
        _parse(["tarjima", "db", "upgrade", "--every", "3"])
    assert _parse(["tarjima", "reconcile", "--every", "30"]).name == "reconcile"
    with pytest.raises(Exception, match="No such command 'no-such-command'"):
        _parse(["tarjima", "no-such-command"])


def test_start_order_health_checks_and_volumes(services: dict[str, Any]) -> None:
    for name in ("redis", "postgres", "worker", "web"):
        assert services[name]["healthcheck"]["test"], f"{name} has no health check"
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("worker", "reconciler", "web"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert "models:/models" in services["worker"]["volumes"]
    assert services["worker"]["environment"]["TARJIMA_MODELS_DIR"] == "/models"
    assert "--appendonly" in services["redis"]["command"]
    assert "flower" in services["flower"]["command"]
    assert "ports" not in services["worker"], "scalable services must not pin host ports"
