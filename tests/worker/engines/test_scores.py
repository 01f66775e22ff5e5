"""Engine scores through the real Argos/CTranslate2 path: the length-normalized
log-probability of each translation, high for a confident model, low for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.engines.argos import ArgosEngine, _weaker
from worker.engines.packages import install_package

pytestmark = pytest.mark.integration
TEXTS = ["It seemed simple enough.", "More than 50 people were killed."]


def test_a_confident_model_scores_near_zero_and_a_random_one_far_below(
    tmp_path: Path, package_dir: dict[str, Path]
) -> None:
    for name in ("en-ky", "en-ru"):
        install_package(package_dir[name], tmp_path / "copy")
    install_package(package_dir["en-ky-random"], tmp_path / "random")
    copy = ArgosEngine(tmp_path / "copy").translate_scored(TEXTS, source="en", target="ky")
    assert [s.text for s in copy] == TEXTS  # the copy model's output is its input
    assert all(s.score is not None and s.score > -0.1 for s in copy)
    noise = ArgosEngine(tmp_path / "random").translate_scored(TEXTS, source="en", target="ky")
    assert all(s.score is not None and s.score < -1.5 for s in noise)
    # Empty texts are not sent to the model and have no score.
    (empty,) = ArgosEngine(tmp_path / "copy").translate_scored(["  "], source="en", target="ky")
    assert (empty.text, empty.score) == ("  ", None)


def test_through_a_pivot_the_weaker_leg_counts() -> None:
    assert _weaker(None, -0.5) == -0.5
    assert _weaker(-0.2, -1.7) == -1.7
    assert _weaker(-0.2, None) == -0.2
