"""What guards the HTTP app: a per-client rate limit, the origins allowed to embed it, and the
headers that keep other sites from framing its pages.

`RateLimiter` is a token bucket per client address, bounded in memory; `own_origins` and
`checked_origins` give the origins CORS and `frame-ancestors` allow (never `*`);
`SecurityHeaders` is the ASGI middleware that sets `frame-ancestors` on HTML pages and
`nosniff` everywhere. Not here: the routes that use them (api.py), authentication of readers
(the API is public by design) and TLS (a proxy in front).
"""
import threading
import time
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders

from .config import Settings
from .errors import AssistantError


class RateLimiter:
    """A token bucket per client: `per_minute` requests a minute, bursts up to the same number.

    `take(key)` spends a token and returns 0.0, or returns the seconds until one is free.
    Memory is bounded: beyond `max_clients` the least recently seen client is forgotten
    (it starts again with a full bucket, the same as a new client). `per_minute <= 0` disables it.
    """

    def __init__(self, per_minute: int, *, max_clients: int = 10_000, clock=time.monotonic):
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, time of last visit)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        if self.capacity <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            if not wait:
                tokens -= 1
            # subtle: re-inserting keeps the dict ordered by last visit, so the first key is the stalest
            self._buckets[key] = (tokens, now)
            if len(self._buckets) > self.max_clients:
                del self._buckets[next(iter(self._buckets))]
        return wait


def own_origins(settings: Settings) -> list[str]:
    """The origins the app is served from, as configured (host and port)."""
    local = {"127.0.0.1", "localhost", "0.0.0.0", "::", "::1", ""}
    hosts = ["127.0.0.1", "localhost"] if settings.host in local else [settings.host]
    return [f"http://{h}:{settings.port}" for h in hosts]


def checked_origins(origins) -> list[str]:
    """ASSISTANT_ALLOWED_ORIGINS values, normalised; a wildcard or a URL with a path is refused."""
    result = []
    for raw in origins:
        origin = raw.strip().rstrip("/")
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path \
                or "*" in origin or "@" in parts.netloc or parts.query or parts.fragment:
            raise AssistantError(f"ASSISTANT_ALLOWED_ORIGINS has {raw!r}, which is not an origin; list sites as "
                                 "scheme://host[:port], e.g. https://www.example.org (no path, no '*').")
        # browsers send the scheme and host in lower case and leave out a default port
        netloc = parts.netloc.lower().removesuffix({"http": ":80", "https": ":443"}[parts.scheme])
        result.append(f"{parts.scheme}://{netloc}")
    return list(dict.fromkeys(result))


class SecurityHeaders:
    """ASGI middleware: `frame-ancestors` on every HTML page (ours and Gradio's), nosniff everywhere.

    A response that already sets its own Content-Security-Policy (the /embed page) keeps it.
    """

    def __init__(self, app, frame_ancestors: str):
        self.app = app
        self.csp = f"frame-ancestors {frame_ancestors}"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", self.csp)
            await send(message)

        await self.app(scope, receive, send_with_headers)
