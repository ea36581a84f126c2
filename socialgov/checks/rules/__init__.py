"""Rule kinds. Importing this package registers every kind; add new modules here."""

from socialgov.checks.rules import banned_terms, max_count, max_length, substitution

__all__ = ["banned_terms", "max_count", "max_length", "substitution"]
