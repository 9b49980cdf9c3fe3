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


@dataclass(frozen=True)
class Settings:
    """Everything the process can be told from outside. See the README's table of settings."""

    database_url: str | None = None
    data_dir: Path = field(default_factory=_default_data_dir)
    host: str = "127.0.0.1"
    port: int = 8000
    pool_size: int = 10
    pool_overflow: int = 20
    statement_timeout_ms: int = 5000
    log_level: str = "info"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data_dir = env.get("CONTACTCARD_DATA_DIR")
        return cls(
            database_url=env.get("DATABASE_URL") or None,
            data_dir=Path(data_dir).expanduser() if data_dir else _default_data_dir(),
            host=env.get("CONTACTCARD_HOST", "127.0.0.1"),
            port=_int(env, "CONTACTCARD_PORT", 8000, 1, 65535),
            pool_size=_int(env, "CONTACTCARD_POOL_SIZE", 10, 1, 500),
            pool_overflow=_int(env, "CONTACTCARD_POOL_OVERFLOW", 20, 0, 500),
            statement_timeout_ms=_int(env, "CONTACTCARD_STATEMENT_TIMEOUT_MS", 5000, 0, 3_600_000),
            log_level=env.get("CONTACTCARD_LOG_LEVEL", "info").lower(),
        )
