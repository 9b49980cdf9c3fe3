"""The report: results as JSON, a Markdown table with the ratios, and a PNG chart of throughput."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, Any]:
    import psutil  # noqa: PLC0415

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _row(result: dict[str, Any]) -> str:
    statements = "n/a" if result["statements"] is None else f"{result['statements']:.1f}"
    return (
        f"| {result['workload']} | {result['concurrency']} | {result['system']} | {result['rps']:.1f} | "
        f"{result['p50_ms']:.1f} | {result['p99_ms']:.1f} | {statements} | {result['peak_rss_mb']:.0f} | "
        f"{result['errors']} |"
    )


def _ratios(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    by = {(r["system"], r["workload"], r["concurrency"]): r for r in results}
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
        **meta,
        "results": results,
    }
    base.with_suffix(".json").write_text(json.dumps(document, indent=2) + "\n")
    chart = _chart(base.with_suffix(".png"), results)
    lines = [
        f"# Benchmark results ({profile}, {stamp})",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {document['machine']['cpus']} cores, {document['machine']['memory_gib']} GiB, "
        f"Python {document['machine']['python']}, {document['machine']['platform']}.",
        "",
        *(f"- {note}" for note in notes),
        "",
        "| workload | concurrency | system | requests/s | p50 ms | p99 ms | SQL statements/request "
        "| peak RSS MB | errors |",
        "|---|---|---|---|---|---|---|---|---|",
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
        lines += [f"![requests per second at concurrency 32]({chart.name})", ""]
    optimisations = Path(__file__).resolve().parent / "optimisations.md"
    if profile == "full" and optimisations.exists():
        lines += [optimisations.read_text()]
    base.with_suffix(".md").write_text("\n".join(lines))
    return base.with_suffix(".md")


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
