"""Test-only building blocks shared by more than one test folder (import as `tests.support.*`)."""
