"""A small Telegram Bot API server for end-to-end tests: real HTTP on 127.0.0.1, Telegram's rules.

The bot under test talks to it through ``TELEGRAM_API_BASE_URL`` exactly as it talks to Telegram. Tests
play the users: they add messages (private, group and supergroup chats, ``/cmd@botname`` and
``@mention`` entities, replies), press inline buttons, and read back everything the bot sent.

What it enforces, as Telegram does: the token in the path (401 otherwise); long-polling ``getUpdates``
with ``offset``/``limit``/``timeout`` (409 while a webhook is set); ``sendMessage`` with a known chat,
non-empty text of at most 4,096 characters after entity parsing, HTML ``parse_mode`` validated tag by
tag (400 ``can't parse entities`` on an unescaped ``<``, an unknown tag or unbalanced tags), replies to
existing messages; ``sendChatAction`` actions; ``setMyCommands`` names and descriptions;
``answerCallbackQuery`` ids, once each, notification text of at most 200 characters; inline buttons'
callback data of 1-64 bytes; ``editMessageText`` of the bot's own messages only, refused with "message is
not modified" when nothing changes (``editMessageReplyMarkup`` likewise); ``answerInlineQuery`` (known query answered once, at most 50 results
with unique ids, a title and valid message text each). A chat that blocked the bot answers 403 to whatever
the bot sends it. With a webhook set, updates are POSTed to it with the secret header. On demand a method
answers 429 with ``retry_after`` or a burst of 5xx (for every chat or one chat only), a message is
answered slowly, or delivered at once while its answer comes too late for the client.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
"""Bytes of callback data an inline button may carry."""
CALLBACK_ANSWER_LIMIT = 200
"""Characters of an answerCallbackQuery notification."""
FAULT_DESCRIPTIONS = {400: "Bad Request: injected fault", 500: "Internal Server Error", 502: "Bad Gateway"}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ATTR = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});")
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}")


class _HttpServer(ThreadingHTTPServer):
    """A thread per connection, and a listen backlog like a real server's: with Python's default of 5, a
    burst of new connections (a reply to each of 30 chats at once) overflowed it and the kernel reset some
    of them after the request had gone out, which no real Bot API server does."""

    request_queue_size = 1024
    daemon_threads = True


class ApiError(Exception):
    """A Bot API error answer: HTTP status and description."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's HTML parse mode: the plain text and its entities, or ApiError 400 as Telegram words it."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    length = 0
    i = 0
    while i < len(source):
        char = source[i]
        if char == "<":
            match = _TAG.match(source, i)
            offset = len(source[:i].encode())
            if match is None:
                raise ApiError(
                    400, f"Bad Request: can't parse entities: Unclosed start tag at byte offset {offset}"
                )
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in HTML_TAGS:
                kind = "end" if closing else "start"
                raise ApiError(
                    400,
                    f'Bad Request: can\'t parse entities: Unsupported {kind} tag "{name}" at byte offset {offset}',
                )
            if closing:
                if not stack or stack[-1][0] != name:
                    expected = f'"</{stack[-1][0]}>"' if stack else "nothing"
                    raise ApiError(
                        400,
                        "Bad Request: can't parse entities: Unmatched end tag at byte offset "
                        f'{offset}, expected {expected}, found "</{name}>"',
                    )
                tag, start, attrs = stack.pop()
                if length > start:
                    entity: dict[str, Any] = {
                        "type": HTML_TAGS[tag],
                        "offset": start,
                        "length": length - start,
                    }
                    if tag == "a":
                        entity["url"] = attrs.get("href", "")
                    entities.append(entity)
            else:
                attrs = {
                    m.group(1).lower(): next(g for g in (*m.groups()[1:], "") if g is not None)
                    for m in _ATTR.finditer(match.group(3))
                }
                if name == "a" and not attrs.get("href"):
                    raise ApiError(400, "Bad Request: can't parse entities: Can't find href attribute")
                stack.append((name, length, attrs))
            i = match.end()
            continue
        if char == "&":
            match = _ENTITY.match(source, i)
            if match:
                code = match.group(1)
                named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
                if code in named:
                    char = named[code]
                else:
                    char = chr(int(code[2:], 16) if code.startswith("#x") else int(code[1:]))
                i = match.end()
            else:
                i += 1
        else:
            i += 1
        out.append(char)
        length += utf16_len(char)
    if stack:
        raise ApiError(
            400,
            f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1][0]}\"",
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram trims surrounding whitespace from a message; entity offsets move with it."""
    lead = utf16_len(text) - utf16_len(text.lstrip())
    text = text.strip()
    total = utf16_len(text)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] - lead + entity["length"], total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return text, kept


def user_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's clients attach to a typed message: bot commands and @mentions."""
    entities = []
    for pattern, kind in ((_COMMAND, "bot_command"), (_MENTION, "mention")):
        for match in pattern.finditer(text):
            entities.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(entities, key=lambda e: e["offset"])


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = f"User{self.id}"
        else:
            data["title"] = self.title or f"Group {self.id}"
        return data


@dataclass
class Sent:
    """One message the bot sent, as the reader sees it."""

    chat_id: int
    message_id: int
    html: str
    text: str
    entities: list[dict[str, Any]]
    reply_to: int | None
    reply_markup: dict[str, Any] | None
    at: float

    @classmethod
    def of(cls, message: dict[str, Any], html: str) -> Sent:
        """A message of the bot as its chat holds it now (just sent, or just edited)."""
        reply = message.get("reply_to_message")
        return cls(
            message["chat"]["id"],
            message["message_id"],
            html,
            message["text"],
            message.get("entities", []),
            reply["message_id"] if reply else None,
            message.get("reply_markup"),
            time.monotonic(),
        )


@dataclass
class Fault:
    status: int
    retry_after: int | None = None
    chat_id: int | None = None
    description: str | None = None


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    at: float
    error: str | None = None


@dataclass
class _State:
    updates: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 1
    chats: dict[int, Chat] = field(default_factory=dict)
    history: dict[int, dict[int, dict[str, Any]]] = field(default_factory=dict)
    next_message_id: dict[int, int] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    commands: list[dict[str, str]] = field(default_factory=list)
    webhook_url: str = ""
    webhook_secret: str | None = None
    callback_queries: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    edits: list[Sent] = field(default_factory=list)
    webhook_statuses: list[int] = field(default_factory=list)
    slow_chats: dict[int, float] = field(default_factory=dict)
    late_chats: dict[int, float] = field(default_factory=dict)
    inline_queries: dict[str, list[dict[str, Any]] | None] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    markup_edits: list[tuple[int, int, dict[str, Any] | None]] = field(default_factory=list)
    profiles: dict[int, dict[str, str]] = field(default_factory=dict)


class BotApiServer:
    """The server, its recorded traffic, and the users' side of the conversation."""

    def __init__(self, token: str, username: str = "newsbot_test_bot", bot_id: int = 7_000_001) -> None:
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "News Bot", "username": username}
        self.username = username
        self.state = _State()
        self.cond = threading.Condition()
        self._httpd = _HttpServer(("127.0.0.1", 0), self._handler_class())
        self._threads: list[threading.Thread] = []
        self._stopping = False

    # --- lifecycle ---------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL (python-telegram-bot appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> BotApiServer:
        for target in (self._httpd.serve_forever, self._deliver_webhooks):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        with self.cond:
            self._stopping = True
            self.cond.notify_all()
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- the users' side ----------------------------------------------------------------------------

    def profile(self, user_id: int, **names: str) -> None:
        """What the user's updates say of them besides the id (username, first_name, last_name)."""
        with self.cond:
            self.state.profiles[user_id] = names

    def _user(self, user_id: int) -> dict[str, Any]:
        names = self.state.profiles.get(user_id, {})
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", **names}

    def private(self, user_id: int) -> Chat:
        return self._chat(Chat(user_id, "private"))

    def group(self, chat_id: int, supergroup: bool = False) -> Chat:
        return self._chat(Chat(chat_id, "supergroup" if supergroup else "group"))

    def _chat(self, chat: Chat) -> Chat:
        with self.cond:
            self.state.chats[chat.id] = chat
            self.state.history.setdefault(chat.id, {})
        return chat

    def say(
        self, chat: Chat, text: str, user_id: int | None = None, reply_to: int | None = None
    ) -> dict[str, Any]:
        """A user sends ``text`` in ``chat`` (optionally replying to a message); returns the message."""
        user_id = user_id if user_id is not None else chat.id
        with self.cond:
            message = self._new_message(chat, self._user(user_id), text=text)
            entities = user_entities(text)
            if entities:
                message["entities"] = entities
            if reply_to is not None:
                message["reply_to_message"] = self.state.history[chat.id][reply_to]
            self._add_update({"message": message})
        return message

    def sticker(self, chat: Chat, user_id: int | None = None) -> dict[str, Any]:
        """A user sends a sticker (no text)."""
        user_id = user_id if user_id is not None else chat.id
        with self.cond:
            sticker = {
                "file_id": "sticker1",
                "file_unique_id": "s1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
            message = self._new_message(chat, self._user(user_id), sticker=sticker)
            self._add_update({"message": message})
        return message

    def earlier_bot_message(self, chat: Chat, text: str, buttons: list[str]) -> dict[str, Any]:
        """A message the bot sent before this run (say, before the chat left the allow-list), with one
        button for each callback data; the users can still press them."""
        with self.cond:
            keyboard = [[{"text": data, "callback_data": data}] for data in buttons]
            message = self._new_message(
                chat, self.bot_user, text=text, reply_markup={"inline_keyboard": keyboard}
            )
            message["date"] -= 86_400
        return message

    def press(self, chat: Chat, message_id: int, data: str, user_id: int | None = None) -> str:
        """A user presses an inline button under one of the bot's messages; returns the query id."""
        user_id = user_id if user_id is not None else chat.id
        with self.cond:
            keyboard = (
                self.state.history[chat.id][message_id].get("reply_markup", {}).get("inline_keyboard", [])
            )
            if data not in [b.get("callback_data") for row in keyboard for b in row]:
                raise ValueError(f"message {message_id} has no button with data {data!r}")
            query_id = f"q{len(self.state.callback_queries) + 1}"
            self.state.callback_queries[query_id] = None
            self._add_update(
                {
                    "callback_query": {
                        "id": query_id,
                        "from": self._user(user_id),
                        "chat_instance": str(chat.id),
                        "message": self.state.history[chat.id][message_id],
                        "data": data,
                    }
                }
            )
        return query_id

    def inline(self, user_id: int, query: str) -> str:
        """A user types ``@bot query`` in some chat; returns the inline query id."""
        with self.cond:
            query_id = f"i{len(self.state.inline_queries) + 1}"
            self.state.inline_queries[query_id] = None
            self._add_update(
                {
                    "inline_query": {
                        "id": query_id,
                        "from": self._user(user_id),
                        "query": query,
                        "offset": "",
                        "chat_type": "sender",
                    }
                }
            )
        return query_id

    def inline_results(self, query_id: str, timeout: float = 15.0) -> list[dict[str, Any]] | None:
        """The results the bot answered an inline query with (None when it did not answer in time)."""
        self.wait(lambda: self.state.inline_queries.get(query_id) is not None, timeout)
        with self.cond:
            return self.state.inline_queries.get(query_id)

    def block(self, chat_id: int) -> None:
        """The user of a private chat blocks the bot: whatever the bot sends there gets 403."""
        with self.cond:
            self.state.blocked.add(chat_id)

    def fail(
        self,
        method: str,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        chat_id: int | None = None,
        description: str | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` ("*" for any) answer ``status`` (429 with retry_after);
        with ``chat_id``, only calls for that chat; with ``description``, that error text."""
        with self.cond:
            queue = self.state.faults.setdefault(method, deque())
            queue.extend(Fault(status, retry_after, chat_id, description) for _ in range(times))

    def slow(self, chat_id: int, seconds: float) -> None:
        """The next sendMessage to ``chat_id`` takes ``seconds`` before it is answered."""
        with self.cond:
            self.state.slow_chats[chat_id] = seconds

    def late(self, chat_id: int, seconds: float) -> None:
        """The next sendMessage to ``chat_id`` is delivered at once, but answered only after ``seconds``
        (as when Telegram's answer is lost or slow: the client times out on a message already sent)."""
        with self.cond:
            self.state.late_chats[chat_id] = seconds

    # --- reading back -------------------------------------------------------------------------------

    def sent(self, chat_id: int | None = None) -> list[Sent]:
        with self.cond:
            return [s for s in self.state.sent if chat_id is None or s.chat_id == chat_id]

    def edits(self, chat_id: int | None = None) -> list[Sent]:
        """Every editMessageText that succeeded, in order."""
        with self.cond:
            return [e for e in self.state.edits if chat_id is None or e.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message as the chat shows it now (after any edits)."""
        with self.cond:
            return json.loads(json.dumps(self.state.history[chat_id][message_id]))

    def answered(self, query_id: str) -> dict[str, Any] | None:
        """How a callback query was answered (None while it is not)."""
        with self.cond:
            return self.state.callback_queries.get(query_id)

    def calls(self, method: str | None = None) -> list[Call]:
        with self.cond:
            return [c for c in self.state.calls if method is None or c.method == method]

    def wait(self, predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
        """Wait until ``predicate()`` holds (checked whenever the bot calls the server)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(min(left, 0.2))
        return True

    def wait_sent(self, chat_id: int, count: int, timeout: float = 15.0) -> list[Sent]:
        """The bot's messages in one chat once there are at least ``count`` (fewer after the timeout)."""
        self.wait(lambda: len([s for s in self.state.sent if s.chat_id == chat_id]) >= count, timeout)
        return self.sent(chat_id)

    def ask(self, chat_id: int, text: str, replies: int = 1) -> list[Sent]:
        """A user in their private chat sends ``text``; the bot's next ``replies`` messages there."""
        before = len(self.sent(chat_id))
        self.say(self.private(chat_id), text)
        return self.wait_sent(chat_id, before + replies)[before:]

    def pending_updates(self) -> int:
        with self.cond:
            return len(self.state.updates)

    # --- internals ----------------------------------------------------------------------------------

    def _new_message(self, chat: Chat, sender: dict[str, Any], **content: Any) -> dict[str, Any]:
        """A new message of ``sender`` in ``chat``, numbered and kept in the chat's history (lock held)."""
        number = self.state.next_message_id.get(chat.id, 1)
        self.state.next_message_id[chat.id] = number + 1
        message = {"message_id": number, "from": sender, "chat": chat.as_json(), "date": int(time.time())}
        message.update(content)
        self.state.history[chat.id][number] = message
        return message

    def _bot_message(self, params: dict[str, Any]) -> tuple[Chat, dict[str, Any]]:
        """The bot's own message an edit names, as Telegram finds it (lock held); 400 otherwise."""
        chat = self._known_chat(params)
        message = self.state.history[chat.id].get(int(params.get("message_id") or 0))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat, message

    def _add_update(self, body: dict[str, Any]) -> None:
        self.state.updates.append({"update_id": self.state.next_update_id, **body})
        self.state.next_update_id += 1
        self.cond.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: the tests read the recorded calls instead."""

            def do_GET(self) -> None:  # noqa: N802
                self._serve()

            def do_POST(self) -> None:  # noqa: N802
                self._serve()

            def _serve(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = server.handle(
                    url.path, url.query, self.headers.get("Content-Type", ""), body
                )
                data = json.dumps(payload, ensure_ascii=False).encode()
                with contextlib.suppress(ConnectionError):  # the bot hung up (it is stopping)
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

        return Handler

    def handle(self, path: str, query: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        """One Bot API request: (HTTP status, JSON answer)."""
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", path)
        if match is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if match.group(1) != self.token:
            with self.cond:
                self.state.calls.append(Call(match.group(2), {}, 401, time.monotonic(), "Unauthorized"))
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = match.group(2)
        params = _params(query, content_type, body)
        with self.cond:
            fault = self._take_fault(method, params)
        try:
            if fault is not None:
                if fault.status == 429:
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {fault.retry_after}",
                        {"retry_after": fault.retry_after},
                    )
                described = fault.description or FAULT_DESCRIPTIONS.get(fault.status, "Internal Server Error")
                raise ApiError(fault.status, described)
            handler = getattr(self, "_api_" + method.lower(), None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = handler(params)
            status, answer = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status = exc.status
            answer = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                answer["parameters"] = exc.parameters
        with self.cond:
            error = None if status == 200 else answer["description"]
            self.state.calls.append(Call(method, params, status, time.monotonic(), error))
            self.cond.notify_all()
        return status, answer

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        chat = str(params.get("chat_id", ""))
        for key in (method, "*"):
            for fault in self.state.faults.get(key, ()):
                if fault.chat_id is None or str(fault.chat_id) == chat:
                    self.state.faults[key].remove(fault)
                    return fault
        return None

    def _known_chat(self, params: dict[str, Any]) -> Chat:
        try:
            chat_id = int(params.get("chat_id", ""))
        except ValueError:
            raise ApiError(400, "Bad Request: chat not found") from None
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self.state.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    # --- methods ------------------------------------------------------------------------------------

    def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False}

    def _api_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.cond:
            chat = self.state.chats.get(int(params.get("chat_id") or 0))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return {**chat.as_json(), "accent_color_id": 0, "max_reaction_count": 11}

    def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = max(1, min(int(params.get("limit") or 100), 100))
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self.cond:
            if self.state.webhook_url:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
                )
            if offset:
                self.state.updates = [u for u in self.state.updates if u["update_id"] >= offset]
            while not self.state.updates and not self._stopping:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            return list(self.state.updates[:limit])

    def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        with self.cond:
            self.state.webhook_url, self.state.webhook_secret = "", None
            if _flag(params.get("drop_pending_updates")):
                self.state.updates.clear()
        return True

    def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if url and not url.startswith(("http://127.0.0.1:", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        with self.cond:
            self.state.webhook_url, self.state.webhook_secret = url, secret
            if _flag(params.get("drop_pending_updates")):
                self.state.updates.clear()
            self.cond.notify_all()
        return True

    def _api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.cond:
            return {
                "url": self.state.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self.state.updates),
            }

    def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = _json(params.get("commands"))
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100 BotCommand")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description is empty or too long")
        with self.cond:
            self.state.commands = commands
        return True

    def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        with self.cond:
            return list(self.state.commands)

    def _api_sendchataction(self, params: dict[str, Any]) -> bool:
        with self.cond:
            self._known_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        with self.cond:
            if (
                query_id not in self.state.callback_queries
                or self.state.callback_queries[query_id] is not None
            ):
                raise ApiError(
                    400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
                )
            if len(str(params.get("text") or "")) > CALLBACK_ANSWER_LIMIT:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            self.state.callback_queries[query_id] = {"text": params.get("text")}
            self.cond.notify_all()
        return True

    def _api_answerinlinequery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        results = _json(params.get("results"))
        if not isinstance(results, list) or len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results]
        if len(set(ids)) != len(ids) or not all(1 <= len(i.encode()) <= 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            content = result.get("input_message_content") or {}
            if result.get("type") != "article" or not str(result.get("title") or "").strip():
                raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            raw = str(content.get("message_text") or "")
            text = parse_html(raw)[0] if str(content.get("parse_mode") or "").lower() == "html" else raw
            if not text.strip() or utf16_len(text.strip()) > MESSAGE_LIMIT:
                raise ApiError(400, "Bad Request: MESSAGE_EMPTY or MESSAGE_TOO_LONG")
        with self.cond:
            if query_id not in self.state.inline_queries or self.state.inline_queries[query_id] is not None:
                raise ApiError(
                    400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
                )
            self.state.inline_queries[query_id] = results
        return True

    def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        """Telegram's rules: a message of this chat sent by the bot, new text within the limits, and
        something changed (else 400 "message is not modified")."""
        raw, text, entities = _message_text(params)
        markup = _inline_markup(params)
        with self.cond:
            chat, message = self._bot_message(params)
            if (message["text"], message.get("entities", []), message.get("reply_markup")) == (
                text,
                entities,
                markup,
            ):
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message",
                )
            message.update(text=text, edit_date=int(time.time()))
            for key, value in (("entities", entities), ("reply_markup", markup)):
                if value:
                    message[key] = value
                else:
                    message.pop(key, None)
            self.state.edits.append(Sent.of(message, raw))
            self.cond.notify_all()
        return message

    def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        """Telegram's rules: a message of this chat sent by the bot, and a markup that changes it."""
        markup = _inline_markup(params)
        with self.cond:
            chat, message = self._bot_message(params)
            if message.get("reply_markup") == markup:
                raise ApiError(400, "Bad Request: message is not modified")
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            message["edit_date"] = int(time.time())
            self.state.markup_edits.append((chat.id, message["message_id"], markup))
            self.cond.notify_all()
        return message

    def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.cond:
            delay = self.state.slow_chats.pop(int(params.get("chat_id") or 0), 0.0)
        time.sleep(delay)
        raw, text, entities = _message_text(params)
        markup = _inline_markup(params)
        reply = _json(params.get("reply_parameters")) or {}
        if params.get("reply_to_message_id"):
            reply = {"message_id": int(params["reply_to_message_id"])}
        with self.cond:
            chat = self._known_chat(params)
            history = self.state.history[chat.id]
            reply_to = reply.get("message_id")
            if reply_to is not None and reply_to not in history:
                if not reply.get("allow_sending_without_reply"):
                    raise ApiError(400, "Bad Request: message to be replied not found")
                reply_to = None
            message = self._new_message(chat, self.bot_user, text=text)
            if entities:
                message["entities"] = entities
            if reply_to is not None:
                message["reply_to_message"] = history[reply_to]
            if markup:
                message["reply_markup"] = markup
            self.state.sent.append(Sent.of(message, raw))
            self.cond.notify_all()
            late = self.state.late_chats.pop(chat.id, 0.0)
        time.sleep(late)
        return message

    # --- webhook delivery -----------------------------------------------------------------------------

    def _deliver_webhooks(self) -> None:
        """Telegram's side of a webhook: POST each update, in order, until the bot answers 2xx."""
        while True:
            with self.cond:
                while not (self._stopping or (self.state.webhook_url and self.state.updates)):
                    self.cond.wait(0.5)
                if self._stopping:
                    return
                url, secret, update = self.state.webhook_url, self.state.webhook_secret, self.state.updates[0]
            request = urllib.request.Request(url, data=json.dumps(update).encode(), method="POST")
            request.add_header("Content-Type", "application/json")
            if secret:
                request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                status = 0
            with self.cond:
                self.state.webhook_statuses.append(status)
                if 200 <= status < 300 and self.state.updates and self.state.updates[0] is update:
                    self.state.updates.pop(0)
                self.cond.notify_all()
            if not 200 <= status < 300:
                time.sleep(0.2)


def _message_text(params: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]]:
    """A message's text as sent, as the reader sees it, and its entities; 400 as Telegram words it."""
    raw = str(params.get("text") or "")
    mode = str(params.get("parse_mode") or "")
    if mode.lower() == "html":
        text, entities = parse_html(raw)
    elif mode:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {mode}")
    else:
        text, entities = raw, []
    text, entities = _strip(text, entities)
    if not text:
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(text) > MESSAGE_LIMIT:
        raise ApiError(400, "Bad Request: message is too long")
    return raw, text, entities


def _inline_markup(params: dict[str, Any]) -> Any:
    """The reply markup; an inline keyboard's buttons need a text and 1-64 bytes of callback data."""
    markup = _json(params.get("reply_markup"))
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        for row in markup["inline_keyboard"]:
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def _flag(value: Any) -> bool:
    return value in (True, "true", "True", "1", 1)


def _params(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    """Request parameters from the query string and a form, JSON or multipart body."""
    params: dict[str, Any] = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    if not body:
        return params
    if content_type.startswith("application/json"):
        params.update(json.loads(body))
    elif content_type.startswith("application/x-www-form-urlencoded"):
        params.update(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
    elif content_type.startswith("multipart/form-data"):
        boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
        for part in body.split(b"--" + boundary):
            head, _, value = part.partition(b"\r\n\r\n")
            name = re.search(rb'name="([^"]+)"', head)
            if name:
                params[name.group(1).decode()] = value.rstrip(b"\r\n").decode()
    return params
