#!/usr/bin/env python3
"""Renders a bench/run JSON report as Markdown (standard library only)."""
import json
import sys


def fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**NO**"
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}"
    return str(value)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(path):
    report = json.load(open(path))
    m, s, sw = report["machine"], report["settings"], report["software"]
    cases = report["cases"]
    out = [
        f"# cdcflow benchmark, {report['date']}",
        "",
        f"- machine: {m['cores']} cores, {m['memory_mb']:,} MB, {m['cpu']}, kernel {m['kernel']}, "
        f"load average at the end {m['load_average_at_end']}",
        f"- commit {report['git_commit'][:12]}{' (with uncommitted changes)' if report['git_dirty'] else ''}; "
        f"{sw['java']}; PostgreSQL {sw['postgresql']}"
        + (f"; MariaDB {sw['mariadb']}" if sw.get("mariadb") else ""),
        f"- {s['rows']:,} rows, {s['table_bytes'] / 1e6:,.0f} MB (source heap, pg_table_size); "
        f"pipeline options {json.dumps(s['pipeline_options'])} over the product defaults; "
        f"control API JVM {s['control_api_java_opts']}; "
        f"databases {'durable' if s['durable_databases'] else 'with fsync, synchronous_commit, full_page_writes off'}",
        "",
    ]
    loads = [c for c in cases if c["kind"] == "full_load"]
    if loads:
        out += [
            "## Full loads",
            "",
            "× baseline: to the single COPY pipe, for the MariaDB cases to the MariaDB client pipe"
            " (when it ran). FULL_LOAD_AND_CDC is timed until STREAMING.",
            "",
        ]
        out.append(
            table(
                ["case", "what", "mode", "p", "rows", "wall s", "of which submit s", "rows/s", "MB/s", "× baseline", "peak RSS MB", "rows ok"],
                [
                    [
                        c["case"], c["what"], c.get("mode", "baseline"), fmt(c["parallelism"]), fmt(c["rows"]),
                        fmt(c["seconds"], 1), fmt(c.get("submit_seconds"), 1), fmt(c["rows_per_s"]), fmt(c["mb_per_s"], 1),
                        fmt(c.get("ratio"), 3), fmt(c.get("peak_rss_mb")), fmt(c["ok"]),
                    ]
                    for c in loads
                ],
            )
        )
        out.append("")
    stream = [c for c in cases if c["kind"] == "streaming"]
    if stream:
        out += ["## Streaming PG → PG, maximum rate", ""]
        out.append(
            table(
                ["case", "p", "sessions", "changes/txn", "changes", "generated in s",
                 "source changes/s", "all applied after s", "**sustained changes/s**",
                 "peak RSS MB"],
                [
                    [
                        c["case"], fmt(c["parallelism"]), fmt(c.get("clients")),
                        fmt(c.get("changes_per_transaction", 1)), fmt(c["changes"]),
                        fmt(c.get("generate_seconds"), 1), fmt(c.get("source_changes_per_s")),
                        fmt(c["seconds"], 1), fmt(c["changes_per_s"]), fmt(c.get("peak_rss_mb")),
                    ]
                    for c in stream
                ],
            )
        )
        out += [
            "",
            "`stream-max`: the load generator and the pipeline run at once (they share the cores); "
            "`stream-backlog`: the changes were made while the pipeline was stopped, then drained "
            "(from the start request, job restore included).",
            "",
        ]
    lag = [c for c in cases if c["kind"] == "lag"]
    if lag:
        out += ["## Streaming PG → PG, end-to-end lag at a fixed rate", ""]
        out.append(
            table(
                ["p", "target changes/s", "achieved changes/s", "s", "rows measured",
                 "p50 ms", "p99 ms", "max ms", "API p50 ms", "API p99 ms"],
                [
                    [
                        fmt(c["parallelism"]), fmt(c["target_rate"]), fmt(c["changes_per_s"]),
                        fmt(c["seconds"]), fmt(c["lag_rows"]), fmt(c["p50_ms"], 1),
                        fmt(c["p99_ms"], 1), fmt(c["max_ms"], 1), fmt(c["api_p50_ms"], 1),
                        fmt(c["api_p99_ms"], 1),
                    ]
                    for c in lag
                ],
            )
        )
        out.append("")
    verify = [c for c in cases if c["kind"] == "verification"]
    if verify:
        out += ["## Continuous verification, PG → PG at rest", ""]
        out.append(
            table(
                ["rows", "round s", "source rows/s", "JVM CPU (cores)", "s to a finding"],
                [
                    [
                        fmt(c["rows"]), fmt(c["round_seconds"], 1), fmt(c["source_rows_per_s"]),
                        fmt(c["jvm_cpu_cores"], 2), fmt(c["seconds_to_finding"], 1),
                    ]
                    for c in verify
                ],
            )
        )
        out += [
            "",
            "The row changed by hand is the round's last; JVM CPU is the control API's whole "
            "process (the embedded Flink streaming nothing included) over one round.",
            "",
        ]
    by_case = {c["case"]: c for c in loads}
    if "pg-p2" in by_case and "pg-p2-x4" in by_case:
        n, n4 = by_case["pg-p2"], by_case["pg-p2-x4"]
        ratio = (n4["peak_rss_mb"] / n["peak_rss_mb"]) if n["peak_rss_mb"] and n4["peak_rss_mb"] else None
        out += [
            "## Memory",
            "",
            table(
                ["rows", "peak RSS MB", "4N / N"],
                [
                    [fmt(n["rows"]), fmt(n["peak_rss_mb"]), ""],
                    [fmt(n4["rows"]), fmt(n4["peak_rss_mb"]), fmt(ratio, 2)],
                ],
            ),
            "",
        ]
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
