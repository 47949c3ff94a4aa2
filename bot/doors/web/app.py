"""The editors' site: overview, unanswered questions, answers marked wrong, the most asked articles of a
day, an article view, and each list as CSV. Read-only; every page but the login form needs the token.

Pages are rendered on the server from ``templates/`` (Jinja2, autoescaped); handlers are plain
functions, which Starlette runs off the event loop.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.config import Settings
from bot.doors.web.auth import COOKIE, guard, session_value, token_matches
from bot.doors.web.view import LogView
from bot.engine import read_articles
from bot.state.log_summary import DayOf
from bot.state.question_log import QuestionLog
from bot.state.store import StoreUnavailable
from bot.storage.watch import corpus_signature

log = logging.getLogger(__name__)

SHOWN = 200
"""Rows a list shows (its CSV has them all)."""
CHART_DAYS = 30
ARTICLES_RECHECK = 30.0
"""Seconds between looks at the corpus folder for a changed corpus (the article view)."""


class Articles:
    """The corpus's articles by id, read again when the corpus folder changes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._by_id: dict[str, Any] = {}
        self._seen: object = None
        self._checked = -ARTICLES_RECHECK
        self._lock = threading.Lock()

    def get(self, article_id: str) -> Any:
        """The article (``Article`` or ``StoredArticle``), None when the corpus has no such id."""
        with self._lock:
            if time.monotonic() - self._checked >= ARTICLES_RECHECK:
                self._checked = time.monotonic()
                signature = corpus_signature(self.settings.paths.corpus)
                if signature != self._seen:
                    try:
                        self._by_id = read_articles(self.settings)
                        self._seen = signature
                    except Exception as exc:  # the page stays up; the article view says it is missing
                        log.warning("cannot read the corpus for the article view: %s", exc)
            return self._by_id.get(article_id)


class Site:
    """The pages over one question log."""

    def __init__(self, settings: Settings, question_log: QuestionLog, token: str) -> None:
        self.token = token
        self.zone = ZoneInfo(settings.telegram.time_zone)
        self.view = LogView(question_log, self.zone, settings.log.retention_days, settings.log.max_entries)
        self.articles = Articles(settings)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("bot.doors.web", "templates"), autoescape=True, trim_blocks=True
        )
        self.env.filters["time"] = self.local_time

    def local_time(self, at: float) -> str:
        return dt.datetime.fromtimestamp(at, self.zone).strftime("%Y-%m-%d %H:%M")

    def fresh(self, handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
        """``handler`` run on the view refreshed, holding it while it reads and renders."""

        def run(request: Request) -> Response:
            with self.view.lock:
                try:
                    self.view.refresh()
                except StoreUnavailable as exc:  # Redis down: say so (503), the page is back with it
                    log.warning("%s", exc)
                    return Response(f"{exc}; this page is back when it is.\n", 503)
                return handler(request)

        return run

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(page=name.removesuffix(".html"), **context)
        return HTMLResponse(html, status)

    def headline(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return article.headline if article else article_id

    # --- login ---------------------------------------------------------------------------------

    def refuse(self, request: Request) -> Response:
        """401: the login form for a browser, one line and ``WWW-Authenticate`` for a script."""
        if "text/html" in request.headers.get("accept", ""):
            return self.page("login.html", 401, next=request.url.path, wrong=False)
        return Response(
            "401 Unauthorized: send Authorization: Bearer <token>\n", 401, {"WWW-Authenticate": "Bearer"}
        )

    def login_form(self, request: Request) -> Response:
        return self.page("login.html", next=safe_next(request.query_params.get("next")), wrong=False)

    async def login(self, request: Request) -> Response:
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"))
        given = form.get("token", [""])[0].strip()
        target = safe_next(form.get("next", ["/"])[0])
        if not token_matches(given, self.token):
            return self.page("login.html", 401, next=target, wrong=True)
        response = RedirectResponse(target, 303)
        response.set_cookie(COOKIE, session_value(self.token), httponly=True, samesite="strict")
        return response

    def logout(self, request: Request) -> Response:
        response = RedirectResponse("/login", 303)
        response.delete_cookie(COOKIE)
        return response

    # --- pages ---------------------------------------------------------------------------------

    def overview(self, request: Request) -> Response:
        days = self.view.by_day()
        total = sum(d.questions for d in days)
        answered = sum(d.answered for d in days)
        today = self.view.days.get(DayOf(self.zone)(time.time()))
        chart = days[-CHART_DAYS:]
        return self.page(
            "overview.html",
            days=days[::-1][:SHOWN],
            chart=chart,
            chart_days=CHART_DAYS,
            top=max((d.questions for d in chart), default=0),
            total=total,
            share=answered / total if total else 0.0,
            in_groups=sum(d.in_groups for d in days) / total if total else 0.0,
            up=sum(d.up for d in days),
            down=sum(d.down for d in days),
            today=today,
            readers_per_day=sum(d.readers for d in days) / len(days) if days else 0.0,
        )

    def unanswered(self, request: Request) -> Response:
        groups = self.view.unanswered()
        return self.page("unanswered.html", groups=groups[:SHOWN], count=len(groups))

    def wrong(self, request: Request) -> Response:
        entries = self.view.marked_wrong()
        return self.page("wrong.html", entries=entries[:SHOWN], count=len(entries), headline=self.headline)

    def most_asked(self, request: Request) -> Response:
        news_days = self.view.news_days()
        day = request.query_params.get("day") or (news_days[0] if news_days else "")
        counts = self.view.most_asked(day)
        return self.page(
            "articles.html", day=day, news_days=news_days[:90], counts=counts[:SHOWN], headline=self.headline
        )

    def article(self, request: Request) -> Response:
        article_id = request.path_params["article_id"]
        article = self.articles.get(article_id)
        asked = self.view.asked.get(article_id, [])[-SHOWN:][::-1]
        status = 200 if article else 404
        return self.page("article.html", status, article=article, article_id=article_id, asked=asked)

    # --- CSV -----------------------------------------------------------------------------------

    def csv(self, request: Request) -> Response:
        """Each list whole, as CSV: overview, unanswered, wrong, articles (?day=)."""
        name = request.path_params["name"]
        head: Sequence[str]
        rows: Iterable[Sequence[object]]
        if name == "overview":
            head = ("day", "questions", "answered", "share_answered", "in_groups", "readers", "up", "down")
            rows = (
                (d.day, d.questions, d.answered, f"{d.share:.3f}", d.in_groups, d.readers, d.up, d.down)
                for d in self.view.by_day()
            )
        elif name == "unanswered":
            head = ("times_asked", "question", "other_wordings", "news_days", "last_asked")
            rows = (
                (g.count, g.question, " | ".join(g.others), " ".join(g.news_days), self.local_time(g.last))
                for g in self.view.unanswered()
            )
        elif name == "wrong":
            head = ("asked", "news_day", "question", "reply_first_line", "articles", "up", "down")
            rows = (
                (self.local_time(e.at), e.day, e.question, e.first_line, " ".join(e.articles), e.up, e.down)
                for e in self.view.marked_wrong()
            )
        elif name == "articles":
            day = request.query_params.get("day", "")
            head = ("news_day", "article", "headline", "times_asked", "questions")
            rows = (
                (day, c.article_id, self.headline(c.article_id), c.count, " | ".join(c.questions))
                for c in self.view.most_asked(day)
            )
        else:
            return Response("no such list\n", 404)
        return csv_response(f"newsbot-{name}.csv", head, rows)


def csv_response(filename: str, head: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    """A CSV download (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese right)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows(rows)
    disposition = f'attachment; filename="{filename}"'
    return Response(
        out.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition}
    )


def safe_next(target: str | None) -> str:
    """Where to go after the login: a path of this site only."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def build_app(settings: Settings, question_log: QuestionLog, token: str) -> Starlette:
    """The site as an ASGI application."""
    site = Site(settings, question_log, token)
    site.view.refresh()  # the whole log read before the first request
    # What was read lives as long as the page: moved out of the collector's generations, it is never
    # rescanned (a full collection over a year of entries would stall a request for half a second).
    gc.collect()
    gc.freeze()

    def get(path: str, endpoint: Callable[..., Any]) -> Route:
        return Route(path, endpoint, methods=["GET"])

    routes = [
        get("/", site.fresh(site.overview)),
        get("/unanswered", site.fresh(site.unanswered)),
        get("/wrong", site.fresh(site.wrong)),
        get("/articles", site.fresh(site.most_asked)),
        get("/article/{article_id:str}", site.fresh(site.article)),
        get("/{name:str}.csv", site.fresh(site.csv)),
        get("/login", site.login_form),
        Route("/login", site.login, methods=["POST"]),
        get("/logout", site.logout),
    ]
    middleware = [Middleware(BaseHTTPMiddleware, dispatch=guard(token, site.refuse))]
    return Starlette(routes=routes, middleware=middleware)
