"""The bulk engine's own errors: each one is a single line that says what to fix."""

from __future__ import annotations


class BulkError(Exception):
    """Something stops a bulk job before (or instead of) sending; the message is one line."""


class InputFileError(BulkError):
    """The input file cannot be used: empty, binary, wrong encoding, no phone column..."""


class UnknownListError(BulkError):
    """The named contact list does not exist (and `--create` was not given)."""


class JobError(BulkError):
    """A job in the journal cannot be resumed or read (unknown id, finished, running elsewhere)."""
