"""Serve the UI and the API with uvicorn: `python app.py` / `python -m assistant serve`.

Sets up the process before Gradio is imported: no analytics, and a private Gradio temp folder
under the data directory (Gradio reads GRADIO_TEMP_DIR at import). `--watch` runs the corpus
watcher beside the server; rebuilds can also be triggered through `POST /api/rebuild` when
ASSISTANT_ADMIN_TOKEN is set. Left out: TLS and public host names
(run behind a reverse proxy; uvicorn trusts its X-Forwarded-For from 127.0.0.1 only).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .config import Settings, quiet_libraries

# Beyond this many open connections and tasks uvicorn answers 503 at once instead of queueing
# without bound; Gradio holds one long-lived stream per open chat page, so leave room for those.
MAX_CONNECTIONS = 512


def gradio_temp_dir(settings: Settings) -> Path:
    """A folder only this app uses for Gradio's uploads and cache (mode 0700)."""
    path = (settings.data_dir / "gradio-tmp").resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def serve(settings: Settings) -> None:
    quiet_libraries()
    os.environ.setdefault("GRADIO_TEMP_DIR", str(gradio_temp_dir(settings)))
    import uvicorn

    from .api import build_app
    from .pipeline import Assistant

    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    assistant = Assistant.open(settings.corpus, settings.index, settings=settings, log=log)
    assistant.warm_up()  # before listening: the first reader gets an answer as fast as the rest
    app = build_app(assistant, settings)
    watcher = start_watcher(assistant, settings, log)
    base = f"http://{settings.host}:{settings.port}"
    log(f"Serving {len(assistant.data.documents)} document(s) on {base}/ "
        f"(API docs {base}/docs, widget {base}/widget.js, iframe page {base}/embed)")
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", server_header=False,
                    limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=5, timeout_graceful_shutdown=10)
    finally:
        if watcher is not None:
            watcher.stop()


def start_watcher(assistant, settings: Settings, log):
    """`--watch`: a CorpusWatcher rebuilding and swapping the index when corpus files change."""
    if not settings.watch:
        return None
    from .watch import CorpusWatcher

    return CorpusWatcher(assistant, log=log).start()
