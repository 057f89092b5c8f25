"""Assistant: wires the stages, owns the live index, rebuilds and hot-swaps it.

`Assistant.open()` loads the CURRENT index version, or builds one first when
there is none, when it is damaged, or when it is stale (a corpus file added,
changed or removed; another model or other parameters). `ask()` answers from
the version it holds; `rebuild()` builds under the index lock and swaps the
new version in with one reference assignment, so questions in flight finish
on the old one.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np

from .answer import decline, make_answer
from .answer_score import score
from .config import Settings
from .conversation import follow_up, opening_turn, told_then_asked
from .datatypes import Answer, BuildReport
from .embed import BundledEmbedder, Embedder
from .errors import BuildError, IndexMismatchError, IndexNotFoundError, InvalidQuestionError
from .lexical import spell_out
from .question import as_question, asks_causes_in_other_words, small_talk, strip_framing, strip_pleasantries
from . import index as idx

# How much an elliptical question's topic weighs against the question itself.
CONTEXT_WEIGHT = {"strong": 0.6, "weak": 0.35}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def build_lock(index_dir: Path, log=print):
    """The cross-process build lock; says so when it has to wait."""
    from filelock import FileLock, Timeout

    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log(f"another build of {index_dir} is running; waiting for it to finish…")
        lock.acquire()
    return lock


class Assistant:
    def __init__(self, data: idx.IndexData, embedder: Embedder, settings: Settings):
        self._data = data
        self.embedder = embedder
        self.settings = settings
        self._rebuild_lock = threading.Lock()
        self._known_words: frozenset[str] | None = None

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, corpus: str | Path = "corpus", index: str | Path = "index", *, settings: Settings | None = None,
             embedder: Embedder | None = None, log=print) -> "Assistant":
        """Load the current index, building it first when missing, damaged or stale."""
        settings = (settings or Settings()).with_overrides(corpus=Path(corpus), index=Path(index))
        embedder = embedder or BundledEmbedder()
        data = None
        reason = None
        try:
            if not settings.corpus.is_dir() and idx.current_version(settings.index):
                log(f"warning: corpus folder {settings.corpus} not found; serving the existing index as it is")
                return cls(idx.load(settings.index), embedder, settings)
            expected = idx.version_name(idx.corpus_files(settings.corpus), embedder.fingerprint, params(settings))
            current = idx.current_version(settings.index)
            if current != expected:
                reason = "no index yet" if current is None else "the corpus, model or settings changed"
            else:
                data = idx.load(settings.index)
        except IndexMismatchError as exc:
            reason = f"the index is damaged ({exc})"
        except IndexNotFoundError:
            reason = "no index yet"
        if data is None:
            log(f"building the index: {reason}")
            report = _build(settings, embedder, log)
            log(report.summary())
            data = idx.load(settings.index)
        return cls(data, embedder, settings)

    @classmethod
    def from_documents(cls, documents, index: str | Path, *, settings: Settings | None = None,
                       embedder: Embedder | None = None, log=print) -> "Assistant":
        """An assistant over documents made in memory (evaluation sets); no corpus folder."""
        settings = (settings or Settings()).with_overrides(index=Path(index))
        embedder = embedder or BundledEmbedder()
        lock = build_lock(settings.index, log)
        try:
            idx.build(None, settings.index, embedder, params(settings), log=log, documents=list(documents))
        finally:
            lock.release()
        return cls(idx.load(settings.index), embedder, settings)

    def rebuild(self, log=print) -> BuildReport:
        """Build from the corpus and swap the new version in (no-op when nothing changed)."""
        def swap(report: BuildReport) -> None:
            if report.version != self._data.version:
                self._data = idx.load(self.settings.index, report.version)

        with self._rebuild_lock:
            return _build(self.settings, self.embedder, log, after=swap)

    @property
    def data(self) -> idx.IndexData:
        return self._data

    def health(self) -> dict:
        data = self._data
        return {"status": "ok", "index_version": data.version, "documents": len(data.documents),
                "chunks": len(data.chunks), "sentences": len(data.sentences), "model": self.embedder.name}

    def starter_questions(self, limit: int = 4) -> list[str]:
        """Questions the corpus itself suggests: its FAQ questions, else its headings."""
        faq, heads = [], []
        for doc in self._data.documents.values():
            for sec in doc.sections:
                if sec.path and sec.path[0] == "FAQ" and len(sec.path) > 1:
                    faq.append(sec.path[-1])
                elif sec.title not in ("Introduction", "Conclusion", "FAQ") and len(sec.path) > 1:
                    heads.append(f"What does the article say about {sec.title[0].lower() + sec.title[1:]}?")
        return list(dict.fromkeys(faq + heads))[:limit]

    def warm_up(self) -> None:
        """Load the model and answer one question. An index loaded from disk needs no embedding, so
        without this the first reader would wait for torch's import and the model's load (seconds).
        The English dictionary that mends typos is loaded too (0.2 s, else on the first typo)."""
        from .lexical import load_english

        load_english()
        self.ask((self.starter_questions(1) or ["What is this about?"])[0])

    # ------------------------------------------------------------ answering
    def known_words(self) -> frozenset[str]:
        """Words the embedding model knows whole: these are never 'typo-corrected'."""
        if self._known_words is None:
            vocab = Path(getattr(self.embedder, "path", "")) / "vocab.txt"
            try:
                self._known_words = frozenset(w for w in vocab.read_text(encoding="utf-8").split() if w.isalpha())
            except OSError:
                self._known_words = frozenset()
        return self._known_words

    def clean_question(self, question) -> str:
        if not isinstance(question, str):
            raise InvalidQuestionError("The question must be text.")
        # lone surrogates (from broken clients or terminals) are not text: replace them
        question = question.encode("utf-8", "replace").decode("utf-8")
        question = _CONTROL.sub(" ", question).strip()
        if not question:
            raise InvalidQuestionError("The question is empty; type a question about the article.")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise InvalidQuestionError(f"The question is {len(question)} characters long; the limit is {limit}. "
                                       "Ask something shorter.")
        return question

    def query(self, question: str, history: list[dict] | None, data: idx.IndexData | None = None):
        """The text and vector to retrieve with: typos mended, "what about X?" restated as the question
        it continues, an elliptical question's topic blended in (and a message that tells before it
        asks read as a turn that tells, then the question), the article's words for a reader's short
        forms of them added after it ("physio" -> "physical"), "Tell me about X" asked as "What is X?",
        and "causes" after "What's behind X?"."""
        text, vector, _ = self._read(question, history, data)
        return text, vector

    def _read(self, question: str, history: list[dict] | None, data: idx.IndexData | None = None):
        """`query`'s text and vector, and the question's own words (without the topic added after
        them), whose answer type is the question's: "and which exercises?" after "How often should I
        do hip strengthening?" asks for exercises, not for a frequency."""
        data = data or self._data
        question = strip_pleasantries(question)  # "hi, what about X? thanks!"
        story = told_then_asked(question)  # "My hips ache after runs. What should I do?"
        if story:
            told = [{"role": "user", "content": story[0]}, {"role": "assistant", "content": ""}]
            history = list(history or []) + told
            question = story[1]
        elif not history and len(data.documents) == 1:
            # "how do I prevent it?" as the first question: "it" is what the article is about
            question, history = opening_turn(question, next(iter(data.documents.values())).title) \
                or (question, history)
        again, context, kind = follow_up(question, history)  # "what about X?" is asked alone, as restated
        known = self.known_words()
        query = data.lexicon.with_corpus_words(
            strip_framing(as_question(data.lexicon.correct(spell_out(again or question), known))), known)
        if asks_causes_in_other_words(query) and data.lexicon.uses("causes"):  # "What's behind X?"
            query = f"{query} causes"
        if not context:
            return query, self.embedder.embed([query])[0], query
        context = data.lexicon.with_corpus_words(data.lexicon.correct(spell_out(context), known), known)
        qv, cv = self.embedder.embed([query, context])
        qvec = qv + CONTEXT_WEIGHT[kind] * cv
        return (f"{query} {context}" if kind == "strong" else query), qvec / np.linalg.norm(qvec), query

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer from the article, quoting it, or decline."""
        question = self.clean_question(question)
        data = self._data  # one version for the whole question, even if a swap happens meanwhile
        history = list(history or [])[-2 * self.settings.max_history_turns:]
        talk = small_talk(question)
        if talk:
            return self.reply(question, talk, data)
        if not data.sentences:
            return decline(data, question, 0.0, [])
        from .retrieve import gather

        query, qvec, asked = self._read(question, history, data)
        evidence = gather(data, qvec, query)
        scored = score(data, evidence, query, self.known_words(), asked=asked)
        return make_answer(data, scored, query, evidence.hits, question)

    def reply(self, message: str, kind: str, data: idx.IndexData | None = None) -> Answer:
        """The assistant's own words for small talk (question.small_talk), with starter questions."""
        data = data or self._data
        titles = [d.title for d in data.documents.values()]
        if len(titles) == 1:
            about = f"“{titles[0]}”"
        else:
            about = f"the {len(titles)} documents here" if titles else "the articles here"
        text = {"greeting": f"Hello! Ask me anything about {about}: I answer by quoting it, with the sections I quote.",
                "thanks": f"You're welcome. Ask another question about {about} whenever you like.",
                "ok": f"Anything else you'd like to know about {about}?",
                "goodbye": "Goodbye, and good luck!",
                "help": f"I answer questions about {about} by quoting it word for word and citing the sections I "
                        "quote. When it doesn't answer a question, I say so."}[kind]
        starters = () if kind == "goodbye" else tuple(self.starter_questions(3))
        return Answer(message, text, (), True, 0.0, (), starters, small_talk=True)


def params(settings: Settings) -> dict:
    from .chunk import VERSION as chunker
    from .lexical import VERSION as lexical
    from .load import VERSION as loader

    return {"chunk_chars": settings.chunk_chars, "chunker": chunker, "inputs": "heading-context-2", "lexical": lexical,
            "loader": loader}


def _build(settings: Settings, embedder: Embedder, log, after=None) -> BuildReport:
    """Build under the index lock; `after(report)` runs before the lock is released, so the
    version it loads cannot be pruned by another build meanwhile."""
    lock = build_lock(settings.index, log)
    try:
        try:
            report = idx.build(settings.corpus, settings.index, embedder, params(settings), log=log)
        except (OSError, MemoryError) as exc:
            raise BuildError(f"The index build failed ({exc}); the live index is unchanged. Free disk space "
                             "or fix the file named above, then run `python -m assistant build`.") from exc
        if after is not None:
            after(report)
        return report
    finally:
        lock.release()
