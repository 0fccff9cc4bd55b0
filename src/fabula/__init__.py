"""fabula: reads a work of prose fiction and reconstructs who is in it and who says what to whom.

    >>> import fabula
    >>> story = fabula.analyze("story.txt")
    >>> story.quotes_df()
"""

from .errors import FabulaError, InputError, ModelNotInstalledError
from .model import Character, Mention, Paragraph, Quote, Scene, Story
from .pipeline import Pipeline, analyze, register, stage

__version__ = "0.1.0"

__all__ = [
    "Character",
    "FabulaError",
    "InputError",
    "Mention",
    "ModelNotInstalledError",
    "Paragraph",
    "Pipeline",
    "Quote",
    "Scene",
    "Story",
    "__version__",
    "analyze",
    "register",
    "stage",
]
