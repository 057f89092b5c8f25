"""The index under change and failure: incremental builds, live swap, watcher, crashes, locks.

Real model (session `embedder`), real FAISS, real threads and processes. Each test
builds its own small corpus in tmp_path: a Markdown guide with three `##` sections
and a short text file, 12 sentences and 4 chunks in all.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant import Assistant
from assistant import index as idx
from assistant.chunk import make_chunks, split_sentences
from assistant.config import Settings
from assistant.datatypes import BuildReport
from assistant.embed import Embedder
from assistant.errors import IndexMismatchError
from assistant.load import load_corpus
from assistant.pipeline import _build, params
from assistant.watch import CorpusWatcher, is_ignored

ROOT = Path(__file__).resolve().parent.parent

GUIDE = """# Hip Care Guide

## Stretching

Stretching the hip flexors after a run keeps them supple. Hold each stretch for thirty seconds. Repeat the stretch on both sides.

## Strength

Strong glutes protect the hip joint. Clamshells and bridges build the gluteus medius. Do three sets of fifteen twice a week.

## Rest

Rest days let tendons recover. Sleep at least eight hours after a long run. Return to running gradually after an injury.
"""
SHOES = """Choosing Running Shoes

Running shoes should be replaced every 500 miles. A gait analysis helps choose between neutral and stability shoes. Cushioned shoes suit long easy runs.
"""
NEW_FACT = " Carbon plated racing shoes cost about 250 dollars."
NEW_FACT_Q = "How much do carbon plated racing shoes cost?"


def quiet(_msg):
    pass


def make_corpus(base: Path) -> Path:
    corpus = base / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "guide.md").write_text(GUIDE, encoding="utf-8")
    (corpus / "shoes.txt").write_text(SHOES, encoding="utf-8")
    return corpus


def settings_for(base: Path) -> Settings:
    return Settings().with_overrides(corpus=base / "corpus", index=base / "index")


def model_inputs(corpus: Path) -> set[str]:
    """Every distinct text a build embeds for this corpus (sentences with heading, chunks)."""
    docs, _ = load_corpus(corpus)
    out = set()
    for doc in docs:
        sents = split_sentences(doc)
        out |= {idx.sentence_input(doc, s) for s in sents}
        out |= {idx.chunk_input(doc, c) for c in make_chunks(doc, sents, Settings().chunk_chars)}
    return out


def versions(index: Path) -> set[str]:
    return {p.name for p in index.glob("v-*")}


# ------------------------------------------------------------------ incremental builds
def test_editing_one_section_reembeds_only_its_sentence_and_chunk(tmp_path, embedder):
    corpus, s = make_corpus(tmp_path), settings_for(tmp_path)
    first = _build(s, embedder, quiet)
    before = model_inputs(corpus)
    assert (first.published, first.added, first.embedded, first.reused) == (True, ("guide.md", "shoes.txt"), 16, 0)
    assert (first.sentences, first.chunks) == (12, 4)

    guide = corpus / "guide.md"
    guide.write_text(GUIDE.replace("Do three sets of fifteen twice a week.", "Do four sets of twelve three times a week."))
    report = _build(s, embedder, quiet)
    after = model_inputs(corpus)

    new = after - before
    assert new == {"Strength: Do four sets of twelve three times a week.",
                   "Hip Care Guide | Strength: Strong glutes protect the hip joint. Clamshells and bridges build "
                   "the gluteus medius. Do four sets of twelve three times a week."}
    assert (report.embedded, report.reused) == (len(new), len(after & before)) == (2, 14)
    assert (report.changed, report.unchanged, report.added, report.removed) == (("guide.md",), ("shoes.txt",), (), ())
    assert report.published and idx.current_version(s.index) == report.version != first.version
    assert "documents: 0 added, 1 changed, 0 removed, 1 unchanged" in report.summary()
    assert "texts embedded: 2, reused from cache: 14" in report.summary()

    guide.write_text(GUIDE)  # undo: the first version is still on disk and is published again as it is
    undo = _build(s, embedder, quiet)
    assert (undo.version, undo.published, undo.embedded, undo.changed) == (first.version, True, 0, ("guide.md",))
    assert idx.current_version(s.index) == first.version


def test_a_file_that_could_not_be_read_is_counted_as_skipped_not_as_added():
    report = BuildReport("v-1", True, added=("broken.pdf", "new.md"), unchanged=("guide.md", "blob.txt"),
                         failed=(("broken.pdf", "damaged or truncated PDF"), ("blob.txt", "binary file, not text")),
                         documents=2)
    assert "documents: 1 added, 0 changed, 0 removed, 1 unchanged, 2 skipped (2 in the index)" in report.summary()
    assert "skipped broken.pdf: damaged or truncated PDF" in report.summary()
    assert "skipped" not in BuildReport("v-1", True, added=("new.md",), documents=1).summary()


def test_nothing_changed_publishes_nothing(tmp_path, embedder):
    make_corpus(tmp_path)
    s = settings_for(tmp_path)
    first = _build(s, embedder, quiet)
    current = s.index / "CURRENT"
    stamp = (current.read_text(), current.stat().st_mtime_ns, versions(s.index))
    again = _build(s, embedder, quiet)
    assert (again.version, again.published, again.embedded) == (first.version, False, 0)
    assert again.unchanged == ("guide.md", "shoes.txt") and not (again.added or again.changed or again.removed)
    assert (again.documents, again.sentences, again.chunks) == (2, 12, 4)
    assert (current.read_text(), current.stat().st_mtime_ns, versions(s.index)) == stamp
    assert again.summary().startswith(f"index version {first.version} (unchanged, nothing published)")

    logs: list[str] = []
    bot = Assistant.open(s.corpus, s.index, embedder=NoEmbedder(embedder), log=logs.append)
    assert (bot.data.version, logs) == (first.version, [])  # a current index loads; nothing is embedded


class NoEmbedder(Embedder):
    """The real model's identity, but embedding anything fails the test."""

    def __init__(self, inner: Embedder):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim

    @property
    def fingerprint(self) -> str:
        return self.inner.fingerprint

    def embed(self, texts, progress=False):
        raise AssertionError(f"embedded {len(texts)} texts")


def test_adding_and_removing_documents_and_pruning(tmp_path, embedder):
    corpus = make_corpus(tmp_path)
    bot = Assistant.open(corpus, tmp_path / "index", embedder=embedder, log=quiet)
    v1 = bot.data.version
    assert "250 dollars" not in bot.ask(NEW_FACT_Q).text

    (corpus / "racing.txt").write_text("Racing Shoes\n\n" + NEW_FACT.strip() + " They last about 200 miles.\n")
    added = bot.rebuild(log=quiet)
    assert (added.added, added.removed, added.unchanged) == (("racing.txt",), (), ("guide.md", "shoes.txt"))
    answer = bot.ask(NEW_FACT_Q)
    assert "250 dollars" in answer.text and answer.citations[0].source == "racing.txt"

    (corpus / "shoes.txt").unlink()
    removed = bot.rebuild(log=quiet)
    assert (removed.added, removed.removed, removed.documents) == ((), ("shoes.txt",), 2)
    assert all(c.source != "shoes.txt" for c in bot.ask("How often should running shoes be replaced?").citations)
    assert "thirty seconds" in bot.ask("How long should I hold each stretch?").text

    # three versions were published; the live one and the one before it are kept
    assert v1 not in versions(tmp_path / "index")
    assert versions(tmp_path / "index") == {added.version, removed.version}
    assert idx.current_version(tmp_path / "index") == removed.version == bot.data.version


# ------------------------------------------------------------------ live swap and watcher
def test_live_swap_while_questions_are_answered(tmp_path, embedder):
    corpus = make_corpus(tmp_path)
    bot = Assistant.open(corpus, tmp_path / "index", embedder=embedder, log=quiet)
    old = bot.data.version
    stop, errors, asks = threading.Event(), [], []

    def asker():
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                answer = bot.ask("How long should I hold each stretch?")
                assert "thirty seconds" in answer.text, answer.text
            except Exception as exc:  # noqa: BLE001 - every failure is collected and reported
                errors.append(exc)
            asks.append((t0, time.monotonic()))

    thread = threading.Thread(target=asker)
    thread.start()
    try:
        time.sleep(0.3)
        with open(corpus / "shoes.txt", "a", encoding="utf-8") as fh:
            fh.write(NEW_FACT + "\n")
        t0 = time.monotonic()
        report = bot.rebuild(log=quiet)
        t1 = time.monotonic()
        time.sleep(0.3)
    finally:
        stop.set()
        thread.join(30)
    assert errors == []
    assert report.published and bot.data.version == report.version != old
    assert sum(1 for a, b in asks if a < t1 and b > t0) >= 1, "no question overlapped the rebuild"
    assert any(a > t1 for a, _ in asks), "no question was asked after the swap"
    answer = bot.ask(NEW_FACT_Q)
    assert "250 dollars" in answer.text and answer.citations[0].source == "shoes.txt"


def test_ignored_paths(tmp_path):
    root = tmp_path
    for name in [".guide.md.swp", "guide.md~", "#guide.md#", "guide.md.tmp", "4913", ".git/index", "sub/.x.md"]:
        assert is_ignored(root / name, root), name
    for name in ["guide.md", "sub/notes.txt", "paper.pdf"]:
        assert not is_ignored(root / name, root), name
    assert is_ignored(tmp_path.parent / "elsewhere.md", root)


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


class SlowRebuilds:
    """Stands in for the Assistant: each rebuild() is counted and held until released."""

    def __init__(self, corpus: Path):
        self.settings = Settings().with_overrides(corpus=corpus)
        self.data = type("Data", (), {"version": "v-live"})()
        self.calls, self.started, self.release = 0, threading.Event(), threading.Event()

    def rebuild(self, log=print):
        self.calls += 1
        self.started.set()
        self.release.wait(30)
        return BuildReport("v-live", False)


def test_watcher_debounces_bursts_and_queues_one_more_rebuild(tmp_path):
    stand_in = SlowRebuilds(tmp_path)
    with CorpusWatcher(stand_in, debounce=0.5, log=quiet) as watcher:
        for n in range(5):  # a burst: one rebuild
            (tmp_path / f"doc{n}.md").write_text("text")
        assert stand_in.started.wait(10)
        time.sleep(0.7)
        assert stand_in.calls == 1
        for n in range(3):  # changes during the rebuild: exactly one more
            (tmp_path / f"doc{n}.md").write_text("edited")
        time.sleep(0.7)
        assert stand_in.calls == 1  # one at a time
        stand_in.release.set()
        wait_for(lambda: watcher.rebuilds == 2, 10, "the queued rebuild")
        time.sleep(0.7)
    assert (stand_in.calls, watcher.rebuilds) == (2, 2)


def test_watcher_picks_up_an_edit_and_survives_a_failed_build(tmp_path, embedder):
    corpus = make_corpus(tmp_path)
    bot = Assistant.open(corpus, tmp_path / "index", embedder=embedder, log=quiet)
    logs: list[str] = []
    with CorpusWatcher(bot, debounce=0.3, log=logs.append) as watcher:
        # editor debris alone does not rebuild
        for name in [".shoes.txt.swp", "shoes.txt~", "draft.tmp"]:
            (corpus / name).write_text("scratch")
            (corpus / name).unlink()
        time.sleep(1.0)
        assert watcher.rebuilds == 0, logs

        # an editor-style save: write a temp file, then rename it over the document
        (corpus / ".shoes.txt.new").write_text(SHOES + NEW_FACT + "\n", encoding="utf-8")
        os.replace(corpus / ".shoes.txt.new", corpus / "shoes.txt")
        wait_for(lambda: "250 dollars" in bot.ask(NEW_FACT_Q).text, 30, "the watcher's rebuild to answer the new fact")
        assert watcher.last_report.changed == ("shoes.txt",) and watcher.last_report.embedded == 2
        live = bot.data.version

        # a build that fails (nothing left to index) keeps the live version and says why
        done = watcher.rebuilds
        for f in corpus.iterdir():
            f.unlink()
        wait_for(lambda: watcher.rebuilds > done and watcher.last_error is not None, 30, "the failed rebuild")
    failure = [m for m in logs if m.startswith("rebuild failed")]
    assert failure and failure[0].startswith(f"rebuild failed, still serving index version {live}: No documents")
    assert bot.data.version == live and "250 dollars" in bot.ask(NEW_FACT_Q).text
    assert watcher._worker is None and watcher._observer is None


# ------------------------------------------------------------------ damage and locks
@pytest.mark.parametrize("damage, message", [
    ("truncate-faiss", "chunks.faiss does not match its checksum"),
    ("tamper-manifest", "manifest.json does not match its digest"),
    ("missing-file", "sentences.npz is missing"),
    ("no-manifest", "has no readable manifest.json"),
])
def test_damaged_version_is_detected_and_rebuilt(tmp_path, embedder, damage, message):
    corpus = make_corpus(tmp_path)
    index = tmp_path / "index"
    version = _build(settings_for(tmp_path), embedder, quiet).version
    folder = index / version
    if damage == "truncate-faiss":
        faiss_file = folder / "chunks.faiss"
        faiss_file.write_bytes(faiss_file.read_bytes()[: faiss_file.stat().st_size // 2])
    elif damage == "tamper-manifest":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["counts"]["chunks"] = 3
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "missing-file":
        (folder / "sentences.npz").unlink()
    else:
        (folder / "manifest.json").unlink()

    with pytest.raises(IndexMismatchError, match=message):
        idx.load(index)
    logs: list[str] = []
    bot = Assistant.open(corpus, index, embedder=embedder, log=logs.append)
    assert logs[0].startswith("building the index: the index is damaged") and message in logs[0]
    assert "texts embedded: 0, reused from cache: 16" in logs[1]  # the cache survives the damage
    assert bot.data.version == version and idx.verify(folder)
    assert "thirty seconds" in bot.ask("How long should I hold each stretch?").text


def test_damaged_cache_is_only_lost_work(tmp_path, embedder):
    """What a kill during a shard write leaves (a partial hidden temp shard), or a shard damaged on disk."""
    corpus = make_corpus(tmp_path)
    s = settings_for(tmp_path)
    _build(s, embedder, quiet)
    (shard,) = (s.index / "cache").rglob("*.npz")
    (shard.parent / ".0123456789abcdef.4242.tmp.npz").write_bytes(shard.read_bytes()[:3000])
    shard.write_bytes(shard.read_bytes()[:3000])
    (corpus / "guide.md").write_text(GUIDE.replace("twice a week", "every other day"))
    report = _build(s, embedder, quiet)
    assert (report.published, report.embedded, report.reused) == (True, 16, 0)
    assert [p.name for p in (s.index / "cache").rglob("*.npz")] == [p.name for p in shard.parent.glob("*.npz")]
    assert len(list(shard.parent.iterdir())) == 1 and not shard.exists()


class GatedEmbedder(Embedder):
    """The real model behind a gate: `embed` announces itself, then waits to be let through."""

    def __init__(self, inner: Embedder):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.entered, self.gate = threading.Event(), threading.Event()

    @property
    def fingerprint(self) -> str:
        return self.inner.fingerprint

    def embed(self, texts, progress=False):
        self.entered.set()
        self.gate.wait(60)
        return self.inner.embed(texts, progress)


def test_two_concurrent_builds_are_serialized(tmp_path, embedder):
    corpus = make_corpus(tmp_path)
    s = settings_for(tmp_path)
    bot = Assistant.open(corpus, s.index, embedder=embedder, log=quiet)
    (corpus / "guide.md").write_text(GUIDE + "\nFoam rolling loosens the iliotibial band.\n")
    gated = GatedEmbedder(embedder)
    results, logs_a, logs_b = {}, [], []
    # A: a CLI-style build that holds the lock while it embeds; B: the server's rebuild
    a = threading.Thread(target=lambda: results.setdefault("a", _build(s, gated, logs_a.append)))
    b = threading.Thread(target=lambda: results.setdefault("b", bot.rebuild(log=logs_b.append)))
    a.start()
    try:
        assert gated.entered.wait(30), "build A never started embedding"
        with open(corpus / "shoes.txt", "a", encoding="utf-8") as fh:
            fh.write(NEW_FACT + "\n")  # after A read the corpus: B has its own work to do
        b.start()
        wait_for(lambda: any("waiting for it to finish" in m for m in logs_b), 10, "build B to wait for the lock")
        assert "b" not in results
    finally:
        gated.gate.set()
        a.join(60)
        b.join(60)
    ra, rb = results["a"], results["b"]
    assert ra.published and ra.changed == ("guide.md",) and ra.embedded == 2
    assert rb.published and rb.changed == ("shoes.txt",) and rb.embedded == 2
    assert logs_b == [f"another build of {s.index} is running; waiting for it to finish…"] and logs_a == []
    assert idx.current_version(s.index) == rb.version == bot.data.version
    assert idx.verify(s.index / rb.version) and versions(s.index) == {ra.version, rb.version}
    assert "250 dollars" in bot.ask(NEW_FACT_Q).text


# ------------------------------------------------------------------ SIGKILL during builds
KILLS = 20


def cli_build(corpus: Path, index: Path, log: Path) -> subprocess.Popen:
    """`python -m assistant build`, exactly as a user runs it."""
    with open(log, "a") as err:
        return subprocess.Popen([sys.executable, "-m", "assistant", "build", "--corpus", str(corpus),
                                 "--index", str(index)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)


def set_state(corpus: Path, run: int, new_text: bool) -> None:
    """A corpus no build has seen: the shoes file under a new name (texts all cached),
    plus, when `new_text`, a notes file with a sentence the model has never embedded."""
    for f in corpus.glob("shoes-*.txt"):
        f.unlink()
    (corpus / f"shoes-{run}.txt").write_text(SHOES, encoding="utf-8")
    notes = corpus / "notes.txt"
    if new_text:
        notes.write_text(f"Training Notes\n\nNote {run}: the long run this week was {run + 3} miles.\n")
    else:
        notes.unlink(missing_ok=True)


def test_sigkill_at_random_moments_leaves_a_loadable_version(tmp_path, embedder):
    """A quarter of the runs embed a new sentence (imports and model load, long: kills land
    mostly before the index is touched); the rest re-publish cached texts under a new file
    name (short: kills land in the read/write/verify/flip/prune steps)."""
    corpus, index, log = tmp_path / "corpus", tmp_path / "index", tmp_path / "builds.log"
    corpus.mkdir()
    (corpus / "guide.md").write_text(GUIDE, encoding="utf-8")
    settings = settings_for(tmp_path)

    durations = {}
    for run, new_text in [(0, True), (1, False)]:  # one unkilled build of each kind: the typical durations
        set_state(corpus, run, new_text)
        t0 = time.monotonic()
        assert cli_build(corpus, index, log).wait(120) == 0, log.read_text()
        durations[new_text] = time.monotonic() - t0

    rng = random.Random(6)
    where = ["before writing", "while writing", "after the flip", "never (it finished first)"]
    outcomes, recovered = dict.fromkeys(where, 0), 0
    for run in range(2, 2 + KILLS):
        new_text = run % 4 == 0
        set_state(corpus, run, new_text)
        before = idx.current_version(index)
        expected = idx.version_name(idx.corpus_files(corpus), embedder.fingerprint, params(settings))
        proc = cli_build(corpus, index, log)
        try:
            proc.wait(rng.uniform(0, durations[new_text]))
        except subprocess.TimeoutExpired:
            pass
        proc.send_signal(signal.SIGKILL)  # Popen skips the signal when the build already finished
        code = proc.wait()

        live = idx.current_version(index)
        assert live in (before, expected), f"run {run}: CURRENT is {live}"
        written = (index / expected).exists() or list(index.glob(f".tmp-{expected}-*"))
        outcomes["never (it finished first)" if code == 0 else "after the flip" if live == expected else
                 "while writing" if written else "before writing"] += 1
        bot = Assistant(idx.load(index), embedder, settings)  # load() verifies every checksum
        answer = bot.ask("How often should running shoes be replaced?")
        assert "500 miles" in answer.text and answer.citations[0].source.startswith("shoes-"), answer.text
        recovered += 1
    print(f"\n{recovered} of {KILLS} recovered (killed " + ", ".join(f"{n} {k}" for k, n in outcomes.items())
          + f"; typical builds {durations[True]:.1f} s with new text, {durations[False]:.1f} s cached)")
    assert recovered == KILLS

    # whatever the kills left behind, the next build cleans up and publishes
    set_state(corpus, 99, new_text=True)
    bot = Assistant.open(corpus, index, embedder=embedder, log=quiet)
    assert bot.data.version == idx.version_name(idx.corpus_files(corpus), embedder.fingerprint, params(settings))
    assert not list(index.glob(".tmp-*")) and not list(index.glob(".CURRENT.*"))
    assert not list((index / "cache").rglob(".*.tmp.npz")) and len(versions(index)) <= 2


# The real CLI build, SIGKILLing itself just before the N-th file-system step under the index
# folder that matches a pattern (argv: corpus index pattern N), e.g. "os.rename .CURRENT.*" 1.
KILL_AT_STEP = """
import fnmatch, os, signal, sys
corpus, index, pattern, nth = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3], int(sys.argv[4])
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
seen = []
def hook(event, args):
    if event == "open":
        path, mode, flags = args
        writes = bool(mode and any(c in mode for c in "wax+")) or bool(mode is None and flags & WRITE)
    elif event in ("os.rename", "os.remove", "os.mkdir", "os.rmdir", "shutil.rmtree"):
        path, writes = args[0], True
    else:
        return
    if not (writes and isinstance(path, (str, os.PathLike))):
        return
    path = os.path.abspath(os.fspath(path))
    if path.startswith(index) and fnmatch.fnmatch(event + " " + os.path.relpath(path, index), pattern):
        seen.append(path)
        if len(seen) == nth:
            os.kill(os.getpid(), signal.SIGKILL)
sys.addaudithook(hook)
from assistant.cli import main
sys.exit(main(["build", "--corpus", corpus, "--index", index]))
"""
PUBLISH_STEPS = [  # (step, occurrence) in build order; only the last comes after CURRENT names the new version
    ("shutil.rmtree .tmp-*", 1), ("os.mkdir .tmp-*", 1), ("open .tmp-*/documents.json", 1),
    ("open .tmp-*/lexicon/*", 1), ("open .tmp-*/manifest.json", 1), ("shutil.rmtree v-*", 1),
    ("os.rename .tmp-*", 1), ("open .CURRENT.*", 1), ("os.rename .CURRENT.*", 1), ("shutil.rmtree v-*", 2),
]


def test_sigkill_at_each_step_of_writing_and_publishing(tmp_path, embedder):
    """Kills at random moments rarely land in the milliseconds of writing and publishing; here
    the CLI build kills itself at each of those steps, on a corpus whose texts are all cached."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "guide.md").write_text(GUIDE, encoding="utf-8")
    settings = settings_for(tmp_path)
    for run in range(2):  # two versions on disk, so every publish prunes one
        set_state(corpus, run, new_text=False)
        _build(settings, embedder, quiet)
    for run, (step, nth) in enumerate(PUBLISH_STEPS, start=2):
        set_state(corpus, run, new_text=False)
        before = idx.current_version(index)
        expected = idx.version_name(idx.corpus_files(corpus), embedder.fingerprint, params(settings))
        proc = subprocess.run([sys.executable, "-c", KILL_AT_STEP, str(corpus), str(index), step, str(nth)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, f"{step} #{nth} was never reached:\n{proc.stderr}"
        after_flip = (step, nth) == PUBLISH_STEPS[-1]
        assert idx.current_version(index) == (expected if after_flip else before), step
        bot = Assistant(idx.load(index), embedder, settings)  # load() verifies every checksum
        assert "500 miles" in bot.ask("How often should running shoes be replaced?").text, step

    set_state(corpus, 99, new_text=False)
    report = _build(settings, embedder, quiet)  # the next build publishes and clears the leftovers
    assert report.published and report.embedded == 0 and len(versions(index)) == 2
    assert not list(index.glob(".tmp-*")) and not list(index.glob(".CURRENT.*"))
