"""config.py: ASSISTANT_* variables become typed Settings; bad values name the variable."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings, from_env
from assistant.errors import AssistantError


def test_no_variables_gives_the_defaults():
    assert from_env({}) == Settings()
    assert from_env({"PORT": "1", "ASSISTANT_NOT_A_SETTING": "x"}) == Settings()


def test_values_are_converted_to_the_field_types():
    s = from_env({"ASSISTANT_PORT": "8080", "ASSISTANT_HOST": "0.0.0.0", "ASSISTANT_CORPUS": "docs/articles",
                  "ASSISTANT_ALLOWED_ORIGINS": "a,b", "ASSISTANT_WATCH": "true", "ASSISTANT_CHUNK_CHARS": "400"})
    assert (s.port, s.host, s.corpus, s.allowed_origins, s.watch, s.chunk_chars) == \
        (8080, "0.0.0.0", Path("docs/articles"), ("a", "b"), True, 400)
    assert s.index == Path("index") and s.admin_token == ""


def test_origins_are_trimmed_and_empty_parts_dropped():
    s = from_env({"ASSISTANT_ALLOWED_ORIGINS": " https://a.example/ , ,http://b.example:8000"})
    assert s.allowed_origins == ("https://a.example", "http://b.example:8000")
    assert from_env({"ASSISTANT_ALLOWED_ORIGINS": ""}).allowed_origins == ()


@pytest.mark.parametrize("raw, value", [("1", True), ("true", True), ("YES", True), ("on", True),
                                        ("0", False), ("false", False), ("No", False), ("off", False), ("", False)])
def test_booleans(raw, value):
    assert from_env({"ASSISTANT_WATCH": raw}).watch is value


@pytest.mark.parametrize("name, raw", [("ASSISTANT_PORT", "80x"), ("ASSISTANT_RATE_LIMIT_PER_MINUTE", "1.5"),
                                       ("ASSISTANT_WATCH", "maybe")])
def test_a_bad_value_is_an_error_naming_the_variable(name, raw):
    with pytest.raises(AssistantError) as err:
        from_env({name: raw})
    assert f"{name}={raw!r}" in str(err.value)


def test_the_process_environment_is_read_when_none_is_given(monkeypatch):
    monkeypatch.setenv("ASSISTANT_PORT", "9001")
    monkeypatch.setenv("ASSISTANT_ADMIN_TOKEN", "s3cret")
    s = from_env()
    assert (s.port, s.admin_token) == (9001, "s3cret")


def test_with_overrides_replaces_only_values_that_are_not_none():
    base = Settings(port=9000, host="127.0.0.1")
    s = base.with_overrides(port=None, host="0.0.0.0", corpus=None, index=Path("elsewhere"), watch=False)
    assert (s.port, s.host, s.corpus, s.index, s.watch) == (9000, "0.0.0.0", Path("corpus"), Path("elsewhere"), False)
    assert base.host == "127.0.0.1" and base.index == Path("index")  # a new object; the original is unchanged
    assert base.with_overrides() == base
