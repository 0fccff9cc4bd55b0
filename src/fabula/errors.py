"""Errors fabula raises for problems a user can fix. The CLI prints their message as one line."""


class FabulaError(Exception):
    """Base class: a problem with the input or the installation, explained in one sentence."""


class InputError(FabulaError):
    """The input cannot be read as a story (missing, empty, binary, a directory, ...)."""


class ModelNotInstalledError(FabulaError):
    """The spaCy model fabula needs is not installed."""
