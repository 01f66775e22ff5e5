"""Import: translations back from an XLIFF file, all or nothing for a file that cannot be
right, into one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from publisher.core.articles import Segment
from publisher.core.config import Settings
from publisher.core.enums import Origin, Status
from publisher.core.errors import InputError
from publisher.core.messages import N_, Joined, LanguageName, Message, Number, message
from publisher.core.protect import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN
from publisher.core.qa import check_translation
from publisher.core.translation_text import MAX_SEGMENT_CHARS, clean_translation
from publisher.db import repository as repo
from publisher.db.session import Database
from publisher.services.editions import assemble_and_store
from publisher.services.exchange.inline import (
    XliffVersion,
)
from publisher.services.exchange.safe_xml import language_code
from publisher.services.exchange.xliff.formats import (
    SHOWN_CHARS,
    SHOWN_IDS,
)
from publisher.services.exchange.xliff.ids import unit_ids
from publisher.services.exchange.xliff.read import XliffDocument, XliffUnit, read_xliff
from publisher.services.memory import masked_source, normalize, remember_segment


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


@dataclass(frozen=True)
class OutdatedUnit:
    """A translated unit not imported: the article no longer has its sentence."""

    unit_id: str
    source: str


@dataclass(frozen=True)
class XliffImport:
    """What an import did. ``written`` translations were stored (``approved`` of them
    approved); ``kept_approved`` lists units whose approved translation was kept;
    ``outdated`` the translated units whose sentence the article no longer has (changed
    or removed since the export), which were not imported."""

    article_id: int
    slug: str
    locale: str
    version: XliffVersion
    written: int
    approved: int
    unchanged: int
    empty: int
    kept_approved: tuple[str, ...]
    outdated: tuple[OutdatedUnit, ...] = ()

    def summary(self) -> str:
        text = (
            f"article {self.article_id} ({self.slug}), {self.locale}: imported "
            f"{self.written} translations ({self.approved} approved, "
            f"{self.written - self.approved} to review); {self.unchanged} unchanged; "
            f"{self.empty} without a translation"
        )
        if self.kept_approved:
            text += (
                f"; kept {len(self.kept_approved)} translations the file would change "
                f"({_ids(self.kept_approved)}): they are approved (only an approving "
                "import replaces them) or were changed in Tarjima after the export "
                "(export again and merge)"
            )
        if self.outdated:
            sources = _ids([f"“{_shown(unit.source)}”" for unit in self.outdated])
            text += (
                f"; not imported: {len(self.outdated)} translations of sentences the "
                f"article no longer has, changed or removed since the export "
                f"({sources}): export the article again to translate them"
            )
        return text


@dataclass(frozen=True)
class _Planned:
    unit_id: str
    segment_id: int
    text: str
    approve: bool


@dataclass(frozen=True)
class _Current:
    """The article as the database holds it now, for one locale."""

    article_id: int
    slug: str
    source_locale: str
    targets: tuple[str, ...]
    #: Rows by unit id: the content id, and the segment id (``s123``) of older files.
    rows: dict[str, repo.ReviewRow]
    segments: dict[int, Segment]
    glossary: tuple[repo.TermRecord, ...]

    @property
    def where(self) -> Message:
        return message(N_("article %(id)s (%(slug)s)"), id=self.article_id, slug=self.slug)


@dataclass(frozen=True)
class _Match:
    unit: XliffUnit
    row: repo.ReviewRow


def _ids(ids: Sequence[object]) -> Joined | Message:
    """The first few of ``ids`` ("u1, u2 and 3 more")."""
    shown = Joined(ids[:SHOWN_IDS], ", ")
    if len(ids) <= SHOWN_IDS:
        return shown
    return message(N_("%(listed)s and %(count)s more"), listed=shown, count=len(ids) - SHOWN_IDS)


def _article_of(database: Database, document: XliffDocument, wanted: int | None) -> int:
    found = document.article_id
    if found is None and document.slug:
        with database.session() as session:
            found = repo.find_article_id(session, slug=document.slug)
    if found is None and wanted is None:
        raise InputError(
            N_(
                "the XLIFF file does not say which Tarjima article it belongs to (no "
                '<file id="article-N"> or known original slug): import a file exported by '
                "Tarjima"
            )
        )
    if found is not None and wanted is not None and found != wanted:
        raise InputError(
            N_(
                "the file is a translation of another article (article %(found)s, %(slug)s), "
                "not of article %(wanted)s: import it on that article's review screen"
            ),
            found=found,
            slug=document.slug or message(N_("no slug")),
            wanted=wanted,
        )
    article_id = found if found is not None else wanted
    assert article_id is not None
    return article_id


def _load(database: Database, article_id: int, locale: str) -> _Current:
    with database.session() as session:
        targets = repo.list_targets(session, article_id=article_id)
        if not targets:
            raise InputError(
                N_(
                    "the file belongs to article %(id)s, which does not exist (any more): "
                    "export the article again"
                ),
                id=article_id,
            )
        summary = repo.article_summary(session, article_id=article_id)
        source_locale = repo.get_source_locale(session, article_id=article_id)
        rows = repo.review_rows(session, article_id=article_id, locale=locale)
        stored = repo.load_segments(session, segment_ids=[r.segment_id for r in rows])
        terms = repo.glossary(session, source_locale=source_locale, target_locale=locale)
    segments = {s.id: s.segment for s in stored}
    ids = unit_ids(segments[row.segment_id] for row in rows)
    by_unit = {f"s{row.segment_id}": row for row in rows}
    by_unit.update(zip(ids, rows, strict=True))
    return _Current(
        article_id, summary.slug, source_locale, targets, by_unit, segments, tuple(terms)
    )


def _locale_of(document: XliffDocument, wanted: str | None) -> str:
    locale = language_code(document.target_language)
    if not locale:
        raise InputError(
            N_(
                "the XLIFF file does not name its target language (trgLang in XLIFF 2.0, "
                "target-language in 1.2): export it again from Tarjima"
            )
        )
    if wanted is not None and locale != wanted:
        raise InputError(
            N_(
                "the file is a translation into %(found)s, not into %(wanted)s: import it on "
                "the %(found)s review screen"
            ),
            found=LanguageName(locale),
            wanted=LanguageName(wanted),
        )
    return locale


def _check_languages(document: XliffDocument, current: _Current, locale: str) -> None:
    if locale not in current.targets:
        raise InputError(
            N_("%(article)s is not translated into %(language)s: import files of %(targets)s only"),
            article=current.where,
            language=LanguageName(locale),
            targets=Joined([LanguageName(code) for code in current.targets], ", "),
        )
    source = language_code(document.source_language)
    if source and source != current.source_locale:
        raise InputError(
            N_(
                "the file translates from %(found)s, but article %(id)s is written in "
                "%(language)s: export it again"
            ),
            found=LanguageName(source),
            id=current.article_id,
            language=LanguageName(current.source_locale),
        )


def _match_units(
    document: XliffDocument, current: _Current
) -> tuple[list[_Match], tuple[OutdatedUnit, ...]]:
    """The units of sentences the article has now (its segment found by the unit id,
    with the same source), and the translated units of sentences it no longer has."""
    if not document.units:
        raise InputError(N_("the XLIFF file has no translation units: nothing to import"))
    counts = Counter(unit.id for unit in document.units)
    twice = [unit_id[:40] for unit_id, n in counts.items() if n > 1]
    matched: list[_Match] = []
    outdated: list[OutdatedUnit] = []
    segments_seen: set[int] = set()
    for unit in document.units:
        row = current.rows.get(unit.id)
        if row is None or normalize(unit.source) != masked_source(current.segments[row.segment_id]):
            if clean_translation(unit.target):
                outdated.append(OutdatedUnit(unit.id[:40], unit.source))
        elif row.segment_id in segments_seen:  # an old and a new id of one segment
            twice.append(unit.id)
        else:
            segments_seen.add(row.segment_id)
            matched.append(_Match(unit, row))
    if twice:
        raise InputError(
            N_("segments appear more than once in the file (%(ids)s): keep one unit per segment"),
            ids=_ids(twice),
        )
    if not matched:
        raise InputError(
            N_(
                "the file has only segments that %(article)s does not have (%(ids)s): it is "
                "of another article, or every sentence changed since the export. Export the "
                "article again and carry your translations over"
            ),
            article=current.where,
            ids=_ids([u.id[:40] for u in document.units]),
        )
    return matched, tuple(outdated)


def _code_problems(match: _Match, current: _Current) -> list[Message]:
    """What is wrong with the inline codes of a unit's target."""
    codes = match.unit.codes
    if codes is None:
        return []
    spans = current.segments[match.row.segment_id].spans
    problems = list(codes.problems)
    unknown = codes.unknown(str(n) for n in range(1, len(spans) + 1))
    if unknown:
        listed = ", ".join(f'"{code_id[:20]}"' for code_id in unknown)
        problems.append(message(N_("inline code id %(ids)s is not in the source"), ids=listed))
    duplicated = codes.duplicated()
    if duplicated:
        listed = ", ".join(f'"{code_id[:20]}"' for code_id in duplicated)
        problems.append(message(N_("inline code id %(ids)s appears more than once"), ids=listed))
    return problems


def _check_targets(matched: Sequence[_Match], current: _Current) -> None:
    long: list[str] = []
    unbalanced: list[str] = []
    codes: list[Message] = []
    for match in matched:
        unit, text = match.unit, clean_translation(match.unit.target)
        if len(text) > MAX_SEGMENT_CHARS:
            long.append(unit.id)
        elif problems := _code_problems(match, current):
            codes.append(
                message(
                    N_("unit %(id)s (“%(source)s”): %(problems)s"),
                    id=unit.id,
                    source=_shown(unit.source),
                    problems=Joined(problems),
                )
            )
        elif text.count(PLACEHOLDER_OPEN) != text.count(PLACEHOLDER_CLOSE):
            unbalanced.append(unit.id)
    if long:
        raise InputError(
            N_("translations of %(ids)s are too long (over %(limit)s characters): shorten them"),
            ids=_ids(long),
            limit=Number(MAX_SEGMENT_CHARS),
        )
    if codes:
        listed: Joined | Message = Joined(codes[:SHOWN_IDS])
        if len(codes) > SHOWN_IDS:
            listed = message(
                N_("%(listed)s; and %(count)s more"), listed=listed, count=len(codes) - SHOWN_IDS
            )
        raise InputError(
            N_(
                "the inline codes (tags) of %(count)s translations do not match their source: "
                "%(listed)s. Nothing was imported: in your CAT tool, keep each tag of the "
                "source once in the translation, and import again"
            ),
            count=len(codes),
            listed=listed,
        )
    if unbalanced:
        raise InputError(
            N_(
                "translations of %(ids)s have unbalanced placeholder brackets ⟦ ⟧: keep each "
                "placeholder whole, for example ⟦1⟧, and import again"
            ),
            ids=_ids(unbalanced),
        )


@dataclass
class _Plan:
    writes: list[_Planned]
    unchanged: int = 0
    empty: int = 0
    kept: tuple[str, ...] = ()


def _plan(matched: Sequence[_Match], may_approve: bool) -> _Plan:
    plan, kept = _Plan([]), []
    for match in matched:
        unit, row, text = match.unit, match.row, clean_translation(match.unit.target)
        approve = unit.final and may_approve
        if not text:
            plan.empty += 1
        elif row.text == text and (not approve or row.status is Status.APPROVED):
            plan.unchanged += 1
        elif row.status is Status.APPROVED and not approve:
            kept.append(unit.id)
        elif unit.version is not None and unit.version != row.version and row.text != text:
            kept.append(unit.id)  # changed in Tarjima since the export: never overwritten
        else:
            plan.writes.append(_Planned(unit.id, row.segment_id, text, approve))
    plan.kept = tuple(kept)
    return plan


def _write(
    database: Database, current: _Current, locale: str, plan: _Plan, username: str
) -> tuple[int, int, tuple[str, ...]]:
    """Store the planned translations in one transaction: (written, approved, kept)."""
    checked = [
        (
            item,
            [
                w.to_json()
                for w in check_translation(
                    current.segments[item.segment_id],
                    item.text,
                    locale=locale,
                    glossary=current.glossary,
                )
            ],
        )
        for item in plan.writes
    ]
    written, approved, kept = 0, 0, list(plan.kept)
    try:
        with database.session() as session:
            for item, warnings in checked:
                if not repo.write_imported_translation(
                    session,
                    segment_id=item.segment_id,
                    locale=locale,
                    text=item.text,
                    approve=item.approve,
                    warnings=warnings,
                    engine=f"xliff:{username}",
                ):
                    kept.append(item.unit_id)  # approved by someone meanwhile
                    continue
                written += 1
                if item.approve:
                    approved += 1
                    remember_segment(
                        session,
                        segment=current.segments[item.segment_id],
                        source_locale=current.source_locale,
                        target_locale=locale,
                        target_text=item.text,
                        article_id=current.article_id,
                        article_slug=current.slug,
                        origin=str(Origin.HUMAN),
                        approved=True,
                        changed_by=username,
                    )
    except IntegrityError as exc:  # the article was replaced while importing
        raise InputError(
            N_(
                "article %(id)s changed while the file was being imported; nothing was "
                "imported: export the article again"
            ),
            id=current.article_id,
        ) from exc
    return written, approved, tuple(kept)


def import_xliff(
    database: Database,
    settings: Settings,
    data: bytes,
    *,
    may_approve: bool,
    username: str,
    article_id: int | None = None,
    locale: str | None = None,
    max_bytes: int | None = None,
) -> XliffImport:
    """Import translations from an XLIFF file (2.0 or 1.2, told apart by the file).

    ``article_id`` and ``locale``, when given, are what the file must be for (the web
    app's review screen); otherwise the file says. Nothing is written unless the file
    is acceptable as a whole; units of sentences the article no longer has are
    reported in the result, not imported. ``max_bytes`` defaults to
    ``settings.max_upload_bytes``.
    """
    limit = settings.max_upload_bytes if max_bytes is None else max_bytes
    document = read_xliff(data, max_bytes=limit)
    found = _article_of(database, document, article_id)
    target = _locale_of(document, locale)
    current = _load(database, found, target)
    _check_languages(document, current, target)
    matched, outdated = _match_units(document, current)
    _check_targets(matched, current)
    plan = _plan(matched, may_approve)
    written, approved, kept = _write(database, current, target, plan, username)
    if approved:
        assemble_and_store(database, settings, article_id=found, locale=target)
    return XliffImport(
        found,
        current.slug,
        target,
        document.version,
        written,
        approved,
        plan.unchanged,
        plan.empty,
        kept,
        outdated,
    )
