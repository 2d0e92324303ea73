"""Python laid out by construction: a layout document and its printer (doc.py), a builder per
construct the targets write (syntax.py), escaped literals (pyexpr.py). No stage of the pipeline:
emit/ builds with it."""
