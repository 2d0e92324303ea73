"""Markdown docs -> intermediate model definitions (refs not yet resolved)."""
