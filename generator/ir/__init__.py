"""The intermediate model: frozen dataclasses every target is rendered from."""
