"""Modules copied verbatim into every generated package of a target as its `_runtime.py`.

They are real modules of the generator: linted and type-checked with it, and
imported by nothing here. Each depends only on the standard library and the
target's own library (pydantic, msgspec).
"""
