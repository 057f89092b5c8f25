"""User-facing errors. Each message says what was found, what was expected and
what to do next; front ends print it as it is (CLI exit 1, API 4xx, UI chat)."""


class AssistantError(Exception):
    """Base class: anything a user can act on."""


class DocumentLoadError(AssistantError):
    """One corpus file could not be read; the build goes on without it."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyCorpusError(AssistantError):
    """Nothing indexable remains in the corpus."""


class IndexNotFoundError(AssistantError):
    """No usable index version in the index folder."""


class IndexMismatchError(AssistantError):
    """An index version is corrupt, partial or built with other settings."""


class InvalidQuestionError(AssistantError):
    """The question is empty, too long or not text."""


class ModelNotFoundError(AssistantError):
    """The bundled embedding model package is missing."""


class BuildError(AssistantError):
    """A build failed; the live index version is untouched."""
