"""What changed between two versions of a spec folder, and whether it can break a consumer.

Built on the parsed and resolved intermediate model: definitions are matched by
title, fields by their documented name.
"""

from generator.diff.changes import Change
from generator.diff.compare import compare_packages
from generator.diff.load import load_spec, spec_at_revision
from generator.diff.report import PackageDiff, json_report, text_report

__all__ = ["Change", "PackageDiff", "compare_packages", "json_report", "load_spec", "spec_at_revision", "text_report"]
