"""One typed Settings object, built at the edge (CLI, worker, tests) and passed down.

Nothing is read at import time: ``get_settings()`` reads ``TARJIMA_*`` variables
(and an optional ``.env``) when called.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from publisher.core.locales import TARGET_LOCALES

EngineChoice = Literal["auto", "argos", "nllb"]
ENGINE_CHOICES: tuple[str, ...] = ("auto", "argos", "nllb")
Device = Literal["cpu", "cuda", "auto"]


class Settings(BaseSettings):
    """Everything Tarjima can be configured with; every field has a working default."""

    model_config = SettingsConfigDict(env_prefix="TARJIMA_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("var"), description="Runtime data: database, models, editions")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite file")
    models_dir: Path | None = Field(None, description="Installed Argos packages")
    output_dir: Path | None = Field(
        None,
        description="The public folder: published editions only (previews go to DATA_DIR/previews)",
    )
    broker_url: str | None = Field(None, description="Celery broker; none runs embedded")
    result_backend: str | None = None
    engine: str = Field(
        "auto",
        description="Engine for every target locale: 'auto' (Argos where a package "
        "translates the pair, else NLLB), 'argos', 'nllb', or 'module:factory' (tests)",
    )
    engines: Annotated[dict[str, EngineChoice], NoDecode] = Field(
        default_factory=dict,
        description="Engine per target locale, over ENGINE: 'uz=nllb,tg=nllb,ru=argos'",
    )
    nllb_model: str | None = Field(
        None,
        description="Installed NLLB model to use (a folder in MODELS_DIR/nllb); "
        "default: the only one installed",
    )
    device: Device = Field(
        "cpu",
        description="Where CTranslate2 runs: 'cpu', 'cuda' (falls back to the CPU "
        "with a warning when no GPU is present) or 'auto'",
    )
    batch_size: int = Field(
        32, ge=1, le=1000, description="Segments per translation task (bench/README.md)"
    )
    beam_size: int = Field(2, ge=1, le=16)
    engine_threads: int = Field(
        0, ge=0, le=256, description="CTranslate2 threads per worker process; 0 = its default"
    )
    task_soft_time_limit: int = Field(
        240, ge=1, description="Seconds before a batch is asked to stop"
    )
    task_time_limit: int = Field(
        300, ge=1, description="Seconds before a batch's process is killed"
    )
    visibility_timeout: int = Field(
        900, ge=10, description="Redis: seconds before an unacknowledged task is redelivered"
    )
    reconcile_every: float = Field(
        5.0,
        gt=0,
        le=300,
        description="Seconds between passes of `tarjima reconcile` (and "
        "of the reconciler inside `tarjima publish --wait`)",
    )
    reconcile_confirm: float = Field(
        3.0,
        ge=0,
        le=300,
        description="Seconds a task must stay neither queued nor held "
        "by any worker (seen in two passes) before it is declared lost",
    )
    reconcile_max_resends: int = Field(
        3,
        ge=0,
        description="Times lost work is sent again before its segments are marked "
        "failed (a batch that kills every worker that takes it)",
    )
    heartbeat_every: float = Field(
        5.0, gt=0, le=60, description="Seconds between a worker's lease renewals"
    )
    lease_ttl: float = Field(
        20.0,
        gt=0,
        le=600,
        description="Seconds without a heartbeat after which a worker is "
        "taken for gone and the work it held is sent again",
    )
    inspect_timeout: float = Field(
        2.0,
        gt=0,
        le=60,
        description="Seconds the reconciler waits for every live worker "
        "to say which tasks it holds",
    )
    db_connect_timeout: int = Field(
        5, ge=1, le=300, description="Seconds to wait for a database connection (PostgreSQL)"
    )
    retry_delay: float = Field(
        1.0,
        gt=0,
        le=600,
        description="Seconds before the first retry of a batch whose "
        "engine failed or an assembly that could not write; each later retry waits twice as "
        "long, and a batch whose worker process died is sent again after twice this",
    )
    db_retry_max_delay: float = Field(
        15.0,
        gt=0,
        le=600,
        description="Longest pause between a task's retries while the "
        "database is unreachable (exponential backoff with jitter up to this)",
    )
    db_retry_for: float = Field(
        1800.0,
        gt=0,
        description="Seconds a task keeps retrying while the database is "
        "unreachable before it gives up (the reconciler re-sends what is left)",
    )
    worker_proc_alive_timeout: float = Field(
        60.0, gt=0, description="Seconds a new worker child may take to start (model loading)"
    )
    max_upload_bytes: int = Field(2 * 1024 * 1024, ge=1)
    argos_index_url: str = (
        "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
    )
    model_max_bytes: int = Field(
        1 << 30,
        ge=1,
        description="Largest Argos package: its download, and the sum of its "
        "members' uncompressed sizes",
    )
    model_max_members: int = Field(200, ge=1, description="Most members an Argos package holds")
    model_max_ratio: int = Field(
        100,
        ge=1,
        description="Highest compression ratio of an Argos package or of any of "
        "its members over 1 MiB",
    )
    nllb_max_bytes: int = Field(
        16 << 30, ge=1, description="Largest NLLB model folder `models install` copies"
    )
    nllb_max_files: int = Field(100, ge=1, description="Most files in an NLLB model folder")
    hf_endpoint: str | None = Field(
        None,
        description="Hugging Face Hub (or mirror) that `models download nllb-...` "
        "fetches checkpoints from (default: HF_ENDPOINT, else https://huggingface.co)",
    )
    model_index_loopback_http: bool = Field(
        False,
        description="Allow plain http for the package index and downloads on a "
        "loopback address (a local mirror; tests); every other address needs https",
    )
    site_name: str = "Tarjima"
    site_url: str = "https://news.example.org"
    target_locales: Annotated[tuple[str, ...], NoDecode] = Field(
        TARGET_LOCALES,
        description="The target locales this deployment translates into and publishes "
        "('ru,ky'): submissions, the editor's and translators' language lists, workers' "
        "queues and `tarjima status`; default: every target of the locale registry",
    )
    review_below: float = Field(
        -1.0,
        description="Machine translations whose engine score (length-normalized "
        "log-probability) is below this go to review (status needs_review)",
    )
    review_below_by_locale: Annotated[dict[str, float], NoDecode] = Field(
        default_factory=dict, description="Per-locale thresholds, e.g. 'ru=-0.8,ky=-1.2'"
    )
    default_locale: str = Field(
        "ru", description="Readers' language when Accept-Language names none we publish in"
    )
    secret_key: str | None = Field(
        None, description="Signs CSRF tokens; default: a random key kept in DATA_DIR/secret_key"
    )
    session_lifetime: int = Field(12 * 3600, ge=60, description="Seconds a staff sign-in lasts")
    cookie_secure: bool | None = Field(
        None, description="Secure cookies; default: when the request came over HTTPS"
    )
    login_attempts: int = Field(
        5, ge=1, description="Failed sign-ins per user name in 15 minutes before throttling"
    )
    host: str = Field("127.0.0.1", description="Address `tarjima serve` listens on")
    port: int = Field(8000, ge=1, le=65535)
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Host headers the web app answers ('news.example.org,*.example.org'); "
        "default: localhost, 127.0.0.1, [::1], SITE_URL's host and HOST",
    )
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Addresses or networks of the proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto the web app believes; default: none",
    )

    @field_validator("target_locales", "allowed_hosts", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _named_proxies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # "*" would let every client choose the address sign-in throttling counts.
        if "*" in value:
            raise ValueError("trusted_proxies: name the proxies' addresses or networks, not *")
        return value

    @field_validator("engines", "review_below_by_locale", mode="before")
    @classmethod
    def _split_per_locale(cls, value: object) -> object:
        """'uz=nllb,tg=nllb' -> {'uz': 'nllb', 'tg': 'nllb'}; the values are then validated
        (and converted) as the field's type says."""
        if isinstance(value, str):
            pairs = (item.partition("=") for item in value.split(",") if item.strip())
            return {code.strip(): setting.strip() for code, _, setting in pairs}
        return value

    @field_validator("target_locales")
    @classmethod
    def _known_targets(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _only_targets("target_locales", value)
        if not value:
            raise ValueError(f"target_locales: name at least one of {', '.join(TARGET_LOCALES)}")
        # Registry order, once each: lists and queues come out the same on every machine.
        return tuple(code for code in TARGET_LOCALES if code in value)

    @field_validator("engines", "review_below_by_locale")
    @classmethod
    def _known_engine_locales(
        cls, value: dict[str, object], info: ValidationInfo
    ) -> dict[str, object]:
        _only_targets(info.field_name or "engines", value)
        return value

    @field_validator("engine")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        if value not in ENGINE_CHOICES and ":" not in value:
            raise ValueError(
                f"engine must be one of {', '.join(ENGINE_CHOICES)} or "
                f"'module:factory', not {value!r}"
            )
        return value

    def review_threshold(self, locale: str) -> float:
        """The score below which machine output into ``locale`` goes to review."""
        return self.review_below_by_locale.get(locale, self.review_below)

    @model_validator(mode="after")
    def _default_is_published(self) -> Settings:
        if self.default_locale in self.target_locales:
            return self
        if "default_locale" in self.model_fields_set:
            raise ValueError(
                f"default_locale must be one of the target locales "
                f"({', '.join(self.target_locales)}), not {self.default_locale!r}"
            )
        # The default (ru) where this deployment does not publish ru: its first target.
        self.default_locale = self.target_locales[0]
        return self

    @model_validator(mode="after")
    def _limits_are_ordered(self) -> Settings:
        # A task still running when its visibility timeout ends is delivered a second
        # time; a soft limit at or past the hard limit never fires.
        if self.task_soft_time_limit >= self.task_time_limit:
            raise ValueError("task_soft_time_limit must be below task_time_limit")
        if self.visibility_timeout <= self.task_time_limit:
            raise ValueError("visibility_timeout must be above task_time_limit")
        # A lease must outlive a few missed heartbeats (a loaded machine, a slow query).
        if self.lease_ttl < 2 * self.heartbeat_every:
            raise ValueError("lease_ttl must be at least twice heartbeat_every")
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'tarjima.db').as_posix()}"

    @property
    def resolved_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"

    @property
    def resolved_allowed_hosts(self) -> tuple[str, ...]:
        """ALLOWED_HOSTS, else this machine's own names, the public site's host and the
        address `tarjima serve` listens on (unless that is every address)."""
        if self.allowed_hosts:
            return self.allowed_hosts
        names = ["localhost", "127.0.0.1", "[::1]"]
        for host in (urlsplit(self.site_url).hostname, self.host):
            if host and host not in ("0.0.0.0", "::"):
                names.append(f"[{host}]" if ":" in host else host)
        return tuple(dict.fromkeys(name.lower() for name in names))

    @property
    def resolved_output_dir(self) -> Path:
        """The public folder: published editions only."""
        return self.output_dir or self.data_dir / "editions"

    @property
    def resolved_preview_dir(self) -> Path:
        """Every assembly's page, drafts included: never served to readers."""
        return self.data_dir / "previews"


def _only_targets(field: str, codes: Iterable[str]) -> None:
    """ValueError naming the codes of ``codes`` that are not registry targets."""
    unknown = sorted(set(codes) - set(TARGET_LOCALES))
    if unknown:
        raise ValueError(
            f"{field}: {', '.join(unknown)} is not a target locale ({', '.join(TARGET_LOCALES)})"
        )


def get_settings(**overrides: object) -> Settings:
    """Build Settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
