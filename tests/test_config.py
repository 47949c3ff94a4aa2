"""Configuration: every bad key stops the program with one line naming it; the token is never printed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import (
    ConfigError,
    Settings,
    TelegramTextsConfig,
    TemplatesConfig,
    load_settings,
    telegram_token,
)
from bot.doors.cli import main

ROOT = Path(__file__).resolve().parent.parent
SECRET = "123456:SECRET-token-value"


def write(tmp_path: Path, text: str) -> Path:
    """A config file in ``tmp_path``, beside an (empty) corpus folder of its own."""
    (tmp_path / "corpus").mkdir(exist_ok=True)
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_is_valid_and_matches_the_defaults() -> None:
    settings = load_settings(ROOT / "config.yaml")
    assert settings.paths.corpus == ROOT / "corpus"
    assert settings.ingest.publication == Settings().ingest.publication
    assert settings.retrieval.k1 == Settings().retrieval.k1


@pytest.mark.parametrize(
    ("text", "key", "what"),
    [
        ("retrieval:\n  k2: 1.0\n", "retrieval.k2", "Extra inputs are not permitted"),
        ("ingest:\n  publisher: 某报\n", "ingest.publisher", "Extra inputs are not permitted"),
        ("retrieval:\n  top_k: many\n", "retrieval.top_k", "valid integer"),
        ("ingest:\n  publication: [a, b]\n", "ingest.publication", "valid string"),
        ("retrieval:\n  b: 1.5\n", "retrieval.b", "less than or equal to 1"),
        ("telegram:\n  webhook:\n    port: 70000\n", "telegram.webhook.port", "less than or equal to 65535"),
        ("retrieval:\n  algorithm: bm26\n", "retrieval.algorithm", "'okapi' or 'plus'"),
        ("ingest:\n  sidecar_suffix: ''\n", "ingest.sidecar_suffix", "should match pattern"),
        ("ingest:\n  publication: ''\n", "ingest.publication", "at least 1 character"),
    ],
)
def test_bad_value_names_the_key_in_one_line(tmp_path: Path, text: str, key: str, what: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message
    assert f": {key}: " in message and what in message


def test_config_check_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "retrieval:\n  k1: -1\n")
    assert main(["config", "--check", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("config error: ") and "retrieval.k1: Input should be greater than 0" in err


def test_missing_or_unreadable_config_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--check", "--config", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"config error: {tmp_path / 'nope.yaml'}: no such config file\n"
    path = write(tmp_path, "retrieval: [1, 2\n")
    assert main(["config", "--check", "--config", str(path)]) == 2
    assert "not valid YAML" in capsys.readouterr().err
    path = write(tmp_path, "- just\n- a list\n")
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_settings(path)


def test_relative_paths_are_taken_from_the_config_folder(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "paths:\n  corpus: data/corpus\ntelegram:\n  token_file: tok\n"))
    assert settings.paths.corpus == tmp_path / "data" / "corpus"
    assert settings.telegram.token_file == tmp_path / "tok"


def test_config_check_never_prints_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    token_file = tmp_path / "token.txt"
    token_file.write_text(SECRET + "\n", encoding="utf-8")
    path = write(tmp_path, f"telegram:\n  token_file: {token_file}\n")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert telegram_token(load_settings(path)) == SECRET
    assert main(["config", "--check", "--config", str(path)]) == 0
    out, err = capsys.readouterr()
    assert '"token": "(set)"' in out and "config OK" in err
    assert SECRET not in out + err

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "987:ENV-secret")
    assert main(["config", "--check", "--config", str(write(tmp_path, ""))]) == 0
    out, err = capsys.readouterr()
    assert '"token": "(set)"' in out and "ENV-secret" not in out + err


def test_unreadable_token_file_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    settings = load_settings(write(tmp_path, "telegram:\n  token_file: missing-token\n"))
    with pytest.raises(ConfigError, match=r"^telegram\.token_file: cannot read"):
        telegram_token(settings)


def test_config_check_never_prints_the_webhook_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "telegram:\n  webhook:\n    secret_token: hook-SECRET_42\n")
    assert load_settings(path).telegram.webhook.secret_token == "hook-SECRET_42"
    assert main(["config", "--check", "--config", str(path)]) == 0
    out, err = capsys.readouterr()
    assert '"secret_token": "(set)"' in out
    assert "hook-SECRET_42" not in out + err


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("templates:\n  source: '《{titel}》'\n", "templates.source: unknown placeholder {titel}"),
        (
            "templates:\n  answer: '{answer.__class__}'\n",
            "templates.answer: unknown placeholder {answer.__class__}",
        ),
        ("templates:\n  who_more: '{}'\n", "templates.who_more: unknown placeholder {}"),
        ("templates:\n  not_found: '没有 {question'\n", "templates.not_found: "),
        ("templates:\n  who_more: '{count:q}'\n", "templates.who_more: cannot be filled in"),
        (
            "telegram:\n  texts:\n    reloaded: '{article}'\n",
            "telegram.texts.reloaded: unknown placeholder {article}",
        ),
    ],
)
def test_a_bad_template_is_refused_at_load_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "\n" not in str(caught.value) and line in str(caught.value)
    assert main(["config", "--check", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and line in err


def test_a_template_may_use_its_placeholders_in_any_order_and_plain_texts_are_free(tmp_path: Path) -> None:
    text = "templates:\n  source: '{reporters}（{date}）{title} {{原文}}'\n  no_news: '{暂无}'\n"
    templates = load_settings(write(tmp_path, text)).templates
    assert templates.source.format(title="T", date="D", reporters="R", publication="") == "R（D）T {原文}"
    assert templates.no_news == "{暂无}"
    with pytest.raises(ValueError, match="unknown placeholder"):
        templates.answer = "{question}"


def test_every_default_template_passes_its_own_check_and_each_text_is_declared() -> None:
    for name, field in TemplatesConfig.model_fields.items():
        if field.annotation is str:
            assert isinstance(field.json_schema_extra, dict), f"templates.{name}: use template() or plain()"
    TemplatesConfig.model_validate(TemplatesConfig().model_dump())


def test_the_shipped_config_does_not_repeat_the_template_defaults() -> None:
    assert load_settings(ROOT / "config.yaml").templates == TemplatesConfig()
    assert yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["templates"] == {}


def test_config_check_names_a_missing_corpus_folder_and_an_unusable_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "paths:\n  corpus: corpsu\n")
    assert main(["config", "--check", "--config", str(path)]) == 2
    assert (
        capsys.readouterr().err
        == f"config error: paths.corpus: {tmp_path / 'corpsu'}: no such folder (run `newsbot ingest` or fix the path)\n"
    )
    (tmp_path / "cachefile").write_text("x", encoding="utf-8")
    path = write(tmp_path, "paths:\n  cache: cachefile\n")
    assert main(["config", "--check", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(
        f"config error: paths.cache: {tmp_path / 'cachefile'}: not a writable folder"
    )


def test_config_check_says_whether_a_token_is_present(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN_FILE", raising=False)
    assert main(["config", "--check", "--config", str(write(tmp_path, ""))]) == 0
    assert "Telegram token: not set" in capsys.readouterr().err
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", SECRET)
    assert main(["config", "--check", "--config", str(write(tmp_path, ""))]) == 0
    out, err = capsys.readouterr()
    assert "Telegram token: present" in err and SECRET not in out + err


def test_config_templates_prints_every_template_ready_to_copy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--templates", "--config", str(ROOT / "config.yaml")]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert TemplatesConfig.model_validate(printed["templates"]) == TemplatesConfig()


def _template_calls() -> list[tuple[str, str, set[str]]]:
    """Every ``….NAME.format(k=…)`` in the bot's code: (where, NAME, keywords given)."""
    import ast

    found = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and isinstance(node.func.value, ast.Attribute)
                and all(k.arg is not None for k in node.keywords)
            ):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append((where, node.func.value.attr, {str(k.arg) for k in node.keywords}))
    return found


def test_the_code_fills_in_exactly_the_placeholders_each_template_declares() -> None:
    """A placeholder declared but not given would crash a reply with KeyError once an operator used it."""
    fields = {**TemplatesConfig.model_fields, **TelegramTextsConfig.model_fields}
    checked = 0
    for where, name, given in _template_calls():
        extra = fields[name].json_schema_extra if name in fields else None
        if not isinstance(extra, dict):
            continue
        assert "placeholders" in extra, f"{where}: {name} is declared plain() but is formatted"
        assert given == set(extra["placeholders"]), f"{where}: {name} given {given}, declares {extra}"
        checked += 1
    assert checked > 30
