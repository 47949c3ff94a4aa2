"""The ``newsbot`` command line: ingest, ask, chat, run, web, config --check (and bench)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.config import ConfigError, Settings, check_folders, load_settings, telegram_token

log = logging.getLogger("newsbot")


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    if args.corpus is not None:
        settings.paths.corpus = args.corpus.absolute()  # a link followed at every load
    logging.basicConfig(
        level=settings.logging.level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return settings


def cmd_config(args: argparse.Namespace) -> int:
    """Validate the config, its folders and the token's presence and print the effective settings (never
    the token or a secret); with --templates, print every reply template as YAML instead."""
    settings = _settings(args)
    if args.templates:
        templates = {"templates": settings.templates.model_dump(mode="json")}
        print(yaml.safe_dump(templates, allow_unicode=True, sort_keys=False, width=200), end="")
        return 0
    check_folders(settings)
    token = telegram_token(settings)
    data = settings.model_dump(mode="json")
    data["telegram"]["token"] = "(set)" if token else "(not set)"
    if data["telegram"]["webhook"]["secret_token"] is not None:
        data["telegram"]["webhook"]["secret_token"] = "(set)"
    if data["web"]["token"] is not None:
        data["web"]["token"] = "(set)"
    print(json.dumps(data, ensure_ascii=False, indent=2))
    print(
        "Telegram token: present" if token else "Telegram token: not set (newsbot runs the console chat)",
        file=sys.stderr,
    )
    print("config OK", file=sys.stderr)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Turn raw pages into corpus articles; one summary at the end, every problem named with its file.

    The new corpus is built beside the current one (a copy of it, unchanged files shared) and swapped in
    only when complete (``bot.storage.versions``): a run that fails or is killed leaves the old corpus,
    and one that ends with no article at all does not replace it.
    """
    from bot.ingestion.ingest import corpus_articles, ingest_paths
    from bot.ingestion.lexicon import write_lexicon
    from bot.storage.versions import BuildRefused, new_version

    settings = _settings(args)
    paths = args.paths or [settings.paths.seeds]
    out = args.out or settings.paths.corpus
    try:
        with new_version(out) as build:
            report = ingest_paths(paths, build.path, settings.ingest, settings.paths.seeds)
            articles = corpus_articles(build.path, report)
            write_lexicon(articles, build.path)
            build.swap = bool(articles)
    except BuildRefused as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 1
    if args.verbose:
        for result in report.files:
            state = "unchanged, not parsed" if result.cached else "parsed"
            print(
                f"{result.file}: {len(result.articles)} article(s), {result.furniture} furniture line(s), {state}",
                file=sys.stderr,
            )
    for problem in report.problems:
        print(f"{problem.file}: {problem.reason}", file=sys.stderr)
    print(report.summary(out))
    if not build.swap:
        print(f"no article at all: {out} is left as it was", file=sys.stderr)
    return 1 if report.fatal or (report.problems and not report.articles) else 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or with --json and no question one question per line of standard input."""
    from bot.engine import Engine

    engine = Engine.load(_settings(args))
    questions = [args.question] if args.question is not None else (line.rstrip("\r\n") for line in sys.stdin)
    for question in questions:
        reply = engine.reply(question)
        if args.json:
            record = {
                "question": question,
                "text": reply.text,
                "found": reply.found,
                "sources": [s.model_dump() for s in reply.sources],
                "buttons": [[b.model_dump() for b in row] for row in reply.buttons],
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print("\n".join([reply.text, *reply.button_lines]), flush=True)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive console chat over the bundled news."""
    from bot.doors.console import run_console

    return run_console(_settings(args))


def cmd_run(args: argparse.Namespace) -> int:
    """Run the Telegram bot when a token is configured, otherwise the console chat."""
    settings = _settings(args)
    if telegram_token(settings) is None:
        print(
            "No Telegram token (set TELEGRAM_BOT_TOKEN or telegram.token_file to connect Telegram); "
            "starting the console chat.",
            file=sys.stderr,
        )
        from bot.doors.console import run_console

        return run_console(settings)
    from bot.doors.telegram.application import run_telegram

    return run_telegram(settings)


def cmd_web(args: argparse.Namespace) -> int:
    """Serve the newsroom's read-only page over the question log (needs web.token or NEWSBOT_WEB_TOKEN)."""
    from bot.doors.web.serve import run_web

    return run_web(_settings(args), args.listen, args.port)


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure build, cold start, memory and latency at several corpus sizes, against rank-bm25."""
    if args.web:
        from bot.bench.web import run_web_bench

        out = args.out.with_name("bench-web.json") if args.out.name == "bench.json" else args.out
        return run_web_bench(_settings(args), args.web, args.work.resolve(), out.resolve())
    from bot.bench import BenchOptions, run_bench

    options = BenchOptions(
        sizes=args.paragraphs,
        questions=args.questions,
        out=args.out.resolve(),
        work=args.work.resolve(),
        baseline_max=args.baseline_max,
        baseline_seconds=args.baseline_seconds,
        ingest_files=args.ingest_files,
        long_article=args.long_article,
        rebuild=args.rebuild,
        skip=set(args.skip),
    )
    return run_bench(_settings(args), options)


def _profile_size(text: str) -> tuple[str, int]:
    """PROFILE:N, as ``--skip`` takes it."""
    profile, _, size = text.partition(":")
    if not profile or not size.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not PROFILE:N (for example news:1000000)")
    return profile, int(size)


def _common_options(default: object) -> argparse.ArgumentParser:
    """--config and --corpus, taken before or after the command (a command's own are SUPPRESSed
    by default, so `newsbot --config X ask` keeps X)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=default, help="config file (default: ./config.yaml)")
    common.add_argument(
        "--corpus", type=Path, default=default, help="corpus folder to read (overrides config)"
    )
    return common


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description=__doc__, parents=[_common_options(None)])
    parser.set_defaults(func=cmd_run)
    sub = parser.add_subparsers(title="commands")
    common = _common_options(argparse.SUPPRESS)

    def add(name: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        command = sub.add_parser(name, parents=[common], help=(func.__doc__ or "").splitlines()[0])
        command.set_defaults(func=func)
        return command

    add("run", cmd_run)
    add("chat", cmd_chat)
    ask = add("ask", cmd_ask)
    ask.add_argument("question", nargs="?", help="the question; omit to read standard input")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    ingest = add("ingest", cmd_ingest)
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders (default: seeds/)")
    ingest.add_argument("--out", type=Path, default=None, help="corpus folder to write (default: corpus/)")
    ingest.add_argument("--verbose", "-v", action="store_true", help="say what each file gave")
    web = add("web", cmd_web)
    web.description = (
        "The newsroom's page: overview, questions not answered, answers marked wrong, the most asked "
        "articles of a day, CSV of each. Every request needs the token (web.token in config.yaml or "
        "NEWSBOT_WEB_TOKEN, at least 16 characters): a login form in a browser, "
        "'Authorization: Bearer TOKEN' for scripts. Without a token it refuses to start."
    )
    web.add_argument("--listen", default=None, help="address to bind (default: web.listen, 127.0.0.1)")
    web.add_argument("--port", type=int, default=None, help="port (default: web.port, 8080)")
    bench = add("bench", cmd_bench)
    bench.add_argument(
        "--paragraphs", type=int, nargs="+", default=[10_000, 100_000], metavar="N", help="corpus sizes"
    )
    bench.add_argument("--questions", default="200", help="how many questions to generate, or a file of them")
    bench.add_argument(
        "--ingest-files",
        type=int,
        default=10_000,
        help="one-article files in the generated archive that is ingested (0: skip the ingest row)",
    )
    bench.add_argument(
        "--long-article",
        type=int,
        default=100_000,
        help="sentences of one long article whose questions are timed (0: skip that row)",
    )
    bench.add_argument("--out", type=Path, default=Path("bench-results/bench.json"), help="JSON report")
    bench.add_argument(
        "--work",
        type=Path,
        default=Path("bench-results"),
        help="folder for corpora and caches, kept between runs: <work>/<profile>/corpus-N and cache-N"
        " are reused by the next run (a million paragraphs take minutes to generate, index and store)",
    )
    bench.add_argument(
        "--web",
        type=int,
        default=0,
        metavar="N",
        help="only time the newsroom's pages (newsbot web) over a question log of N invented entries",
    )
    bench.add_argument("--baseline-max", type=int, default=200_000, help="largest size rank-bm25 is run at")
    bench.add_argument("--baseline-seconds", type=float, default=60, help="time box of rank-bm25's questions")
    bench.add_argument(
        "--rebuild",
        action="store_true",
        help="build every corpus's cache anew (by default a cache under --work that holds an index is"
        " reused, brought up to date if the code changed its keys; the table says when it was built)",
    )
    bench.add_argument(
        "--skip",
        nargs="+",
        type=_profile_size,
        default=[],
        metavar="PROFILE:N",
        help="leave out these corpora, e.g. news:1000000 (a corpus not yet built costs minutes to hours)",
    )
    config = add("config", cmd_config)
    config.add_argument(
        "--check", action="store_true", help="validate settings, corpus and cache folders, token presence"
    )
    config.add_argument("--templates", action="store_true", help="print every reply template as YAML")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``newsbot`` script."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
