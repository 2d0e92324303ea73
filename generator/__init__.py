"""docmodels: Markdown model docs -> intermediate model -> Pydantic, dataclasses, TypedDict, JSON Schema."""

__version__ = "0.1.0"
