"""Cordon's exceptions. The messages are the CLI's (without its leading ``error: ``)."""

from __future__ import annotations

from typing import Any, List, Sequence


class CordonError(Exception):
    """Base class of every error Cordon raises."""


class InputError(CordonError, ValueError):
    """Bad input: what the CLI reports with exit code 2 (an unknown course of action, a bad
    option, an unreadable file...)."""


class ScenarioError(InputError):
    """An invalid scenario. ``str(err)`` is the CLI's report; ``err.diagnostics`` lists every
    problem as a :class:`cordon.Diagnostic` (file, line, column, path, message, expected,
    hint)."""

    diagnostics: List[Any]

    def __init__(self, message: str, diagnostics: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class RunError(CordonError, RuntimeError):
    """A failure at run time: what the CLI reports with exit code 1 (a replication that went
    numerically wrong, a file that cannot be written...)."""
