"""The report: results as JSON, a Markdown table with the ratios, and a PNG chart of throughput."""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from bench.probes.profile import outer

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, Any]:
    import psutil  # noqa: PLC0415

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _figure(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _row(result: dict[str, Any]) -> str:
    return (
        f"| {result['workload']} | {result['concurrency']} | {result['system']} | {result['rps']:.1f} | "
        f"{result['p50_ms']:.1f} | {result['p99_ms']:.1f} | {_figure(result['statements'])} | "
        f"{_figure(result.get('server_cpu_ms'), 2)} | {_figure(result.get('postgres_cpu_ms'), 2)} | "
        f"{result['peak_rss_mb']:.0f} | {result['errors']} |"
    )


def _ratios(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    by = _by(results)
    for (system, workload, concurrency), result in sorted(by.items()):
        if not system.startswith("contactcard"):
            continue
        for other in sorted({name for name, _, _ in by if not name.startswith("contactcard")}):
            base = by.get((other, workload, concurrency))
            if base and base["rps"]:
                lines.append(
                    f"| {workload} | {concurrency} | {system} / {other} | {result['rps'] / base['rps']:.2f} |"
                )
    return lines


CARD_PANELS = 8
"""The benchmark workspace's layout enables every panel (bench/dataset.py)."""


def _by(results: list[dict[str, Any]]) -> dict[tuple[str, str, int], dict[str, Any]]:
    return {(r["system"], r["workload"], r["concurrency"]): r for r in results}


def _ratio(results: list[dict[str, Any]], system: str, other: str) -> str:
    by = _by(results)
    ours, theirs = by.get((system, "CARD", 32)), by.get((other, "CARD", 32))
    if not ours or not theirs or not theirs["rps"]:
        return "not measured"
    return f"{ours['rps'] / theirs['rps']:.2f}"


def goals(
    results: list[dict[str, Any]],
    execution: dict[str, float] | None = None,
    soak: tuple[str, dict[str, Any]] | None = None,
    export: dict[str, Any] | None = None,
    card_statements: dict[str, Any] | None = None,
    profiles: dict[str, Any] | None = None,
) -> list[str]:
    """Issue 6's goals, each with where this run lands (a goal not met says so). `execution`: the
    execution probe's figures (bench/probes/execution.py), when the run measured them; `soak`: the newest
    memory soak (bench/soak.py), by its report's name."""
    by = _by(results)
    card = by.get(("contactcard-1w", "CARD", 1))
    statements = card["statements"] if card else None
    most = CARD_PANELS + 2
    tails = [
        (r["system"], r["workload"], r["p99_ms"] / r["p50_ms"])
        for r in results
        if r["system"].startswith("contactcard") and r["concurrency"] > 1 and r["p50_ms"]
    ]
    worst = max(tails, key=lambda t: t[2]) if tails else None
    one_worker = [r for r in results if r["system"] == "contactcard-1w"]
    rss = max((r["peak_rss_mb"] for r in one_worker), default=0.0)
    served = sum(r["requests"] for r in one_worker)
    floor_ratio, peer_ratio, v5_ratio = (
        _ratio(results, "contactcard-1w", "floor"),
        _ratio(results, "contactcard-1w", "peer-postgraphile"),
        _ratio(results, "contactcard-1w", "peer-postgraphile-v5"),
    )

    def met(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "**not met**")

    return [
        "## Goals (issue 6), where this run lands",
        "",
        "| goal | this run | |",
        "|---|---|---|",
        f"| statements per CARD request <= enabled panels + 2 ({most} for {CARD_PANELS}; authentication "
        f"counted) | {'n/a' if statements is None else f'{statements:.1f}'} | "
        f"{met(None if statements is None else statements <= most)} |",
        "| statements per LIST and GRAPH request independent of `first` | asserted by tests "
        "(tests/test_statements.py, tests/test_tabs.py, tests/test_layouts.py) | met |",
        (
            "| GraphQL execution <= 1.0 us per resolved field on CARD | "
            f"{execution['us_per_field_p50']:.1f} us per response field at p50, "
            f"{execution['us_per_field_min']:.1f} at best ({execution['fields']:.0f} fields, loaders "
            "pre-filled: bench/probes/execution.py) | "
            f"{met(execution['us_per_field_p50'] <= 1.0)} |"
            if execution
            else "| GraphQL execution <= 1.0 us per resolved field on CARD | not measured by this run | n/a |"
        ),
        f"| CARD at concurrency 32 >= 0.5 x the floor (one worker) | {floor_ratio} | "
        f"{met(None if floor_ratio == 'not measured' else float(floor_ratio) >= 0.5)} |",
        f"| CARD at concurrency 32 >= the peer (one worker) | {peer_ratio} | "
        f"{met(None if peer_ratio == 'not measured' else float(peer_ratio) >= 1)} |",
        f"| CARD at concurrency 32 >= PostGraphile v5 (one worker; issue 13) | {v5_ratio} | "
        f"{met(None if v5_ratio == 'not measured' else float(v5_ratio) >= 1)} |",
        "| p99 <= 3 x p50 at concurrency 32 (every contactcard measure) | "
        + ("n/a" if worst is None else f"worst {worst[2]:.1f} x ({worst[0]}, {worst[1]})")
        + f" | {met(None if worst is None else worst[2] <= 3)} |",
        "| RSS per worker <= 300 MB after 100 000 requests, no growth over the last half | "
        f"this run: peak {rss:.0f} MB over its {served} measured requests (up to 32 at a time); "
        + _soak_cell(soak),
        "",
        "## Goals (issue 11, the contact list), where this run lands",
        "",
        "| goal | this run | |",
        "|---|---|---|",
        _filtered_cell(by.get(("contactcard-1w", "LIST_FILTERED", 1))),
        _export_cell(export),
        "",
        "## Goals (issue 17, PostgreSQL's work per card), where this run lands",
        "",
        "| goal | this run | |",
        "|---|---|---|",
        *_cpu_cells(by, "postgres_cpu_ms", "PostgreSQL", 1.5),
        *_cpu_cells(by, "server_cpu_ms", "server", 2.0),
        _costliest_cell(card_statements),
        "",
        *_issue13(by, execution),
        *_profile_lines(profiles),
    ]


V5 = "peer-postgraphile-v5"


def _issue13(by: dict[tuple[str, str, int], dict[str, Any]], execution: dict[str, float] | None) -> list[str]:
    """Issue 13's goals: throughput against PostGraphile v5 and the floor, execution per field."""
    lines = [
        "## Goals (issue 13, faster than PostGraphile v5), where this run lands",
        "",
        "| goal | this run | |",
        "|---|---|---|",
    ]
    for workload, least in (("CARD", 1.0), ("LIST", 0.8), ("GRAPH", 0.8)):
        for concurrency in (1, 32):
            goal = f"| {workload} at concurrency {concurrency} >= {least:g} x PostGraphile v5 (one worker) | "
            ours, theirs = (
                by.get(("contactcard-1w", workload, concurrency)),
                by.get((V5, workload, concurrency)),
            )
            if not ours or not theirs or not theirs["rps"] or not ours["rps"]:
                lines.append(goal + "not measured | n/a |")
                continue
            ratio = ours["rps"] / theirs["rps"]
            verdict = "met" if ratio >= least else f"**not met** (short by {least / ratio:.1f} x)"
            lines.append(
                goal + f"{ratio:.2f} ({ours['rps']:.1f} against {theirs['rps']:.1f} req/s) | {verdict} |"
            )
    for workload in ("LIST", "GRAPH"):
        for concurrency in (1, 32):
            goal = f"| {workload} at concurrency {concurrency} within 1.3 x of the floor (one worker) | "
            ours, floor = (
                by.get(("contactcard-1w", workload, concurrency)),
                by.get(("floor", workload, concurrency)),
            )
            if not ours or not floor or not ours["rps"]:
                lines.append(goal + "not measured | n/a |")
                continue
            slower = floor["rps"] / ours["rps"]
            verdict = "met" if slower <= 1.3 else f"**not met** (by {slower / 1.3:.1f} x)"
            lines.append(goal + f"the floor is {slower:.2f} x faster | {verdict} |")
    goal = "| GraphQL execution <= 3 us per response field on CARD (bench/probes/execution.py) | "
    if execution:
        per_field = execution["us_per_field_p50"]
        verdict = "met" if per_field <= 3 else f"**not met** (by {per_field / 3:.1f} x)"
        lines.append(
            goal + f"{per_field:.1f} us at p50, {execution['us_per_field_min']:.1f} at best | {verdict} |"
        )
    else:
        lines.append(goal + "not measured by this run | n/a |")
    return [*lines, ""]


def _profile_lines(profiles: dict[str, Any] | None) -> list[str]:
    """Where one worker's time goes under load (bench/probes/profile.py, py-spy)."""
    if not profiles:
        return []
    lines = [
        "## Where a worker's time goes (py-spy, one worker, concurrency 32)",
        "",
        "Shares of py-spy's samples of the worker (bench/probes/profile.py): self time (the innermost "
        "frame's package or function), and the total time of contactcard's own functions below the "
        "request's (resolvers, loaders, reads; not the view's frames nor the executor's loop). Native code "
        "(uvloop, asyncpg's protocol, orjson) counts under the Python function that called it.",
        "",
    ]
    for workload, found in profiles.items():
        packages = ", ".join(f"{name} {share:.0f} %" for name, share in found["packages"][:6])
        lines += [
            f"**{workload}** ({found['samples']} samples over {found['seconds']:g} s). Self time by package: "
            f"{packages}.",
            "",
            "| most self time | % | most total time in contactcard's functions | % |",
            "|---|---|---|---|",
        ]
        below = [(name, share) for name, share in found["total"] if not outer(name)]
        rows = zip(found["self"][:15], below[:15], strict=False)
        lines += [f"| {a} | {sa:.1f} | {b} | {sb:.1f} |" for (a, sa), (b, sb) in rows]
        lines.append("")
    return lines


def _cpu_cells(
    by: dict[tuple[str, str, int], dict[str, Any]], column: str, whose: str, most: float
) -> list[str]:
    """CPU per CARD request, contactcard (one worker) against PostGraphile v5, at each concurrency."""
    cells = []
    for concurrency in (1, 32):
        goal = (
            f"| {whose} CPU per CARD request <= {most:g} x PostGraphile v5's (concurrency {concurrency}) | "
        )
        ours = (by.get(("contactcard-1w", "CARD", concurrency)) or {}).get(column)
        theirs = (by.get(("peer-postgraphile-v5", "CARD", concurrency)) or {}).get(column)
        if not ours or not theirs:
            cells.append(goal + "not measured | n/a |")
            continue
        ratio = ours / theirs
        verdict = "met" if ratio <= most else f"**not met** (by {ours - most * theirs:.2f} ms/request)"
        cells.append(goal + f"{ours:.2f} ms against {theirs:.2f} ms: {ratio:.1f} x | {verdict} |")
    return cells


def _costliest_cell(found: dict[str, Any] | None) -> str:
    goal = "| the statement that costs PostgreSQL most per card (pg_stat_statements) | "
    if not found or not found["by_statement"]:
        return goal + "not measured (pg_stat_statements is not preloaded) | n/a |"
    top = found["by_statement"][0]
    return goal + (
        f"{top['label']}: {top['plan_ms'] + top['exec_ms']:.3f} ms a call of the "
        f"{found['plan_ms'] + found['exec_ms']:.2f} ms ({found['plan_ms']:.2f} planning) PostgreSQL spent "
        f"inside {found['statements']:.0f} statements per card over {found['runs']} cards | named |"
    )


def _filtered_cell(measured: dict[str, Any] | None) -> str:
    goal = "| LIST_FILTERED (3 conditions, a custom-field order) p50 <= 50 ms at concurrency 1 | "
    if measured is None:
        return goal + "not measured | n/a |"
    ok = measured["p50_ms"] <= 50
    return goal + f"p50 {measured['p50_ms']:.1f} ms (one worker) | {'met' if ok else '**not met**'} |"


def _export_cell(export: dict[str, Any] | None) -> str:
    goal = "| EXPORT of the workspace <= 60 s, RSS flat | "
    if export is None:
        return goal + "not measured | n/a |"
    growth = export["rss_second_half_peak_mb"] - export["rss_first_half_peak_mb"]
    ok = export["seconds"] <= 60 and growth <= 10
    return goal + (
        f"{export['rows']} rows, {export['bytes'] / 2**20:.1f} MB of CSV in {export['seconds']:.1f} s; "
        f"server RSS {export['rss_start_mb']:.0f} MB at the start, peak {export['rss_peak_mb']:.0f} MB, "
        f"second half's peak {growth:+.1f} MB over the first half's | {'met' if ok else '**not met**'} |"
    )


def _soak_cell(soak: tuple[str, dict[str, Any]] | None) -> str:
    if soak is None:
        return "no soak run (bench/soak.py) | n/a |"
    from bench.soak import goal_met  # noqa: PLC0415  (bench.soak imports this module)

    name, found = soak
    ok = goal_met(found)
    return (
        f"soak {name}: {found['requests']} requests, peak {found['peak_rss_mb']} MB, "
        f"{found['growth_over_second_half_mb']:+} MB over the second half | "
        f"{'met' if ok else '**not met**'} |"
    )


def write(
    stamp: str,
    profile: str,
    command: str,
    notes: list[str],
    results: list[dict[str, Any]],
    meta: dict[str, Any],
) -> Path:
    RESULTS.mkdir(exist_ok=True)
    base = RESULTS / f"{stamp}-{profile}"
    document = {
        "date": stamp,
        "profile": profile,
        "command": command,
        "machine": machine(),
        "notes": notes,
        **meta,
        "results": results,
    }
    base.with_suffix(".json").write_text(json.dumps(document, indent=2) + "\n")
    chart = _chart(base.with_suffix(".png"), results)
    base.with_suffix(".md").write_text(render(document, chart.name if chart else None))
    return base.with_suffix(".md")


def render(document: dict[str, Any], chart: str | None) -> str:
    """The Markdown report of a run's JSON document (`python -m bench.report <json>` renders it again)."""
    results, machine_ = document["results"], document["machine"]
    lines = [
        f"# Benchmark results ({document['profile']}, {document['date']})",
        "",
        f"Command: `{document['command']}`",
        "",
        f"Machine: {machine_['cpus']} cores, {machine_['memory_gib']} GiB, "
        f"Python {machine_['python']}, {machine_['platform']}.",
        "",
        *(f"- {note}" for note in document.get("notes", [])),
        "",
        "| workload | concurrency | system | requests/s | p50 ms | p99 ms | SQL statements/request "
        "| server CPU ms/request | PostgreSQL CPU ms/request | peak RSS MB | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *(_row(r) for r in results),
        "",
        "Throughput ratios (requests/s):",
        "",
        "| workload | concurrency | ratio | value |",
        "|---|---|---|---|",
        *_ratios(results),
        "",
    ]
    if chart:
        lines += [f"![requests per second at concurrency 32]({chart})", ""]
    lines += goals(
        results,
        document.get("execution"),
        latest_soak(),
        document.get("export"),
        document.get("card_statements"),
        document.get("profiles"),
    )
    optimisations = Path(__file__).resolve().parent / "optimisations.md"
    if document["profile"] == "full" and optimisations.exists():
        lines += [optimisations.read_text()]
    return "\n".join(lines)


def latest_soak() -> tuple[str, dict[str, Any]] | None:
    """The newest memory soak's report name and figures (bench/soak.py), if one was run."""
    found = sorted(RESULTS.glob("*-soak.json"))
    return (found[-1].stem, json.loads(found[-1].read_text())) if found else None


def main() -> None:
    """Render a run's report again from its JSON (after editing optimisations.md, say); a full run's
    report also becomes bench/RESULTS.md."""
    path = Path(sys.argv[1])
    document = json.loads(path.read_text())
    chart = path.with_suffix(".png")
    text = render(document, chart.name if chart.exists() else None)
    path.with_suffix(".md").write_text(text)
    if document["profile"] == "full":
        here = Path(__file__).resolve().parent
        (here / "RESULTS.md").write_text(text.replace(f"]({chart.name})", "](RESULTS.png)"))


def _chart(path: Path, results: list[dict[str, Any]]) -> Path | None:
    try:
        import matplotlib  # noqa: PLC0415

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        return None
    busy = [r for r in results if r["concurrency"] > 1]
    workloads = sorted({r["workload"] for r in busy})
    systems = sorted({r["system"] for r in busy})
    width = 0.8 / max(len(systems), 1)
    figure, axes = plt.subplots(figsize=(9, 4.5))
    for n, system in enumerate(systems):
        values = [
            next((r["rps"] for r in busy if r["workload"] == w and r["system"] == system), 0)
            for w in workloads
        ]
        axes.bar([i + n * width for i in range(len(workloads))], values, width, label=system)
    axes.set_xticks([i + width * (len(systems) - 1) / 2 for i in range(len(workloads))], workloads)
    axes.set_ylabel("requests/s")
    axes.set_title("Throughput at concurrency 32")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


if __name__ == "__main__":
    main()
