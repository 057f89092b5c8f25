"""Settings: defaults, then ASSISTANT_* environment variables, then CLI flags.

This is the one module that reads the environment. Components get plain values
as arguments; nothing else looks at `os.environ` for settings.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import AssistantError


@dataclass(frozen=True)
class Settings:
    corpus: Path = Path("corpus")
    index: Path = Path("index")
    data_dir: Path = Path("data")  # feedback and other runtime files; never inside index/
    host: str = "127.0.0.1"
    port: int = 7860
    # Chunking: target size of a chunk, in characters (sentences are never cut).
    chunk_chars: int = 600
    max_question_chars: int = 1000
    max_history_turns: int = 20
    allowed_origins: tuple[str, ...] = ()  # besides the app's own origin
    admin_token: str = ""  # empty: no rebuild route
    rate_limit_per_minute: int = 60
    queue_size: int = 64
    watch: bool = False

    def __post_init__(self):
        limits = {"port": (1, 65535), "chunk_chars": (100, 100_000), "max_question_chars": (1, 100_000),
                  "max_history_turns": (0, 1000), "rate_limit_per_minute": (0, 1_000_000), "queue_size": (1, 100_000)}
        for name, (low, high) in limits.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise AssistantError(f"{name} = {value} is out of range; use a value from {low} to {high} "
                                     f"(ASSISTANT_{name.upper()} or the matching flag).")

    def with_overrides(self, **values) -> "Settings":
        """A copy with the given non-None values replaced (CLI flags)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _convert(name: str, raw: str, default):
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise AssistantError(f"ASSISTANT_{name.upper()}={raw!r} is not a boolean; use 1 or 0.")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise AssistantError(f"ASSISTANT_{name.upper()}={raw!r} is not a whole number.") from exc
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, tuple):
        return tuple(part.strip().rstrip("/") for part in raw.split(",") if part.strip())
    return raw


def from_env(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the defaults overridden by ASSISTANT_<FIELD> variables."""
    environ = os.environ if environ is None else environ
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        raw = environ.get(f"ASSISTANT_{f.name.upper()}")
        if raw is not None:
            values[f.name] = _convert(f.name, raw, getattr(defaults, f.name))
    return replace(defaults, **values)


def quiet_libraries() -> None:
    """Environment the ML and web libraries read at import: offline, no telemetry.

    Called by the entry points (CLI, app.py) before heavy imports; a library
    user who imports `assistant` directly keeps control of their environment,
    except for the offline switches, which the model loader sets itself.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("NO_PROXY", "localhost,127.0.0.1")
