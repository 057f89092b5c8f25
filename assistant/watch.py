"""CorpusWatcher: rebuild the live index when files in the corpus folder change.

watchdog reports file events under `assistant.settings.corpus` (recursively).
Events on hidden and temporary files (editor swap and backup files such as
`.guide.md.swp`, `guide.md~`, `#guide.md#`, `x.tmp`) and mere reads are
ignored. A burst of events is debounced: the rebuild starts once the folder
has been quiet for `debounce` seconds. Rebuilds run one at a time on a single
background thread; changes during a rebuild schedule exactly one more.
`assistant.rebuild()` does the work (index lock, hot swap); a failed build
leaves the live version serving and is logged with its reason.

    watcher = CorpusWatcher(assistant)   # or: with CorpusWatcher(assistant): ...
    watcher.start()
    ...
    watcher.stop()

Not here: polling for file systems without change notifications (network
mounts); use `POST /api/rebuild` or `python -m assistant build` there.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from .errors import AssistantError

_TEMP_SUFFIXES = ("~", ".tmp", ".temp", ".swp", ".swo", ".swx", ".part", ".crdownload", ".bak")
_CHANGES = {"created", "deleted", "modified", "moved", "closed"}  # not "opened" or "closed_no_write"


def is_ignored(path: str | Path, root: Path) -> bool:
    """True for paths a content edit never needs: hidden parts, editor temp files, outside root."""
    path = Path(path)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    if not parts or any(p.startswith((".", "#")) for p in parts):
        return True
    name = parts[-1].lower()
    return name.endswith(_TEMP_SUFFIXES) or name == "4913"  # subtle: vim probes a folder with "4913"


class CorpusWatcher:
    """Watches the assistant's corpus folder and rebuilds in the background."""

    def __init__(self, assistant, debounce: float = 1.0, log=print):
        self.assistant = assistant
        self.root = Path(assistant.settings.corpus).resolve()
        self.debounce = debounce
        self.log = log
        self.last_report = None  # BuildReport of the last successful rebuild
        self.last_error: Exception | None = None
        self.rebuilds = 0  # rebuilds finished, successful or not
        self._cond = threading.Condition()
        self._pending = False
        self._last_event = 0.0
        self._stopping = False
        self._observer = None
        self._worker: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle
    def start(self) -> "CorpusWatcher":
        from watchdog.observers import Observer

        if not self.root.is_dir():
            raise AssistantError(f"Cannot watch the corpus folder {self.root}: it does not exist. "
                                 "Create it or pass --corpus with an existing folder.")
        self._stopping = False
        self._worker = threading.Thread(target=self._run, name="corpus-rebuild", daemon=True)
        self._worker.start()
        self._observer = Observer()
        self._observer.schedule(_Handler(self), str(self.root), recursive=True)
        self._observer.daemon = True
        self._observer.start()
        self.log(f"watching {self.root} for changes")
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Stop watching; a rebuild in progress is allowed to finish (it is crash-safe either way)."""
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout)
            self._observer = None
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._worker is not None:
            self._worker.join(timeout)
            self._worker = None

    def __enter__(self) -> "CorpusWatcher":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------ events
    def notify(self, path: str | Path) -> None:
        """Record a change at `path` (called by watchdog; ignored paths do nothing)."""
        if is_ignored(path, self.root):
            return
        with self._cond:
            self._pending = True
            self._last_event = time.monotonic()
            self._cond.notify_all()

    def _run(self) -> None:
        while self._wait_for_quiet():
            self._rebuild()

    def _wait_for_quiet(self) -> bool:
        """Block until a change is pending and `debounce` seconds passed since the last event;
        False when stopping."""
        with self._cond:
            while not self._stopping:
                if not self._pending:
                    self._cond.wait()
                    continue
                quiet = time.monotonic() - self._last_event
                if quiet >= self.debounce:
                    self._pending = False  # events from now on schedule the next rebuild
                    return True
                self._cond.wait(self.debounce - quiet)
            return False

    def _rebuild(self) -> None:
        live = self.assistant.data.version
        self.log(f"corpus changed in {self.root}; rebuilding the index")
        try:
            report = self.assistant.rebuild(log=self.log)
        except Exception as exc:  # noqa: BLE001 - any failure must leave the server serving
            self.last_error = exc
            kind = "" if isinstance(exc, AssistantError) else f"{type(exc).__name__}: "
            self.log(f"rebuild failed, still serving index version {live}: {kind}{exc}")
        else:
            self.last_report, self.last_error = report, None
            self.log(report.summary())
        finally:
            self.rebuilds += 1


class _Handler:
    """watchdog event handler: every relevant path of an event goes to the watcher."""

    def __init__(self, watcher: CorpusWatcher):
        self.watcher = watcher

    def dispatch(self, event) -> None:
        if event.event_type not in _CHANGES or (event.is_directory and event.event_type == "modified"):
            return
        self.watcher.notify(event.src_path)
        if getattr(event, "dest_path", ""):
            self.watcher.notify(event.dest_path)
