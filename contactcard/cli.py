"""The `contactcard` command: serve, worker, migrate, seed, token, export-schema.

Every expected failure (bad settings, unreachable database, pending migrations, bad arguments) is one line
on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import urllib.parse
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import asyncpg

from contactcard.config import ConfigError, Settings
from contactcard.db.runtime import DatabaseUnavailable
from contactcard.files.store import LocalFileStore
from contactcard.persisted import manifest_of

T = TypeVar("T")
SCHEMA_FILE = Path(__file__).parent / "schema" / "schema.graphql"
SERVE_TOKEN_NAME = "make serve"


class CliError(Exception):
    """A failure to report as one line and exit status 2."""


def fail(message: str) -> NoReturn:
    print(f"contactcard: {message}", file=sys.stderr)
    raise SystemExit(2)


# -- database access for commands ----------------------------------------------------------------------
def _url(settings: Settings) -> Any:
    from contactcard.db.runtime import database_url  # noqa: PLC0415  (starts the embedded server lazily)

    return database_url(settings)


async def _with_engine(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    from contactcard.db.runtime import check_reachable, engine_for  # noqa: PLC0415

    engine = engine_for(settings, _url(settings))
    try:
        await check_reachable(engine)
        return await work(engine)
    finally:
        await engine.dispose()


async def _with_asyncpg(settings: Settings, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    from contactcard.db.url import asyncpg_dsn  # noqa: PLC0415

    url = _url(settings)
    try:
        conn = await asyncpg.connect(asyncpg_dsn(url), timeout=10)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        where = url.render_as_string(hide_password=True)
        raise DatabaseUnavailable(f"cannot reach the database at {where}: {exc}") from None
    try:
        return await work(conn)
    finally:
        await conn.close()


async def _require_current_schema(settings: Settings) -> None:
    from contactcard.db.migrate import current_revision, head_revision  # noqa: PLC0415

    async def check(engine: Any) -> None:
        current = await current_revision(engine)
        if current != head_revision():
            raise CliError(
                f"the database schema is at {current or 'nothing'}, the code needs {head_revision()}: "
                "run `contactcard migrate`"
            )

    await _with_engine(settings, check)


# -- commands -------------------------------------------------------------------------------------------
async def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> None:
    from contactcard.db.migrate import head_revision, upgrade  # noqa: PLC0415

    await _with_engine(settings, upgrade)
    print(f"database schema at {head_revision()}")


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    if sys.stderr.isatty() or done >= total or done % max(total // 10, 1) < 500:
        print(
            f"\rseeding [{'#' * filled}{'.' * (width - filled)}] {done}/{total} contacts",
            end=end,
            file=sys.stderr,
        )


async def cmd_seed(settings: Settings, args: argparse.Namespace) -> None:
    from contactcard.db.seed import workspaces  # noqa: PLC0415

    await _require_current_schema(settings)
    if args.demo:
        store = LocalFileStore(settings.file_root)
        created = await _with_asyncpg(settings, lambda conn: workspaces.seed_demo(conn, _progress, store))
        print("demo workspace created" if created else "demo workspace exists already: nothing to do")
        return
    if args.contacts is None or args.workspace is None:
        raise CliError("seed takes --demo, or --contacts N --workspace NAME [--seed S]")
    if not 1 <= args.contacts <= 10_000_000:
        raise CliError("--contacts must be between 1 and 10000000")
    try:
        ws = await _with_asyncpg(
            settings,
            lambda conn: workspaces.seed_bulk(conn, args.workspace, args.contacts, args.seed, _progress),
        )
    except workspaces.WorkspaceExists as exc:
        raise CliError(str(exc)) from None
    print(f"workspace {args.workspace!r} created (id {ws}) with {args.contacts} contacts")


async def create_token(
    settings: Settings, email: str, scopes: list[str], name: str, workspace: str | None = None
) -> str:
    from contactcard.auth.issue import UnknownUser, issue_token  # noqa: PLC0415

    async def work(engine: Any) -> str:
        async with engine.begin() as conn:
            try:
                return await issue_token(conn, email, scopes, name, workspace)
            except UnknownUser as exc:
                raise CliError(str(exc)) from None

    return await _with_engine(settings, work)


async def cmd_token(settings: Settings, args: argparse.Namespace) -> None:
    from contactcard.auth.tokens import parse_scopes  # noqa: PLC0415
    from contactcard.db import tokens as token_sql  # noqa: PLC0415

    await _require_current_schema(settings)
    if args.token_command == "create":
        try:
            scopes = parse_scopes(args.scopes)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        token = await create_token(settings, args.email, scopes, args.name, args.workspace)
        print(f"token for {args.email} with scopes {','.join(scopes)} (shown once; only its hash is kept):")
        print(token)
    elif args.token_command == "list":

        async def listing(engine: Any) -> None:
            async with engine.connect() as conn:
                for row in await token_sql.list_tokens(conn):
                    state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
                    used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
                    scopes = ",".join(row.scopes)
                    print(f"{row.prefix}…  {row.email}  {scopes}  {state}  last used {used}  {row.name}")

        await _with_engine(settings, listing)
    else:

        async def revoking(engine: Any) -> int:
            async with engine.begin() as conn:
                return await token_sql.revoke(conn, args.prefix.rstrip("…"), datetime.now(UTC))

        if await _with_engine(settings, revoking) == 0:
            raise CliError(f"no active token with prefix {args.prefix!r} (see `contactcard token list`)")
        print("revoked")


async def cmd_export_schema(_settings: Settings, args: argparse.Namespace) -> None:
    from contactcard.schema import schema  # noqa: PLC0415

    sdl = schema.as_str() + "\n"
    if args.check:
        if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text() != sdl:
            raise CliError(f"{SCHEMA_FILE} is out of date: run `contactcard export-schema`")
        print("schema.graphql is up to date")
        return
    SCHEMA_FILE.write_text(sdl)
    print(f"wrote {SCHEMA_FILE}")


DEMO_SCOPES = {
    "admin@demo.example": ["read", "write", "admin"],
    "manager@demo.example": ["read", "write"],
    "agent@demo.example": ["read", "write"],
    "agent2@demo.example": ["read", "write"],
}
"""The demo users `serve --seed-demo` makes a token for (the dashboard signs in with any of them)."""


async def _prepare_serve(settings: Settings, args: argparse.Namespace) -> dict[str, str]:
    """Migrate and seed when asked, check the schema, and make a token per demo user; returns them."""
    if args.migrate:
        await cmd_migrate(settings, args)
    await _require_current_schema(settings)
    if not args.seed_demo:
        return {}
    from contactcard.db.seed import workspaces  # noqa: PLC0415

    store = LocalFileStore(settings.file_root)
    await _with_asyncpg(settings, lambda conn: workspaces.seed_demo(conn, _progress, store))

    async def revoke_old(engine: Any) -> None:
        async with engine.begin() as conn:
            from sqlalchemy import text  # noqa: PLC0415

            await conn.execute(
                text("UPDATE api_tokens SET revoked_at = now() WHERE name = :name AND revoked_at IS NULL"),
                {"name": SERVE_TOKEN_NAME},
            )

    await _with_engine(settings, revoke_old)
    return {
        email: await create_token(settings, email, scopes, SERVE_TOKEN_NAME, "Demo")
        for email, scopes in DEMO_SCOPES.items()
    }


def _exit_cleanly_on_sigterm() -> None:
    """After a graceful shutdown, uvicorn raises the signal it caught again, under the handler that was there
    before it: for SIGTERM the default one ends the process at once, skipping `atexit`, and with it the
    embedded PostgreSQL's stop (pgserver stops it from `atexit` when the last process using it exits). With
    this handler there instead, SIGTERM ends the process as SIGINT does: by an exception, `atexit` run."""
    import signal  # noqa: PLC0415

    def exit_(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, exit_)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn  # noqa: PLC0415

    url = _url(settings)
    # Workers are separate processes: they reach the (possibly embedded) database through the environment.
    os.environ["DATABASE_URL"] = url.render_as_string(hide_password=False)
    tokens = asyncio.run(_prepare_serve(settings, args))
    token = tokens.get("admin@demo.example")
    where = f"http://{args.host}:{args.port}/graphql"
    if not settings.introspection:
        print(f"\ncontactcard is serving the API at {where} (production mode: no GraphiQL)")
    else:
        print(f"\ncontactcard is serving GraphiQL at {where}")
    if token and settings.introspection:
        # Development only: the link carries the token (it stays in the browser's history).
        headers = json.dumps({"Authorization": f"Bearer {token}"})
        # %20, not `+`: GraphiQL's page decodes its parameters with decodeURIComponent.
        signed_in = urllib.parse.urlencode({"headers": headers}, quote_via=urllib.parse.quote)
        print(f"Open it signed in as the demo admin: {where}?{signed_in}")
        print("or, in GraphiQL, open Headers (bottom left) and paste:")
        print(f'  {{"Authorization": "Bearer {token}"}}')
    if token:
        lead = "or" if settings.introspection else "Try it"
        body = '{"query":"{ viewer { email } }"}'
        print(
            f"{lead}: curl -H 'Authorization: Bearer {token}' -d '{body}' "
            f"-H 'content-type: application/json' {where}"
        )
    if tokens:
        print(f"\nThe dashboard: http://{args.host}:{args.port}/app (sign in by pasting a token)")
        for email, value in tokens.items():
            print(f"  {email:<22} {value}")
    print(flush=True)
    _exit_cleanly_on_sigterm()
    uvicorn.run(
        "contactcard.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=settings.log_level,
        timeout_keep_alive=settings.keep_alive_seconds,
        access_log=False,  # the app logs each request as a JSON line (contactcard/observability.py)
    )


async def cmd_worker(settings: Settings, args: argparse.Namespace) -> None:
    """Work the background job queue until interrupted (SIGINT or SIGTERM: the running job is finished
    first when it can be, else it is claimed again by another worker after its lease)."""
    import signal  # noqa: PLC0415

    from contactcard.db.runtime import check_reachable, engine_for  # noqa: PLC0415
    from contactcard.jobs import runner  # noqa: PLC0415

    await _require_current_schema(settings)
    engine = engine_for(settings, _url(settings), serving=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await check_reachable(engine)
        print("contactcard worker: working the job queue (Ctrl-C stops)", flush=True)
        await runner.work(
            engine,
            stop,
            poll_seconds=args.poll_seconds,
            webhooks_allow_private=settings.webhooks_allow_private,
        )
    finally:
        await engine.dispose()


async def cmd_persisted_manifest(_settings: Settings, args: argparse.Namespace) -> None:
    """An Apollo persisted query manifest of the given documents (each file's name names its operation)."""
    try:
        documents = [(path.stem, path.read_text()) for path in args.documents]
    except OSError as exc:
        raise CliError(f"cannot read a document: {exc}") from None
    text = json.dumps(manifest_of(documents), indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text)
        print(f"{len(documents)} documents in {args.output}: set CONTACTCARD_PERSISTED_QUERIES={args.output}")


# -- parsing --------------------------------------------------------------------------------------------
def parser(settings: Settings) -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="contactcard", description="GraphQL API for a CRM's contact cards")
    commands = root.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the API (uvicorn)")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--migrate", action="store_true", help="apply pending migrations first")
    serve.add_argument(
        "--seed-demo", action="store_true", help="create the demo workspace if absent, print a token"
    )

    worker = commands.add_parser("worker", help="run background jobs (exports, bulk actions)")
    worker.add_argument("--poll-seconds", type=float, default=1.0, help="how often an idle worker looks")

    commands.add_parser("migrate", help="upgrade the database schema to the code's")

    seed = commands.add_parser("seed", help="create the demo workspace or a large deterministic one")
    seed.add_argument("--demo", action="store_true")
    seed.add_argument("--contacts", type=int)
    seed.add_argument("--workspace")
    seed.add_argument("--seed", type=int, default=1)

    token = commands.add_parser("token", help="create, list or revoke API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create")
    create.add_argument("--email", required=True)
    create.add_argument("--scopes", default="read")
    create.add_argument("--name", default="cli")
    create.add_argument("--workspace", help="the workspace's name, when the email exists in several")
    token_commands.add_parser("list")
    revoke = token_commands.add_parser("revoke")
    revoke.add_argument("prefix", help="the prefix `token list` shows")

    manifest = commands.add_parser(
        "persisted-manifest", help="write an allowlist of GraphQL documents (CONTACTCARD_PERSISTED_QUERIES)"
    )
    manifest.add_argument("documents", nargs="+", type=Path, help=".graphql files, one operation each")
    manifest.add_argument("--output", type=Path, help="where to write it (default: standard output)")

    export = commands.add_parser("export-schema", help="write contactcard/schema/schema.graphql")
    export.add_argument("--check", action="store_true", help="fail if the file is out of date")
    return root


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, None]]] = {
    "migrate": cmd_migrate,
    "worker": cmd_worker,
    "seed": cmd_seed,
    "token": cmd_token,
    "export-schema": cmd_export_schema,
    "persisted-manifest": cmd_persisted_manifest,
}


def main(argv: list[str] | None = None) -> None:
    try:
        settings = Settings.from_env()
        args = parser(settings).parse_args(argv)
        if args.command == "serve":
            cmd_serve(settings, args)
        else:
            asyncio.run(COMMANDS[args.command](settings, args))
    except (CliError, ConfigError, DatabaseUnavailable) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted")


if __name__ == "__main__":
    main()
