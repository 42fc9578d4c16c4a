"""Errors textfix raises for expected bad input (the CLI reports them without a traceback)."""


class TextfixError(Exception):
    """Base class of every error textfix raises on purpose."""


class BinaryInputError(TextfixError):
    """The input is binary data (an image, an archive, NUL-heavy bytes), not text."""


class UsageError(TextfixError):
    """A bad option, rule id or configuration value."""
