"""Settings: one pydantic model loaded from ``config.yaml``.

Every key is declared here; an unknown key, a wrong type or an impossible value stops the program with
one line naming the key (``ConfigError``). Secrets never live in the file: the Telegram token comes
from ``TELEGRAM_BOT_TOKEN`` or from the file named by ``telegram.token_file``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

DEFAULT_CONFIG = Path("config.yaml")


class ConfigError(Exception):
    """A configuration problem, phrased for the operator in one line."""


class Section(BaseModel):
    """Base of every config section: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class PathsConfig(Section):
    seeds: Path = Path("seeds")
    corpus: Path = Path("corpus")
    cache: Path = Path(".cache/newsbot")
    # What the bot remembers between messages (SQLite backend): chats' state, subscriptions.
    state: Path = Path("state")


class IngestConfig(Section):
    publication: str = Field("郑州日报", min_length=1)
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


class RoleLabels(Section):
    """How /who and /summary name each role a person played in an event."""

    presided: str = "主持"
    spoke: str = "出席并讲话"
    deployed: str = "作具体部署"
    attended: str = "出席"
    reported: str = "汇报"
    reporter: str = "记者"
    elected: str = "当选"
    appointed: str = "任命"


class TemplatesConfig(Section):
    answer: str = "{answer}"
    short_answer: str = "{short}"
    evidence: str = "{evidence}"
    answer_yes: str = "是。"
    answer_no: str = "否。"
    related: str = "相关报道：《{title}》（其中没有这个问题的答案）"
    report_reporters: str = "记者：{reporters}"
    report_date: str = "{publication} {date}"
    report_page: str = "{publication}版面：{page}"
    report_headline: str = "标题：《{title}》"
    source: str = "——《{title}》{date}{reporters}"
    not_found: str = (
        "抱歉，本报新闻里没有找到与“{question}”相关的内容。可以换个说法，或发送 /summary 看看今天的新闻。"
    )
    empty: str = "请直接输入您想了解的问题，例如：{example}"
    start: str = "您好！我是新闻问答机器人，可以回答关于本报新闻的问题。\n例如：{example}\n/summary 看新闻摘要，/who 姓名 查人物，/help 查看帮助。"
    help: str = (
        "直接发送问题即可，例如：{example}\n"
        "/summary —— 最新一天的新闻（按版面）；/summary 昨天 或 /summary 1月15日 —— 那一天的新闻；"
        "/summary 关键词 或 /summary 序号 —— 单篇摘要\n"
        "/who 姓名 —— 人物及其出席的会议；/who 会议关键词 —— 会议的出席人员\n"
        "/articles —— 新闻标题列表（/articles 昨天：那一天的）\n"
        "问题里也可以带日期，例如：昨天政协开了什么会？"
    )
    example: str = "郑州市委书记是谁？"
    unknown_command: str = "不认识的命令 {command}。发送 /help 查看可用的命令。"
    too_long_note: str = "（问题较长，只读取了前 {limit} 个字。）"
    no_news: str = "现在还没有新闻。"
    date: str = "（{date}）"
    roles: RoleLabels = RoleLabels()
    who_overview: str = "本报新闻里的会议和人物："
    who_overview_item: str = "{number}. {headline}{date}：点名 {count} 人"
    who_howto: str = "发送 /who 姓名（如 /who {name}）查看人物的职务和参加的会议；/who 会议关键词（如 /who {keyword}）查看会议的出席人员。"
    who_person: str = "{name}：{titles}"
    who_person_item: str = "《{headline}》{date}：{role}"
    who_meeting: str = "《{headline}》{date}"
    who_meeting_role: str = "{role}：{people}"
    who_speakers: str = "发言单位：{bodies}"
    who_nobody: str = "这篇报道没有点名与会人员。"
    who_not_found: str = (
        "本报新闻里没有找到“{query}”：它不是报道点名的人物，也不在会议标题里。发送 /who 查看会议列表。"
    )
    who_suggest: str = "您要找的是不是：{names}？"
    who_more: str = "……另有 {count} 项未列出，请把关键词说得更具体些。"
    summary_heading: str = "新闻摘要（共 {count} 篇）："
    summary_item: str = "{number}. {headline}{date}"
    summary_howto: str = "发送 /summary 序号 或 /summary 关键词 查看单篇摘要。"
    summary_more: str = "还有 {count} 篇未列出：发送 /articles 查看全部标题，/summary 序号 查看单篇摘要。"
    summary_article: str = "《{headline}》{date}"
    summary_who: str = "人物：{people}"
    summary_when: str = "时间：{when}"
    summary_where: str = "地点：{where}"
    summary_decided: str = "决定：{decided}"
    summary_points: str = "要点："
    summary_related: str = "相关报道：{items}"
    summary_bad_number: str = "共有 {count} 篇新闻，请发送 /summary 1 到 /summary {count} 之间的序号。"
    summary_not_found: str = "没有找到与“{query}”相关的新闻。发送 /articles 查看标题，再发送 /summary 序号。"
    # Time in questions (昨天, 1月15日, 上周): the period used, and which day answered
    dates_used: str = "日期：{dates}"
    dated_not_found: str = "{dates}的新闻里没有找到与“{question}”相关的内容。"
    dated_elsewhere: str = "其他日期的新闻里有相关内容：去掉日期再问一次即可。"
    dated_undated: str = "{dates}的新闻里没有找到；以下来自一篇未注明日期的报道。"
    newest_day: str = "（以上据 {day} 的报道；{others} 也有相关报道。）"
    # A day at a glance: /summary [日期] and its buttons, /articles [日期]
    digest_heading: str = "{day} {publication}（共 {count} 篇）"
    digest_undated: str = "未注明日期的新闻"
    digest_page: str = "【{page}】"
    digest_unnumbered_page: str = "版面 {position}"
    digest_more: str = "还有 {count} 篇：点下方按钮翻到下一版。"
    digest_howto: str = "点数字看单篇摘要，或发送 /summary {day} 序号。"
    digest_no_page: str = "这一天的报纸没有第 {page} 版。有的版面：{pages}。"
    digest_bad_number: str = "这一天共有 {count} 篇新闻，请发送 /summary {day} 1 到 {count} 之间的序号。"
    digest_no_day: str = "{day}没有新闻。有新闻的日期：{days}。"
    digest_no_dates: str = "现有的新闻都没有注明日期：发送 /summary 查看全部。"
    digest_first_button: str = "◀ 第一版"
    digest_continued: str = "{page}（续）"
    digest_back_button: str = "◀ 返回版面"
    digest_previous_button: str = "上一篇"
    digest_next_button: str = "下一篇 ▶"
    articles_heading: str = "{day} 的新闻标题（共 {count} 篇）："


class TelegramWebhookConfig(Section):
    listen: str = "127.0.0.1"
    port: int = Field(8443, ge=1, le=65535)
    path: str = "telegram"
    url: str | None = None
    # TELEGRAM_WEBHOOK_SECRET overrides; Telegram allows 1-256 characters A-Z a-z 0-9 _ -
    secret_token: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,256}$")


class TelegramTextsConfig(Section):
    """What the Telegram bot says about itself (news answers come from ``templates``)."""

    rate_limited: str = "您发送得太快了，请稍等一分钟再问。"
    error: str = "抱歉，处理您的消息时出了点问题，请稍后再试。"
    reload_denied: str = "只有管理员可以使用 /reload。"
    reloaded: str = "新闻已重新载入：共 {articles} 篇。"
    reload_failed: str = "重新载入失败，仍在使用原来的新闻。"
    source_button: str = "查看原文"
    source_gone: str = "这段原文已不可用（新闻已更新）。"
    button_gone: str = "这个按钮已失效，请重新发送 /summary。"
    no_content: str = "（暂无内容）"
    subscribed_new_day: str = (
        "已订阅：每当有新一天的新闻，就把当天的新闻摘要发到这里。发送 /unsubscribe 取消。"
    )
    subscribed_at: str = "已订阅：每天 {time}（{zone}）把最新一天的新闻摘要发到这里。发送 /unsubscribe 取消。"
    subscription_unchanged: str = "订阅没有变化。{current}"
    subscribe_bad_time: str = "时间请写成“时:分”，例如 /subscribe 07:30；不写时间则在有新一天的新闻时发送。"
    unsubscribed: str = "已取消订阅，不再发送新闻摘要。"
    not_subscribed: str = (
        "这里没有订阅。发送 /subscribe 在有新一天的新闻时收到摘要，或 /subscribe 07:30 每天定时收到。"
    )
    inline_not_found: str = "没有找到答案，点这里私聊提问"


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


class LoggingConfig(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(Section):
    paths: PathsConfig = PathsConfig()
    ingest: IngestConfig = IngestConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
    templates: TemplatesConfig = TemplatesConfig()
    telegram: TelegramConfig = TelegramConfig()
    state: StateConfig = StateConfig()
    logging: LoggingConfig = LoggingConfig()


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    extra = f" ({len(error.errors()) - 1} more)" if len(error.errors()) > 1 else ""
    return f"{key}: {first['msg']}{extra}"


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


def telegram_token(settings: Settings) -> str | None:
    """The bot token from the environment or a token file, or None when there is none.

    ``TELEGRAM_BOT_TOKEN`` first, then the file named by ``TELEGRAM_BOT_TOKEN_FILE`` (a container or
    systemd secret), then ``telegram.token_file``.
    """
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if token:
        return token
    env_file = os.environ.get("TELEGRAM_BOT_TOKEN_FILE", "").strip()
    token_file = Path(env_file) if env_file else settings.telegram.token_file
    if token_file is None:
        return None
    try:
        return token_file.read_text(encoding="utf-8").strip() or None
    except OSError as exc:
        key = "TELEGRAM_BOT_TOKEN_FILE" if env_file else "telegram.token_file"
        raise ConfigError(f"{key}: cannot read {token_file}: {exc.strerror}") from exc
