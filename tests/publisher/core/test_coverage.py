"""Which engine covers a language with no model, and the one command that installs it:
the hint never names a package that does not exist (there is no en->uz Argos package)."""

from __future__ import annotations

import pytest

from publisher.core.coverage import DEFAULT_NLLB_MODEL, install_hint, no_model_sentence
from publisher.core.locales import ARGOS_INDEX_PAIRS
from worker.engines.base import NoRouteError, engine_setting
from worker.engines.router import LocaleRouter

NLLB = f"tarjima models download {DEFAULT_NLLB_MODEL}"


@pytest.mark.parametrize(
    ("target", "engine", "command"),
    [
        ("ru", "argos", "tarjima models download en-ru"),
        ("ky", "argos", "tarjima models download en-ky"),
        ("uz", "nllb", NLLB),
        ("tg", "nllb", NLLB),
    ],
)
def test_auto_names_the_engine_the_router_would_take(
    target: str, engine: str, command: str
) -> None:
    hint = install_hint("en", target)
    assert (hint.engine, hint.command, hint.refused) == (engine, command, None)
    assert f"covers en->{target}; install it with `{command}`" in hint.sentence()


def test_every_argos_hint_is_a_pair_of_the_index() -> None:
    for target in ("uz", "ky", "tg", "ru"):
        hint = install_hint("en", target)
        if hint.engine == "argos":
            assert ("en", target) in ARGOS_INDEX_PAIRS


def test_a_language_set_to_nllb_gets_the_nllb_command_even_where_argos_has_a_package() -> None:
    hint = install_hint("en", "ru", "nllb")
    assert (hint.engine, hint.command) == ("nllb", NLLB)


def test_a_language_set_to_an_engine_that_cannot_cover_it_is_told_which_can() -> None:
    said = no_model_sentence("en", "tg", "argos")
    assert said == (
        "no translation model for en->tg: Argos Translate has no package for en->tg, the "
        f"engine tg is set to use; the NLLB-200 model covers en->tg; install it with `{NLLB}` "
        "and set TARJIMA_ENGINES=tg=nllb"
    )


def test_a_pair_no_engine_covers_says_so_without_a_command() -> None:
    hint = install_hint("en", "xx")
    assert hint.command is None
    assert hint.sentence() == (
        "no engine Tarjima knows covers en->xx; its passages go to human translators"
    )


def test_the_engine_error_carries_the_hint_for_the_engine_in_use() -> None:
    router = LocaleRouter({}, default="auto", by_locale={"ky": "nllb"})
    assert engine_setting(router, "ky") == "nllb" and engine_setting(router, "ru") == "auto"
    with pytest.raises(NoRouteError) as refused:
        router.translate_batch(["Hello."], source="en", target="ky")
    assert (
        str(refused.value) == f"no translation model for en->ky: the NLLB-200 model covers "
        f"en->ky; install it with `{NLLB}`"
    )
    assert refused.value.engine == "nllb"


def test_the_hints_name_models_the_download_command_knows() -> None:
    """`tarjima models download` takes every command a hint gives: the NLLB name is a known
    checkpoint, the Argos names are pairs of the index."""
    from worker.engines.nllb_download import known_model

    assert known_model(DEFAULT_NLLB_MODEL) is not None
    for source, target in ARGOS_INDEX_PAIRS:
        assert install_hint(source, target).command == f"tarjima models download {source}-{target}"
