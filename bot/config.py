"""Settings: one pydantic model loaded from ``config.yaml``.

Every key is declared here (the reply templates in ``bot/templates.py``); an unknown key, a wrong type
or an impossible value stops the program with one line naming the key (``ConfigError``). Secrets never
live in the file: the Telegram token comes from ``TELEGRAM_BOT_TOKEN`` or from the file named by
``telegram.token_file``.

The few environment overrides (secrets, the Bot API's URLs) are read where they are used, each with a
file fallback and an error naming the variable: pydantic-settings would add a package and a YAML source
of its own for less than it replaces, so it is not used.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import Field, ValidationError, ValidationInfo, field_validator

from bot.templates import RoleLabels as RoleLabels  # re-exported: the stages take settings from here
from bot.templates import Section, Templated, TemplatesConfig, plain, template

DEFAULT_CONFIG = Path("config.yaml")


class ConfigError(Exception):
    """A configuration problem, phrased for the operator in one line."""


class PathsConfig(Section):
    seeds: Path = Path("seeds")
    corpus: Path = Path("corpus")
    cache: Path = Path(".cache/newsbot")
    # What the bot remembers between messages (SQLite backend): chats' state, subscriptions.
    state: Path = Path("state")


class IngestConfig(Section):
    # The paper's name for pages that name it nowhere (no sidecar, no page header such as
    # 人民日报 2021年3月15日 第04版): unset, such a page has no publication, rather than a wrong one.
    publication: str | None = Field(None, min_length=1)
    # PAGE.txt + PAGE<suffix> gives {publication, date}. Where neither it nor a dated page header
    # gives a page's date, 昨日 and 4月24日 stay unresolved.
    sidecar_suffix: str = Field(".meta.yaml", pattern=r"^\.[\w.-]+$")
    # Without a sidecar or a dated page header, the page date and page number come from the file name
    # (20210315-04-02.txt, 2021-03-15_A04_2.txt): regular expressions with groups y, m, d and page.
    file_name_date: str = r"(?<!\d)(?P<y>(?:19|20)\d{2})-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)(?!\d)"
    file_name_page: str = r"(?:19|20)\d{2}-?[01]\d-?[0-3]\d[-_][A-Za-z]?(?P<page>\d{1,3})(?:[-_]\d+)?$"

    @field_validator("file_name_date", "file_name_page")
    @classmethod
    def _pattern_with_groups(cls, value: str, info: ValidationInfo) -> str:
        """A file-name pattern must compile and name the groups it is read by."""
        try:
            groups = set(re.compile(value).groupindex)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        needed = {"y", "m", "d"} if info.field_name == "file_name_date" else {"page"}
        if not needed <= groups:
            raise ValueError(f"needs the named groups {', '.join(sorted(needed))}")
        return value


class RetrievalConfig(Section):
    algorithm: Literal["okapi", "plus"] = "okapi"
    k1: float = Field(1.5, gt=0, le=5)
    b: float = Field(0.75, ge=0, le=1)
    delta: float = Field(1.0, ge=0, le=5)
    epsilon: float = Field(0.25, ge=0, le=1)
    top_k: int = Field(5, ge=1, le=50)
    chunk_max_chars: int = Field(220, ge=40, le=4000)
    chunk_min_chars: int = Field(30, ge=0, le=400)
    chunk_overlap_sentences: int = Field(1, ge=0, le=5)
    headline_repeat: int = Field(1, ge=0, le=5)
    min_coverage: float = Field(0.5, gt=0, le=1)
    max_question_chars: int = Field(300, ge=10, le=4096)
    synonyms: dict[str, list[str]] = {}
    concepts: dict[str, list[str]] = {}


class TelegramWebhookConfig(Section):
    listen: str = "127.0.0.1"
    port: int = Field(8443, ge=1, le=65535)
    path: str = "telegram"
    url: str | None = None
    # TELEGRAM_WEBHOOK_SECRET overrides; Telegram allows 1-256 characters A-Z a-z 0-9 _ -
    secret_token: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,256}$")


class TelegramTextsConfig(Templated):
    """What the Telegram bot says about itself (news answers come from ``templates``)."""

    rate_limited: str = plain("您发送得太快了，请稍等一分钟再问。")
    error: str = plain("抱歉，处理您的消息时出了点问题，请稍后再试。")
    store_unavailable: str = plain(
        "这项功能暂时不可用：记录订阅和统计的存储连接不上，请稍后再试。提问照常回答。"
    )
    reload_denied: str = plain("只有管理员可以使用 /reload。")
    reloaded: str = template("新闻已重新载入：共 {articles} 篇。", "articles")
    reload_failed: str = plain("重新载入失败，仍在使用原来的新闻。")
    source_button: str = plain("查看原文")
    source_gone: str = plain("这段原文已不可用（新闻已更新）。")
    button_gone: str = plain("这个按钮已失效，请重新发送 /summary。")
    no_content: str = plain("（暂无内容）")
    subscribed_new_day: str = plain(
        "已订阅：每当有新一天的新闻，就把当天的新闻摘要发到这里。发送 /unsubscribe 取消。"
    )
    subscribed_at: str = template(
        "已订阅：每天 {time}（{zone}）把最新一天的新闻摘要发到这里。发送 /unsubscribe 取消。", "time", "zone"
    )
    subscription_unchanged: str = template("订阅没有变化。{current}", "current")
    subscribe_bad_time: str = plain(
        "时间请写成“时:分”，例如 /subscribe 07:30；不写时间则在有新一天的新闻时发送。"
    )
    unsubscribed: str = plain("已取消订阅，不再发送新闻摘要。")
    not_subscribed: str = plain(
        "这里没有订阅。发送 /subscribe 在有新一天的新闻时收到摘要，或 /subscribe 07:30 每天定时收到。"
    )
    subscription_unavailable: str = plain("订阅暂时无法更改，请稍后再试。")
    inline_not_found: str = plain("没有找到答案，点这里私聊提问")
    feedback_up: str = plain("👍")
    feedback_down: str = plain("👎")
    feedback_thanks: str = plain("谢谢，已记下")
    feedback_gone: str = plain("这条回答已不在记录中。")
    stats_denied: str = plain("只有管理员可以使用 /stats。")
    stats: str = template(
        "提问统计\n今天：{today} 个问题，答出 {today_share}\n昨天：{yesterday} 个问题，答出 {yesterday_share}\n"
        "没有答出最多的问题：\n{unanswered}",
        "today",
        "today_share",
        "yesterday",
        "yesterday_share",
        "unanswered",
    )
    stats_none: str = plain("（没有）")
    console_nothing_to_mark: str = plain("/wrong 标记上一个回答有误；现在还没有可以标记的回答。")


def _default_commands() -> dict[str, str]:
    return {
        "start": "开始使用",
        "help": "使用帮助",
        "summary": "当天新闻：/summary、/summary 昨天 或 /summary 关键词",
        "who": "查人物或会议出席人员：/who 姓名",
        "articles": "新闻标题列表",
        "subscribe": "订阅每天的新闻摘要：/subscribe 或 /subscribe 07:30",
        "unsubscribe": "取消订阅",
    }


class TelegramConfig(Section):
    token_file: Path | None = None
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: Literal["polling", "webhook"] = "polling"
    webhook: TelegramWebhookConfig = TelegramWebhookConfig()
    allowed_chats: list[int] = []
    admin_ids: list[int] = []
    rate_limit_per_minute: int = Field(20, ge=1, le=10_000)
    source_button: bool = True
    concurrent_updates: int = Field(64, ge=1, le=1024)
    flood_retries: int = Field(5, ge=0, le=50)
    send_retries: int = Field(3, ge=0, le=20)
    startup_retries: int = Field(-1, ge=-1, le=1000)
    shutdown_grace: float = Field(20.0, ge=0, le=600)  # seconds to finish replies on SIGTERM
    commands: dict[str, str] = Field(default_factory=_default_commands)
    # Live updates: seconds between looks at the corpus folder (0: only /reload swaps in new news).
    corpus_poll_seconds: float = Field(5, ge=0, le=3600)
    # Subscriptions: the zone of "/subscribe 07:30", and seconds between looks for digests due.
    time_zone: str = "Asia/Shanghai"
    digest_check_seconds: float = Field(30, gt=0, le=3600)
    # A new day's digest goes out once the corpus has not changed for this long (a day still being
    # written is never sent half-finished).
    digest_settle_seconds: float = Field(60, ge=0, le=86_400)
    texts: TelegramTextsConfig = TelegramTextsConfig()

    @field_validator("time_zone")
    @classmethod
    def _check_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as Asia/Shanghai)") from None
        return value

    @field_validator("commands")
    @classmethod
    def _check_commands(cls, value: dict[str, str]) -> dict[str, str]:
        for name, description in value.items():
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise ValueError(f"command {name!r} must be 1-32 of a-z 0-9 _")
            if not 1 <= len(description) <= 256:
                raise ValueError(f"description of {name!r} must be 1-256 characters")
        return value


class StateConfig(Section):
    """Where the bot keeps what it remembers: SQLite under ``paths.state``, or Redis shared by replicas."""

    backend: Literal["sqlite", "redis"] = "sqlite"
    url: str = Field("redis://127.0.0.1:6379/0", pattern=r"^(redis|rediss|unix)://")
    prefix: str = Field("newsbot", pattern=r"^[\w.-]{1,64}$")
    chat_days: float = Field(7, gt=0, le=365)


class QuestionLogConfig(Section):
    """The question log the newsroom's page reads (no reader's identity is kept: see the README)."""

    enabled: bool = True
    retention_days: int = Field(90, ge=1, le=3650)
    max_entries: int = Field(1_000_000, ge=1000, le=100_000_000)


class WebConfig(Section):
    """``newsbot web``: the newsroom's read-only page. The token: NEWSBOT_WEB_TOKEN overrides."""

    listen: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    token: str | None = Field(None, min_length=16)


class LoggingConfig(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(Section):
    paths: PathsConfig = PathsConfig()
    ingest: IngestConfig = IngestConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
    templates: TemplatesConfig = TemplatesConfig()
    telegram: TelegramConfig = TelegramConfig()
    state: StateConfig = StateConfig()
    log: QuestionLogConfig = QuestionLogConfig()
    web: WebConfig = WebConfig()
    logging: LoggingConfig = LoggingConfig()


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    message = first["msg"].removeprefix("Value error, ")
    extra = f" ({len(error.errors()) - 1} more)" if len(error.errors()) > 1 else ""
    return f"{key}: {message}{extra}"


def load_settings(path: Path | None = None) -> Settings:
    """Read and validate the config file; a missing default file means built-in defaults.

    Relative paths in the file are taken relative to the file's folder.
    """
    explicit = path is not None
    path = path or DEFAULT_CONFIG
    if not path.exists():
        if explicit:
            raise ConfigError(f"{path}: no such config file")
        return Settings()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of sections")
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}") from exc
    base = path.resolve().parent
    for name in ("seeds", "corpus", "cache", "state"):
        value = getattr(settings.paths, name)
        if not value.is_absolute():
            setattr(settings.paths, name, base / value)
    token_file = settings.telegram.token_file
    if token_file is not None and not token_file.is_absolute():
        settings.telegram.token_file = base / token_file
    return settings


def check_folders(settings: Settings) -> None:
    """The corpus folder exists, and every folder the bot writes (the cache; the state folder with the
    SQLite backend) can be written (created if missing); a ``ConfigError`` naming the key and the folder
    otherwise."""
    corpus = settings.paths.corpus
    if not corpus.is_dir():
        what = "is not a folder" if corpus.exists() else "no such folder"
        raise ConfigError(f"paths.corpus: {corpus}: {what} (run `newsbot ingest` or fix the path)")
    for key, folder in written_folders(settings).items():
        check_writable(key, folder)


def check_corpus(settings: Settings) -> None:
    """A corpus path that names something other than a folder (a file) is a ``ConfigError``; a missing
    folder is not (the bot starts with no news and takes them once an ingest writes the folder)."""
    corpus = settings.paths.corpus
    if corpus.exists() and not corpus.is_dir():
        raise ConfigError(f"paths.corpus: {corpus}: is not a folder (run `newsbot ingest` or fix the path)")


def written_folders(settings: Settings) -> dict[str, Path]:
    """Every folder the running bot writes, by config key (what a service manager must let it write)."""
    folders = {"paths.cache": settings.paths.cache}
    if settings.state.backend == "sqlite":
        folders["paths.state"] = settings.paths.state
    return folders


def check_writable(key: str, folder: Path) -> None:
    """``folder`` exists (created if missing) and a file can be made in it; a one-line ``ConfigError``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise ConfigError(f"{key}: {folder}: not a writable folder ({exc.strerror or exc})") from None


def env_secret(variable: str) -> tuple[str | None, bool]:
    """A secret from the environment: ``VARIABLE``, else the file named by ``VARIABLE_FILE`` (a systemd
    credential or Docker secret); and whether either was set (an empty file then means no secret)."""
    value = os.environ.get(variable, "").strip()
    if value:
        return value, True
    env_file = os.environ.get(f"{variable}_FILE", "").strip()
    return (_read_secret(Path(env_file), f"{variable}_FILE"), True) if env_file else (None, False)


def _read_secret(path: Path, key: str) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError as exc:
        raise ConfigError(f"{key}: cannot read {path}: {exc.strerror}") from exc


def telegram_token(settings: Settings) -> str | None:
    """The bot token: ``TELEGRAM_BOT_TOKEN``, then the file named by ``TELEGRAM_BOT_TOKEN_FILE``, then
    ``telegram.token_file``; None when there is none."""
    token, from_env = env_secret("TELEGRAM_BOT_TOKEN")
    if from_env or settings.telegram.token_file is None:
        return token
    return _read_secret(settings.telegram.token_file, "telegram.token_file")


def web_token(settings: Settings) -> str | None:
    """The newsroom page's token: ``NEWSBOT_WEB_TOKEN``, then the file named by ``NEWSBOT_WEB_TOKEN_FILE``,
    then ``web.token``; None when there is none."""
    token, from_env = env_secret("NEWSBOT_WEB_TOKEN")
    return token if from_env else settings.web.token
