"""`tarjima publish` translates into the deployment's target locales
(TARJIMA_TARGET_LOCALES) by default, and refuses the others."""

from __future__ import annotations

from pathlib import Path

from tests.publisher.cli.test_cli import run_cli


def test_publish_refuses_a_language_the_deployment_does_not_translate_into(
    tmp_path: Path, sample_path: Path
) -> None:
    data_dir = tmp_path / "var"
    only_ky = {"TARJIMA_TARGET_LOCALES": "ky"}
    result = run_cli(["publish", str(sample_path), "--to", "ru"], data_dir, extra_env=only_ky)
    assert result.returncode == 2, result.stderr
    assert "unsupported locale “ru”: choose from ky" in result.stderr
    assert not data_dir.exists()


def test_publish_defaults_to_the_deployments_targets(tmp_path: Path, sample_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        ["publish", str(sample_path), "--out", str(out)],
        tmp_path / "var",
        extra_env={"TARJIMA_TARGET_LOCALES": "tg"},
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["tg"]
