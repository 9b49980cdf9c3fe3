"""`python -m bench.floor --port P`: serve the floor with uvicorn (DATABASE_URL as for contactcard)."""

from __future__ import annotations

import argparse

import uvicorn

from bench.floor.app import create_app
from contactcard.config import Settings

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=8100)
args = parser.parse_args()
# The same idle keep-alive as `contactcard serve`: a client's pooled connection is never closed under it.
keep_alive = Settings.from_env().keep_alive_seconds
uvicorn.run(
    create_app(), host="127.0.0.1", port=args.port, log_level="warning", timeout_keep_alive=keep_alive
)
