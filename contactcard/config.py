"""Settings from the environment (`DATABASE_URL`, `CONTACTCARD_*`), read once into a frozen object."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "contactcard"


PLAN_CACHE_MODES = ("auto", "force_custom_plan", "force_generic_plan")


def _choice(env: dict[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _existing_file(env: dict[str, str], name: str) -> Path | None:
    raw = env.get(name)
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_file():
        raise ConfigError(f"{name}: no file at {path}")
    return path


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1 or 0, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    """Everything the process can be told from outside. See the README's table of settings."""

    database_url: str | None = None
    database_read_url: str | None = None
    """A read replica: queries' loaders read there (a request that writes reads the primary after)."""
    data_dir: Path = field(default_factory=_default_data_dir)
    files_dir: Path | None = None
    """Where uploaded files' bytes are kept; default `<data dir>/files`."""
    host: str = "127.0.0.1"
    port: int = 8000
    pool_size: int = 30
    pool_overflow: int = 0
    """Overflow connections are opened and closed per use: under load that churn cost a card a third of
    its throughput (docs/decisions.md), so the pool keeps all its connections."""
    statement_timeout_ms: int = 5000
    request_timeout_ms: int = 15_000
    log_level: str = "info"
    keep_alive_seconds: int = 75
    """How long an idle HTTP connection stays open. Longer than clients' own idle expiry (httpx 5 s, Node 4 s,
    load balancers 60 s): with uvicorn's 5 s a client reusing a connection as the server closed it got a
    reset (docs/decisions.md)."""
    introspection: bool = True
    """Introspection, field suggestions and GraphiQL, together (off in production)."""
    max_body_bytes: int = 1_000_000
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_directives: int = 50
    node_budget: int = 50_000
    max_repeated_fields: int = 10
    db_role: str = "contactcard_app"
    """The role request connections switch to: it neither owns the tables nor bypasses row-level security."""
    plan_cache_mode: str = "force_generic_plan"
    """PostgreSQL's `plan_cache_mode` on every connection: auto, force_custom_plan or force_generic_plan
    (statements whose plan depends on their values use a custom plan whatever this says)."""
    run_jobs: bool = True
    """Each API process also works the background job queue (exports, bulk actions)."""
    persisted_queries: Path | None = None
    """An allowlist (Apollo's persisted query manifest): only its documents run (contactcard/persisted.py).
    Without one, automatic persisted queries (APQ) learn documents as clients send them."""
    plain_field_fast_path: bool = True
    """Answer plain scalar fields by attribute access, skipping graphql-core's per-field machinery."""
    compiled_execution: bool = True
    """Run queries from a plan made once per document (schema/compiled.py); graphql-core runs the rest.
    Needs the plain-field fast path."""
    request_log: bool = True
    """One JSON line per request on stderr (contactcard/observability.py)."""
    metrics_token: str | None = None
    """The bearer token `/metrics` wants; without one, `/metrics` answers loopback clients only."""
    webhooks_allow_private: bool = False
    """Webhooks may point at loopback and private addresses (tests, a private deployment)."""
    max_subscriptions: int = 20
    """Subscriptions one WebSocket connection may hold at once."""
    ws_origins: tuple[str, ...] = ()
    """Browser origins besides the API's own that may open a WebSocket (others are refused)."""

    @property
    def file_root(self) -> Path:
        return self.files_dir if self.files_dir is not None else self.data_dir / "files"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data_dir = env.get("CONTACTCARD_DATA_DIR")
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            database_read_url=env.get("DATABASE_READ_URL") or None,
            data_dir=Path(data_dir).expanduser() if data_dir else _default_data_dir(),
            files_dir=Path(env["CONTACTCARD_FILES_DIR"]).expanduser()
            if env.get("CONTACTCARD_FILES_DIR")
            else None,
            host=env.get("CONTACTCARD_HOST", "127.0.0.1"),
            port=_int(env, "CONTACTCARD_PORT", 8000, 1, 65535),
            pool_size=_int(env, "CONTACTCARD_POOL_SIZE", 30, 1, 500),
            pool_overflow=_int(env, "CONTACTCARD_POOL_OVERFLOW", 0, 0, 500),
            statement_timeout_ms=_int(env, "CONTACTCARD_STATEMENT_TIMEOUT_MS", 5000, 0, 3_600_000),
            request_timeout_ms=_int(env, "CONTACTCARD_REQUEST_TIMEOUT_MS", 15_000, 100, 3_600_000),
            log_level=env.get("CONTACTCARD_LOG_LEVEL", "info").lower(),
            keep_alive_seconds=_int(env, "CONTACTCARD_KEEP_ALIVE_SECONDS", 75, 1, 3600),
            introspection=_bool(env, "CONTACTCARD_INTROSPECTION", True),
            max_body_bytes=_int(env, "CONTACTCARD_MAX_BODY_BYTES", 1_000_000, 1024, 100_000_000),
            max_depth=_int(env, "CONTACTCARD_MAX_DEPTH", 12, 1, 100),
            max_aliases=_int(env, "CONTACTCARD_MAX_ALIASES", 30, 0, 10_000),
            max_tokens=_int(env, "CONTACTCARD_MAX_TOKENS", 5000, 100, 1_000_000),
            max_directives=_int(env, "CONTACTCARD_MAX_DIRECTIVES", 50, 0, 10_000),
            node_budget=_int(env, "CONTACTCARD_NODE_BUDGET", 50_000, 1, 100_000_000),
            max_repeated_fields=_int(env, "CONTACTCARD_MAX_REPEATED_FIELDS", 10, 1, 1000),
            db_role=env.get("CONTACTCARD_DB_ROLE", "contactcard_app"),
            plain_field_fast_path=_bool(env, "CONTACTCARD_FAST_PATH", True),
            compiled_execution=_bool(env, "CONTACTCARD_COMPILED", True),
            request_log=_bool(env, "CONTACTCARD_REQUEST_LOG", True),
            metrics_token=env.get("CONTACTCARD_METRICS_TOKEN") or None,
            max_subscriptions=_int(env, "CONTACTCARD_MAX_SUBSCRIPTIONS", 20, 1, 1000),
            webhooks_allow_private=_bool(env, "CONTACTCARD_WEBHOOKS_ALLOW_PRIVATE", False),
            ws_origins=tuple(
                o.strip() for o in env.get("CONTACTCARD_WS_ORIGINS", "").split(",") if o.strip()
            ),
            run_jobs=_bool(env, "CONTACTCARD_RUN_JOBS", True),
            persisted_queries=_existing_file(env, "CONTACTCARD_PERSISTED_QUERIES"),
            plan_cache_mode=_choice(
                env, "CONTACTCARD_PLAN_CACHE_MODE", "force_generic_plan", PLAN_CACHE_MODES
            ),
        )
