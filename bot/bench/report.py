"""The bench's report: the machine it ran on and the measurements side by side, one column per size."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bot.bench.archive import ingest_lines
from bot.bench.corpus import DAY_PARAGRAPHS
from bot.bench.latency import long_article_lines


def machine() -> dict[str, Any]:
    """The CPU model and count this ran on."""
    import platform

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory, 1),
        "python": platform.python_version(),
    }


def table(report: dict[str, Any]) -> str:
    """The measurements side by side, one column per corpus profile and size."""
    columns = [(profile, row) for profile, rows in report["profiles"].items() for row in rows]
    sizes = [row for _, row in columns]

    def cell(row: dict[str, Any], path: str, fmt: str = "{:,.2f}") -> str:
        value: Any = row
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                return "–"
            value = value[part]
        return fmt.format(value)

    def latency(row: dict[str, Any], path: str) -> str:
        found = [cell(row, f"{path}.p{p}", "{:.2f}") for p in (50, 95, 99)]
        return " / ".join(found)

    def speedup(row: dict[str, Any]) -> str:
        base = row.get("baseline", {}).get("get_scores_ms", {}).get("p50")
        ours = row["serve"]["retrieval_ms"].get("p50")
        return f"{base / ours:,.0f}×" if base and ours else "–"

    lines = [
        ("paragraphs", lambda r: f"{r['size']:,}"),
        (
            "chunks / terms",
            lambda r: cell(r, "build.chunks", "{:,}") + " / " + cell(r, "build.terms", "{:,}"),
        ),
        ("characters indexed", lambda r: cell(r, "build.chars", "{:,}")),
        ("index build (s)", lambda r: cell(r, "build.index_build_s")),
        ("build throughput (M chars/s)", lambda r: cell(r, "build.build_mchars_per_s")),
        (
            "build peak RSS, main + worker (MB)",
            lambda r: (
                cell(r, "build.peak_rss_mb", "{:,.0f}")
                + " + "
                + cell(r, "build.peak_rss_children_mb", "{:,.0f}")
            ),
        ),
        ("index on disk (MB)", lambda r: cell(r, "build.index_mb", "{:,.1f}")),
        ("token cache on disk (MB)", lambda r: cell(r, "build.token_cache_mb", "{:,.1f}")),
        ("corpus store on disk (MB)", lambda r: cell(r, "build.corpus_store_mb", "{:,.1f}")),
        ("    built in this run, or reused", lambda r: r["build"].get("reused", "this run")),
        (
            "cold start to first answer (s) / CPU (s)",
            lambda r: cell(r, "cold_start.s") + " / " + cell(r, "cold_start.cpu_s"),
        ),
        ("serving peak RSS (MB)", lambda r: cell(r, "serve.peak_rss_mb", "{:,.0f}")),
        (
            "    of which heap / mapped files (MB)",
            lambda r: cell(r, "serve.rssanon_mb", "{:,.0f}") + " / " + cell(r, "serve.rssfile_mb", "{:,.0f}"),
        ),
        ("(a) full reply p50/p95/p99 (ms)", lambda r: latency(r, "serve.full_reply_ms")),
        ("(b) retrieval p50/p95/p99 (ms)", lambda r: latency(r, "serve.retrieval_ms")),
        ("    search incl. tokenising (ms)", lambda r: latency(r, "serve.search_ms")),
        ("(c) rank_bm25 get_scores (ms)", lambda r: latency(r, "baseline.get_scores_ms")),
        (
            "    (c) measured on",
            lambda r: (
                f"scaled from {r['baseline']['extrapolated_from']:,}"
                if "extrapolated_from" in r.get("baseline", {})
                else cell(r, "baseline.get_scores_ms.n", "{} questions")
            ),
        ),
        (
            "    rank_bm25 build (s) / peak RSS (MB)",
            lambda r: cell(r, "baseline.build_s") + " / " + cell(r, "baseline.peak_rss_mb", "{:,.0f}"),
        ),
        ("(c) / (b) at p50", speedup),
        (
            "(d) newsbot top(), each question's least of R runs",
            lambda r: latency(r, "engines.newsbot_ms"),
        ),
        ("(e) bm25s retrieve() (numba), same ids, same way", lambda r: latency(r, "engines.bm25s_ms")),
        (
            "(d) ÷ (e) at p50 · p99",
            lambda r: cell(r, "engines.ratio_p50") + "× · " + cell(r, "engines.ratio_p99") + "×",
        ),
        ("    R: runs per question and engine, in turn", lambda r: cell(r, "engines.repeats", "{}")),
        ("    first run only: (d) p50 / p99", lambda r: _first(r, "newsbot")),
        ("    first run only: (e) p50 / p99", lambda r: _first(r, "bm25s")),
        ("    k best as bm25s's: no ε term · ε term", _agreement),
        ("    bm25s build (s)", lambda r: cell(r, "engines.bm25s_build_s")),
        (
            f"new day ({DAY_PARAGRAPHS:,} paragraphs) written in: answerable (s) / CPU (s)",
            lambda r: cell(r, "new_day.to_answerable_s") + " / " + cell(r, "new_day.to_answerable_cpu_s"),
        ),
        (
            "    its articles found first by their paragraph",
            lambda r: r.get("new_day", {}).get("answered", "–"),
        ),
        ("    new lexicon words", lambda r: cell(r, "new_day.new_lexicon_words", "{:,}")),
        ("    saved in the background (s)", lambda r: cell(r, "new_day.settle_s")),
        (
            "    replies meanwhile p50/p99/max (ms)",
            lambda r: " / ".join(
                cell(r, f"new_day.during_settle_ms.{p}", "{:.2f}") for p in ("p50", "p99", "max")
            ),
        ),
        (
            "    k best alike before and after saving",
            lambda r: r.get("new_day", {}).get("settled_ranks_alike", "–"),
        ),
    ]
    width = max(len(name) for name, _ in lines) + 2
    header = "".ljust(width) + "".join(
        f"{profile + ' ' + format(r['size'], ','):>28}" for profile, r in columns
    )
    body = [name.ljust(width) + "".join(f"{fn(r):>28}" for r in sizes) for name, fn in lines]
    m = report["machine"]
    foot = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}; {report['questions']} questions",
        f"cold start of the bundled corpus to first answer: {report['bundled_cold_start']['s']:.2f} s"
        f" ({report['bundled_cold_start']['cpu_s']:.2f} CPU s)",
        "(c) 'scaled from N': rank_bm25 was not run at that size (time and memory); its latency is the one",
        "measured at N scaled linearly by size, as get_scores loops over every document.",
    ]
    if "ingest" in report:
        foot += ["", *ingest_lines(report["ingest"])]
    if "long_article" in report:
        foot += ["", *long_article_lines(report["long_article"])]
    return "\n".join([header, *body, "", *foot])


def _agreement(row: dict[str, Any]) -> str:
    """How many questions' k best bm25s gave too (equal up to ties), without and with an ε-floor term."""
    e = row.get("engines", {})
    if "questions" not in e:
        return "–"
    plain = e["questions"] - e["floor_questions"]
    return f"{e['agree']}/{plain} · {e['floor_agree']}/{e['floor_questions']}"


def _first(row: dict[str, Any], engine: str) -> str:
    """An engine's p50 / p99 over each question's first run alone."""
    found = row.get("engines", {}).get(f"{engine}_first_ms", {})
    return " / ".join(f"{found[p]:.2f}" if p in found else "–" for p in ("p50", "p99"))
