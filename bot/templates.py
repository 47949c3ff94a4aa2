"""Reply templates, defined once: every template with its default wording and the ``{placeholders}`` it
may use, checked whenever a config is loaded or a template assigned (``bot.config`` loads them from
``config.yaml``'s ``templates:``, which holds only what an operator changes). Imports nothing from the bot.
"""

from __future__ import annotations

import string
from collections.abc import Collection
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


class Section(BaseModel):
    """Base of every config section: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def template(default: str, *placeholders: str) -> Any:
    """A reply template: its default wording and the ``{placeholders}`` it may use."""
    return Field(default, json_schema_extra={"placeholders": list(placeholders)})


def plain(default: str) -> Any:
    """A fixed text shown as written (never formatted: braces in it are just characters)."""
    return Field(default, json_schema_extra={"plain": True})


def template_problem(text: str, allowed: Collection[str]) -> str | None:
    """Why ``text`` is not a template that may use ``allowed`` (None when it is)."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as exc:
        return f"{exc} (write {{{{ and }}}} for literal braces)"
    may_use = ", ".join(f"{{{name}}}" for name in allowed) or "none"
    for field in fields:
        if field not in allowed:
            return f"unknown placeholder {{{field}}} (may use {may_use})"
    try:
        text.format(**dict.fromkeys(allowed, 1))
    except (ValueError, TypeError) as exc:
        return f"cannot be filled in: {exc}"
    return None


class Templated(Section):
    """A section of texts declared with ``template`` or ``plain``: each template is checked when it is
    loaded or assigned, so a misspelt placeholder stops the start instead of crashing a reply."""

    @field_validator("*", mode="after")
    @classmethod
    def _check_placeholders(cls, value: Any, info: ValidationInfo) -> Any:
        extra = cls.model_fields[info.field_name or ""].json_schema_extra
        if isinstance(value, str) and isinstance(extra, dict) and "placeholders" in extra:
            allowed = extra["placeholders"]
            assert isinstance(allowed, list)
            problem = template_problem(value, [str(name) for name in allowed])
            if problem:
                raise ValueError(problem)
        return value


class RoleLabels(Section):
    """How /who and /summary name each role a person played in an event."""

    presided: str = "主持"
    officiated: str = "主礼"
    spoke: str = "出席并讲话"
    deployed: str = "作具体部署"
    attended: str = "出席"
    reported: str = "汇报"
    reporter: str = "记者"
    elected: str = "当选"
    appointed: str = "任命"
    removed: str = "免职"


class TemplatesConfig(Templated):
    """Every reply's wording, defined once here: ``config.yaml`` overrides only what it changes."""

    answer: str = template("{answer}", "answer")  # the quoted sentence when there is no short answer
    # The answer phrase first (a name, date, place, number, items), then the sentence that holds it.
    short_answer: str = template("{short}", "short")
    evidence: str = template("{evidence}", "evidence")
    # A yes/no question, only when the sentence says so.
    answer_yes: str = plain("是。")
    answer_no: str = plain("否。")
    # After not-found: same topic, not the answer.
    related: str = template("相关报道：《{title}》（其中没有这个问题的答案）", "title")
    # Questions about the report itself.
    report_photographers: str = template("摄影：{photographers}", "photographers")
    report_reporters: str = template("记者：{reporters}", "reporters")
    report_authors: str = template("作者：{reporters}", "reporters")
    report_date: str = template("日期：{date}", "publication", "date")  # the paper's date
    # Only the date of the event is known (a page without a date): said as such, never as the paper's.
    report_event_date: str = template("报道所述日期：{date}（报纸日期不详）", "publication", "date")
    report_page: str = template("版面：{page}", "publication", "page")
    report_headline: str = template("标题：《{title}》", "title")
    # A question about articles (…谈的是什么, …有什么消息, 某某出席了什么活动): the matching articles,
    # newest first, each a line of date and headline, then one line of it; buttons open each one.
    about_heading: str = template("找到 {count} 篇相关报道（新的在前）：", "count")
    about_item: str = template("{number}. {date}《{title}》", "number", "date", "title")
    about_more: str = template("另有 {count} 篇较早或只是提到的报道；问得更具体些可以缩小范围。", "count")
    # {date}: the paper's date; where only the event's date is known, ``source_event_date`` of it.
    source: str = template("——《{title}》{date}{reporters}", "title", "date", "reporters", "publication")
    source_event_date: str = template("（事件日期：{date}）", "date")
    not_found: str = template(
        ("抱歉，本报新闻里没有找到与“{question}”相关的内容。可以换个说法，或发送 /summary 看看今天的新闻。"),
        "question",
    )
    empty: str = template("请直接输入您想了解的问题，例如：{example}", "example")
    start: str = template(
        "您好！我是新闻问答机器人，可以回答关于本报新闻的问题。\n例如：{example}\n/summary 看新闻摘要，/who 姓名 查人物，/help 查看帮助。",
        "example",
    )
    help: str = template(
        (
            "直接发送问题即可，例如：{example}\n"
            "/summary —— 最新一天的新闻（按版面）；/summary 昨天 或 /summary 1月15日 —— 那一天的新闻；"
            "/summary 关键词 或 /summary 序号 —— 单篇摘要\n"
            "/who 姓名 —— 人物及其出席的会议；/who 会议关键词 —— 会议的出席人员\n"
            "/articles —— 新闻标题列表（/articles 昨天：那一天的）\n"
            "问题里也可以带日期，例如：昨天政协开了什么会？"
        ),
        "example",
    )
    example: str = plain("郑州市委书记是谁？")
    unknown_command: str = template("不认识的命令 {command}。发送 /help 查看可用的命令。", "command")
    too_long_note: str = template("（问题较长，只读取了前 {limit} 个字。）", "limit")
    no_news: str = plain("现在还没有新闻。")  # /who and /summary over an empty corpus
    # How /who and /summary show an article's date after its headline, and name each role.
    date: str = template("（{date}）", "date")
    roles: RoleLabels = RoleLabels()
    # /who alone: the meetings, how many people each names, and how to ask.
    who_overview: str = plain("本报新闻里的会议和人物：")
    who_overview_item: str = template(
        "{number}. {headline}{date}：点名 {count} 人", "number", "headline", "date", "count"
    )
    who_howto: str = template(
        "发送 /who 姓名（如 /who {name}）查看人物的职务和参加的会议；/who 会议关键词（如 /who {keyword}）查看会议的出席人员。",
        "name",
        "keyword",
    )
    # /who 姓名: the person's titles, then one line per meeting.
    who_person: str = template("{name}：{titles}", "name", "titles")
    who_person_item: str = template("《{headline}》{date}：{role}", "headline", "date", "role")
    # /who 会议关键词: the meeting, its people by role, then the bodies that spoke.
    who_meeting: str = template("《{headline}》{date}", "headline", "date")
    who_meeting_role: str = template("{role}：{people}", "role", "people")
    who_speakers: str = template("发言单位：{bodies}", "bodies")
    who_nobody: str = plain("这篇报道没有点名与会人员。")
    who_not_found: str = template(
        ("本报新闻里没有找到“{query}”：它不是报道点名的人物，也不在会议标题里。发送 /who 查看会议列表。"),
        "query",
    )
    who_suggest: str = template("您要找的是不是：{names}？", "names")
    # Ends a /who reply too long for one message.
    who_more: str = template("……另有 {count} 项未列出，请把关键词说得更具体些。", "count")
    # /summary 关键词 or /summary N: one article.
    summary_article: str = template("《{headline}》{date}", "headline", "date")
    summary_who: str = template("人物：{people}", "people")
    summary_when: str = template("时间：{when}", "when")
    summary_where: str = template("地点：{where}", "where")
    summary_decided: str = template("决定：{decided}", "decided")
    summary_points: str = plain("要点：")
    summary_related: str = template("相关报道：{items}", "items")
    summary_bad_number: str = template(
        "共有 {count} 篇新闻，请发送 /summary 1 到 /summary {count} 之间的序号。", "count"
    )
    summary_not_found: str = template(
        "没有找到与“{query}”相关的新闻。发送 /articles 查看标题，再发送 /summary 序号。", "query"
    )
    # Time in questions (昨天, 1月15日, 上周 …: relative to the newest page date): the period used, and
    # which day answered when several days hold an answer and the question names none.
    dates_used: str = template("日期：{dates}", "dates")
    dated_not_found: str = template("{dates}的新闻里没有找到与“{question}”相关的内容。", "dates", "question")
    dated_undated: str = template("{dates}的新闻里没有找到；以下来自一篇未注明日期的报道。", "dates")
    dated_elsewhere: str = plain("其他日期的新闻里有相关内容：去掉日期再问一次即可。")
    newest_day: str = template("（以上据 {day} 的报道；{others} 也有相关报道。）", "day", "others")
    # A day at a glance: /summary with no argument or a day (昨天, 1月15日, 2024-01-15), its buttons (each
    # stands for a command: the console lists them), and /articles with a day.
    digest_heading: str = template("{day} {publication}（共 {count} 篇）", "day", "publication", "count")
    digest_undated: str = plain("未注明日期的新闻")
    digest_page: str = template("【{page}】", "page")  # {page}: 第4版 要闻 where the page header gives them
    # A page without a number: its place in the day's paper.
    digest_unnumbered_page: str = template("版面 {position}", "position")
    digest_more: str = template("本版还有 {count} 篇：点下方按钮接着看。", "count")
    digest_howto: str = template("点数字看单篇摘要，或发送 /summary {day} 序号。", "day")
    digest_no_page: str = template("这一天的报纸没有第 {page} 版。有的版面：{pages}。", "page", "pages")
    digest_bad_number: str = template(
        "这一天共有 {count} 篇新闻，请发送 /summary {day} 1 到 {count} 之间的序号。", "count", "day"
    )
    digest_no_day: str = template("{day}没有新闻。有新闻的日期：{days}。", "day", "days")
    digest_no_such_day: str = template("没有{day}的报纸。有新闻的日期：{days}。", "day", "days")
    digest_pages_only: str = template("这天的报纸只有{count}版。有的版面：{pages}。", "count", "pages")
    digest_no_dates: str = plain("现有的新闻都没有注明日期：发送 /summary 查看全部。")
    digest_continued: str = template("{page}（续）", "page")
    digest_continuation: str = template("{title}（上接第{page}版）", "title", "page")
    digest_back_button: str = plain("◀ 返回版面")
    digest_previous_button: str = plain("上一篇")
    digest_next_button: str = plain("下一篇 ▶")
    articles_heading: str = template("{day} 的新闻标题（共 {count} 篇）：", "day", "count")
