"""The editors' page in a real browser (Debian's Chromium driven by Selenium), over what readers asked
the real bot: log in with the token, find a question in "not answered", open the article from "marked
wrong", download the CSV, and a phone-wide overview. Run with ``NEWSBOT_SCREENSHOT=1`` it also makes the
README's screenshot of the overview (docs/img/web-overview.png) from invented questions; otherwise the
screenshot goes to the test's own folder and a test run leaves the tree as it was. Skipped, saying why,
without Chromium."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from botapi_server import BotApiServer
from conftest import REPO, TG_TOKEN, BotProcess, free_port, write_config
from test_web import TOKEN, WebProcess, start_web, stop_web

from bot.state.question_log import LogEntry, new_entry_id
from bot.state.question_log_sqlite import SqliteQuestionLog

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

READER = 8101
UNANSWERED = "火星基地什么时候建成？"
ANSWERED = "郑州市委书记是谁？"
SCREENSHOT = REPO / "docs" / "img" / "web-overview.png"
SCREENSHOT_WANTED = "NEWSBOT_SCREENSHOT"
INVENTED = [
    "地铁6号线什么时候通车？",
    "明天限行尾号是多少？",
    "新图书馆几点开门？",
    "今年中考什么时候报名？",
    "哪里可以打流感疫苗？",
]


def chromium() -> Any:
    """A headless Chromium under Selenium, or a skip saying what is missing."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[dev]')")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(argument)
    return webdriver, Service(driver), options


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    webdriver, service, options = chromium()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception as exc:  # a browser that cannot start here is a skip, not a failure
        pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
    driver.downloads = downloads
    driver.implicitly_wait(15)  # an element looked for may come with the next page (a busy machine)
    yield driver
    driver.quit()


def invent_weeks_of_questions(state: Path) -> None:
    """Two weeks of invented questions, so the overview's chart has something to show."""
    rng = random.Random(20)
    now = time.time()
    entries = []
    for day in range(14, 0, -1):
        for _ in range(rng.randint(15, 45)):
            question = rng.choice(INVENTED)
            found = rng.random() < 0.6
            entries.append(
                LogEntry(
                    id=new_entry_id(),
                    at=now - day * 86_400 + rng.uniform(-3600, 3600),
                    question=question,
                    kind="when",
                    found=found,
                    reader=f"{rng.randint(1, 30):016x}",
                    topic=question.rstrip("？"),
                )
            )
    log = SqliteQuestionLog(state)
    log.add(entries)
    log.close()


@pytest.fixture
def site(tmp_path: Path, tg_corpus: Path) -> Iterator[tuple[BotApiServer, WebProcess]]:
    """The bot and the page over one state folder."""
    server = BotApiServer(TG_TOKEN).start()
    config = write_config(tmp_path, tg_corpus, {})
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["web"] = {"port": free_port()}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    invent_weeks_of_questions(tmp_path / "state")
    bot = BotProcess.start(server, config)
    web = start_web(config)
    yield server, web
    stop_web(web)
    bot.stop()
    server.stop()


def test_log_in_find_the_unanswered_question_open_the_wrong_answers_article_and_download_the_csv(
    site: tuple[BotApiServer, WebProcess], browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    server, web = site
    server.ask(READER, UNANSWERED)[0]
    answer = server.ask(READER, ANSWERED)[0]
    down = next(b for row in answer.reply_markup["inline_keyboard"] for b in row if b["text"] == "👎")  # type: ignore[index]
    query = server.press(server.private(READER), answer.message_id, down["callback_data"])
    assert server.wait(lambda: server.answered(query) is not None)
    time.sleep(1)  # the log is written off the bot's event loop

    browser.get(web.url + "/unanswered")
    assert browser.find_elements(By.ID, "token"), "no login form"
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.ID, "login").click()
    table = browser.find_element(By.ID, "unanswered")
    assert UNANSWERED in table.text

    browser.find_element(By.LINK_TEXT, "读者标错").click()
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#wrong tr") if ANSWERED in r.text)
    link = row.find_element(By.CSS_SELECTOR, "a[href^='/article/']")
    headline = link.text
    link.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == headline
    assert ANSWERED in browser.find_element(By.TAG_NAME, "table").text  # the question asked of it

    browser.get(web.url + "/unanswered")
    browser.find_element(By.LINK_TEXT, "下载 CSV").click()
    csv_file = browser.downloads / "newsbot-unanswered.csv"
    deadline = time.monotonic() + 15
    while not csv_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert UNANSWERED in csv_file.read_text(encoding="utf-8-sig")

    browser.get(web.url + "/")
    screenshot = SCREENSHOT if os.environ.get(SCREENSHOT_WANTED) else tmp_path / SCREENSHOT.name
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 0
    browser.set_window_size(390, 844)  # a phone: nothing wider than the screen but the tables' own scroll
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
