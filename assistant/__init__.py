"""Answer questions about an article by quoting it.

    from assistant import Assistant
    bot = Assistant.open("corpus", "index")
    answer = bot.ask("What is impingement?")
    print(answer.text, answer.citations[0].section)
"""
from .datatypes import Answer, BuildReport, Citation
from .errors import (AssistantError, BuildError, DocumentLoadError, EmptyCorpusError, IndexMismatchError,
                     IndexNotFoundError, InvalidQuestionError, ModelNotFoundError)
from .pipeline import Assistant

__all__ = ["Assistant", "Answer", "BuildReport", "Citation", "AssistantError", "BuildError", "DocumentLoadError",
           "EmptyCorpusError", "IndexMismatchError", "IndexNotFoundError", "InvalidQuestionError",
           "ModelNotFoundError"]
