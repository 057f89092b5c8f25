"""FastAPI app: the JSON API, the embeddable widget and iframe page, Gradio mounted at `/`.

`build_app(assistant)` serves, on one origin:

- `POST /api/ask`, `GET /api/health`, and `POST /api/rebuild` (registered only when an
  admin token is configured; Bearer token, compared in constant time);
- `GET /widget.js` (the one-line script widget), `GET /embed` (a chat page for iframes),
  `GET /gradio.js` + `/assets/…` (Gradio's web-component loader, so `<gradio-app>` works offline);
- the Gradio chat at `/`, with its queue bounded and its file routes kept out of index/,
  corpus/ and the data folder.

Who may embed it: CORS (Starlette's CORSMiddleware, which also switches off Gradio's own,
permissive handling) and `frame-ancestors` allow the app's own origin plus
`settings.allowed_origins`, never `*`. `/api/ask` is rate limited per client address with a
token bucket (these guards are in guards.py). Left out: reader authentication (the API is
public by design) and TLS (put a proxy in front; its origin then goes in
ASSISTANT_ALLOWED_ORIGINS).
"""
import dataclasses
import hmac
import math
from html import escape
from pathlib import Path
from string import Template
from typing import Literal

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from .config import Settings
from .errors import AssistantError
from .feedback import FeedbackStore
from .guards import RateLimiter, SecurityHeaders, checked_origins, own_origins

STATIC = Path(__file__).resolve().parent / "static"
HISTORY_LIMIT = 100  # messages accepted in `history`; the pipeline reads only the most recent ones
TURN_CHARS = 10_000  # one history message (an answer quoting a long list stays well under this)
BODY_BYTES = 1 << 20  # any request body, Gradio's included: 413 beyond (uvicorn sets no limit)
UPLOAD_LIMIT = "1mb"  # the UI has no file input; Gradio's upload route exists regardless
QUEUE_CONCURRENCY = 2  # Gradio events answered at once: one per core on the reference machine
ASK_EXAMPLE = {"question": "What is impingement?", "history": []}
JSON_NAMES = {type(None): "null", bool: "true or false", int: "a number", float: "a number", dict: "an object",
              list: "an array"}  # a JSON client knows these, not Python's NoneType or dict


def _request_model(settings: Settings):
    """The /api/ask body; limits come from the settings, so /docs shows them."""

    class Turn(BaseModel):
        role: Literal["user", "assistant"]
        content: str = Field(max_length=TURN_CHARS)

    class AskRequest(BaseModel):
        model_config = {"json_schema_extra": {"examples": [ASK_EXAMPLE]}}
        question: str = Field(min_length=1, max_length=settings.max_question_chars,
                              description="The question, in plain text.")
        history: list[Turn] = Field(default_factory=list, max_length=HISTORY_LIMIT,
                                    description="Earlier messages, oldest first, for follow-up questions.")

    return AskRequest


def explain(error: dict, settings: Settings) -> str:
    """One sentence a person can act on, for the first validation error of a request."""
    loc = [p for p in error.get("loc", ()) if p != "body"]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    kind, value = error.get("type", ""), error.get("input")
    example = 'send JSON like {"question": "What is impingement?", "history": []}'
    if kind == "json_invalid":
        return f"The request body is not valid JSON; {example} with Content-Type: application/json."
    if kind == "missing":
        return f"The request has no {where or 'body'}; {example}."
    if where == "question" and kind == "string_too_long":
        return (f"The question is {len(value)} characters long; the limit is {settings.max_question_chars}. "
                "Ask something shorter.")
    if where == "question" and kind == "string_too_short":
        return "The question is empty; type a question about the article."
    if where == "history" and kind == "too_long":
        return (f"The history has {len(value)} messages; the limit is {HISTORY_LIMIT}. "
                "Send only the most recent turns.")
    if where.endswith(".role"):
        return f'{where} is {value!r}; it must be "user" or "assistant".'
    if where.endswith(".content") and kind == "string_too_long":
        return f"{where} is {len(value)} characters long; the limit is {TURN_CHARS}."
    if kind == "string_type":
        return f"{where} must be text (a JSON string), not {JSON_NAMES.get(type(value), type(value).__name__)}."
    if kind == "string_unicode":
        return f"{where} is not valid text (it holds a lone \\ud800-\\udfff surrogate escape); send Unicode text."
    if where == "history" and kind == "list_type":
        return 'history must be a list of {"role": "user"|"assistant", "content": text} messages.'
    if not where and isinstance(value, bytes):  # FastAPI leaves a body it was not told is JSON as bytes
        return f"The request body was not sent as JSON; {example} with Content-Type: application/json."
    if not where and kind in ("model_attributes_type", "dict_type", "model_type"):
        return f"The request body must be a JSON object; {example}."
    return f"{where or 'The request body'}: {error.get('msg', 'invalid')}; {example}."


def _frontend() -> Path:
    import gradio

    return Path(gradio.__file__).resolve().parent / "templates" / "frontend"


def _embed_page(settings: Settings, frame_ancestors: str):
    template = Template((STATIC / "embed.html").read_text(encoding="utf-8"))
    csp = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
           f"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors {frame_ancestors}")

    def embed(title: str = "Ask the article", placeholder: str = "Ask a question…"):
        page = template.substitute(title=escape(title[:120]), placeholder=escape(placeholder[:200]))
        return HTMLResponse(page, headers={"Content-Security-Policy": csp, "Cache-Control": "no-cache"})

    return embed


def _add_api(app: FastAPI, assistant, settings: Settings) -> None:
    AskRequest = _request_model(settings)
    limiter = RateLimiter(settings.rate_limit_per_minute)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors]
        return JSONResponse({"error": explain(errors[0], settings) if errors else "Invalid request.",
                             "detail": detail}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        if exc.status_code == 400:  # FastAPI's "error parsing the body": bytes that are not UTF-8 JSON
            return JSONResponse({"error": explain({"type": "json_invalid"}, settings)}, status_code=422)
        if exc.status_code == 413:
            message = f"The request body is larger than {BODY_BYTES // 1024} KiB; send a shorter question and history."
        else:
            message = str(exc.detail)
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)

    feedback = FeedbackStore(settings.data_dir)

    @app.post("/api/ask", tags=["api"], summary="Answer a question by quoting the article",
              responses={422: {"description": "Invalid question or body: `{\"error\": message}`"},
                         429: {"description": "Too many questions from this address; see Retry-After"}})
    def ask(body: AskRequest, request: Request):
        wait = limiter.take(request.client.host if request.client else "unknown")
        if wait:
            seconds = max(1, math.ceil(wait))
            return JSONResponse({"error": f"Too many questions from your address; try again in {seconds} s."},
                                status_code=429, headers={"Retry-After": str(seconds)})
        try:
            answer = assistant.ask(body.question, [turn.model_dump() for turn in body.history])
        except AssistantError as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        if answer.declined:
            feedback.declined(answer)  # the content-gap report covers widget and API traffic too
        return answer.to_dict()

    @app.get("/api/health", tags=["api"], summary="Index version and counts")
    def health():
        return assistant.health()

    if settings.admin_token:
        _add_rebuild(app, assistant, settings.admin_token)


def _add_rebuild(app: FastAPI, assistant, token: str) -> None:
    bearer = HTTPBearer(auto_error=False)
    expected = token.encode("utf-8")

    @app.post("/api/rebuild", tags=["admin"], summary="Rebuild the index from the corpus and swap it in",
              responses={401: {"description": "Missing or wrong admin token"}})
    async def rebuild(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)):
        given = credentials.credentials.encode("utf-8") if credentials else b""
        if not hmac.compare_digest(given, expected):
            return JSONResponse({"error": "Send the admin token as `Authorization: Bearer <ASSISTANT_ADMIN_TOKEN>`."},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        lines: list[str] = []
        try:
            report = await run_in_threadpool(assistant.rebuild, log=lines.append)
        except AssistantError as exc:  # the live index is untouched; the failure is the server's, not the caller's
            return JSONResponse({"error": str(exc), "log": lines}, status_code=500)
        return {**dataclasses.asdict(report), "summary": report.summary(), "log": lines}


def _add_embedding(app: FastAPI, settings: Settings, frame_ancestors: str) -> None:
    frontend = _frontend()
    js_headers = {"Cache-Control": "public, max-age=300"}

    @app.get("/widget.js", include_in_schema=False)
    def widget():
        return FileResponse(STATIC / "widget.js", media_type="text/javascript", headers=js_headers)

    app.get("/embed", include_in_schema=False, response_class=HTMLResponse)(_embed_page(settings, frame_ancestors))

    @app.get("/gradio.js", include_in_schema=False)
    def gradio_loader():
        return FileResponse(frontend / "gradio.js", media_type="text/javascript", headers=js_headers)

    # the web component loads its code and CSS from <origin>/assets/…, whatever the mount path
    app.mount("/assets", StaticFiles(directory=frontend / "assets"), name="gradio-assets")


def _mount_ui(app: FastAPI, assistant, settings: Settings) -> FastAPI:
    import gradio as gr

    from . import ui

    blocks = ui.build_ui(assistant)
    blocks.queue(max_size=settings.queue_size, default_concurrency_limit=QUEUE_CONCURRENCY, api_open=False)
    private = (settings.index, settings.corpus, settings.data_dir, assistant.settings.index, assistant.settings.corpus)
    blocked = list(dict.fromkeys(str(Path(p).resolve()) for p in private))
    return gr.mount_gradio_app(app, blocks, path="/", ssr_mode=False, mcp_server=False, pwa=False,
                               run_history=False, allowed_paths=[], blocked_paths=blocked,
                               max_file_size=UPLOAD_LIMIT, theme=getattr(ui, "UI_THEME", None),
                               css=getattr(ui, "UI_CSS", None))


def build_app(assistant, settings: Settings | None = None) -> FastAPI:
    """The whole site for one assistant: API, widget, iframe page, web component, Gradio UI."""
    settings = settings or assistant.settings
    extra = checked_origins(settings.allowed_origins)
    frame_ancestors = " ".join(["'self'", *extra])
    app = FastAPI(title="Article assistant", version="1", redoc_url=None, max_body_size=BODY_BYTES,
                  description="Answers questions about an article by quoting it. "
                              "Embedding: /widget.js, /embed, /gradio.js.")
    _add_api(app, assistant, settings)
    _add_embedding(app, settings, frame_ancestors)  # before the mount at "/", which would shadow these paths
    # also replaces Gradio's own CORS handling (it checks the parent app for this exact class);
    # credentials because Gradio's web component fetches with `credentials: "include"`
    app.add_middleware(CORSMiddleware, allow_origins=list(dict.fromkeys(own_origins(settings) + extra)),
                       allow_methods=["GET", "POST"], allow_headers=["Content-Type", "X-Gradio-User"],
                       allow_credentials=True, expose_headers=["Retry-After"], max_age=600)
    app.add_middleware(SecurityHeaders, frame_ancestors=frame_ancestors)
    return _mount_ui(app, assistant, settings)
