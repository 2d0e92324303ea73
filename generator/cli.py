"""The docmodels command line: parse the options, call generator.pipeline.run, print what it says.

Exit status everywhere: 0 ok, 1 stale output (--check, or --fail-on-change after
regenerating), 2 bad input or usage (`file:line: message`, never a traceback),
3 breaking spec changes (`diff --fail-on-breaking`), 130 interrupted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import click

from generator.config import PackageConfig, check_overlaps, find_pyproject, load_config, make_mode
from generator.diagnostics import Diagnostic, SpecError
from generator.mode import TARGETS, WIRE_NAME_STYLES, Mode

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_BREAKING, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _error(message: str) -> None:
    click.echo(message, err=True)


def _warn(warnings: tuple[Diagnostic, ...] | list[Diagnostic], verbosity: int) -> None:
    if verbosity >= 0:
        for w in warnings:
            _error(f"{w.path}:{w.line}: warning: {w.message}")


@contextlib.contextmanager
def _progress(packages: list[PackageConfig], verbosity: int) -> Iterator[Callable[[str], None]]:
    """A progress bar, two steps a package (generate, write): on a terminal, at the default verbosity."""
    if verbosity != 0 or not sys.stderr.isatty():
        yield lambda label: None
        return
    with click.progressbar(
        length=2 * len(packages),
        label="docmodels",
        file=sys.stderr,
        show_pos=True,
        show_percent=True,
        item_show_func=lambda label: label,
    ) as bar:
        yield lambda label: bar.update(1, label)


def _packages(
    spec_dir: Path | None, out_dir: Path | None, config_path: Path | None, overrides: dict[str, object]
) -> list[PackageConfig]:
    if spec_dir is not None:
        if out_dir is None:
            raise click.UsageError("give -o OUT_DIR with SPEC_DIR")
        mode = make_mode("<command line>", 1, **overrides)  # type: ignore[arg-type]
        return [PackageConfig(spec=spec_dir, output=out_dir, mode=mode)]
    if out_dir is not None:
        raise click.UsageError("-o OUT_DIR needs a SPEC_DIR")
    packages = load_config(config_path or find_pyproject(Path.cwd()))
    if not overrides:
        return packages
    # Options given on the command line win over each package's settings.
    out = []
    for package in packages:
        m = package.mode
        settings = {
            "wire_names": m.wire_names,
            "strict": m.strict,
            "formats": m.targets,
            "templates": m.templates_dir,
            "select": m.select,
            **overrides,
        }
        mode = make_mode("<command line>", 1, **settings)  # type: ignore[arg-type]
        # The overrides stay the package's: no option replaces them.
        out.append(dataclasses.replace(package, mode=dataclasses.replace(mode, overrides=m.overrides)))
    check_overlaps(out)
    return out


def _labelled(step: Callable[[str], None], output: Path) -> Callable[[str], None]:
    """The progress bar's step for one package: its labels name the package's output."""
    return lambda label: step(f"{output}: {label}")


def _fail(exc: BaseException, verbosity: int) -> NoReturn:
    """Report an error the way every command does, and exit."""
    if isinstance(exc, KeyboardInterrupt):
        _error("docmodels: interrupted; the previous output is as it was")
        sys.exit(EXIT_INTERRUPTED)
    if isinstance(exc, SpecError):
        _warn(exc.warnings, verbosity)
        _error(str(exc))
    elif isinstance(exc, OSError):
        _error(f"{exc.filename or '<docmodels>'}:1: {exc.strerror or exc}")
    sys.exit(EXIT_BAD_INPUT)


@click.group()
@click.version_option(package_name="docmodels")
def main() -> None:
    """Generate Pydantic, dataclass, TypedDict, msgspec and JSON Schema models from Markdown model docs."""


@main.command()
@click.argument("spec_dir", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), help="Output package folder.")
@click.option("--check", is_flag=True, help="Write nothing; list stale files and exit 1 when the output is stale.")
@click.option("--diff", "show_diff", is_flag=True, help="With --check, also show a unified diff.")
@click.option(
    "--fail-on-change", is_flag=True, help="Exit 1 when anything was (re)written or removed (for pre-commit)."
)
@click.option("--strict", is_flag=True, default=None, help="Unresolved references are errors.")
@click.option("--wire-names", type=click.Choice(WIRE_NAME_STYLES), default=None, help="Keys on the wire.")
@click.option("--format", "formats", multiple=True, type=click.Choice(TARGETS), help="Targets (default: all).")
@click.option(
    "--select", multiple=True, metavar="TITLE", help="Only this definition and what it references (repeatable)."
)
@click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), help="Templates overriding the built-in ones."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="pyproject.toml to read [tool.docmodels] from (default: the nearest one).",
)
@click.option("--watch", "watch_mode", is_flag=True, help="Keep running: regenerate when a doc or the config changes.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="List each file written.")
def generate(
    spec_dir: Path | None,
    out_dir: Path | None,
    check: bool,
    show_diff: bool,
    fail_on_change: bool,
    strict: bool | None,
    wire_names: str | None,
    formats: tuple[str, ...],
    select: tuple[str, ...],
    templates: Path | None,
    config_path: Path | None,
    watch_mode: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Generate OUT_DIR from SPEC_DIR, or every package in [tool.docmodels]."""
    from generator.pipeline import run

    verbosity = -1 if quiet else (1 if verbose else 0)
    given = {"strict": strict, "wire_names": wire_names, "formats": formats, "select": select, "templates": templates}
    overrides: dict[str, object] = {k: str(v) if isinstance(v, Path) else v for k, v in given.items() if v}  # as given
    if watch_mode:
        if check or fail_on_change:
            raise click.UsageError("--watch writes as it goes: it does not go with --check or --fail-on-change")
        config = None if spec_dir is not None else (config_path or find_pyproject(Path.cwd()))
        _watch(lambda: _packages(spec_dir, out_dir, config_path, overrides), config, verbosity)
    stale = False
    summaries: list[str] = []
    try:
        packages = _packages(spec_dir, out_dir, config_path, overrides)
        with _progress(packages, verbosity) as step:
            for package in packages:
                outcome = run(package, check=check, show_diff=show_diff, progress=_labelled(step, package.output))
                _warn(outcome.warnings, verbosity)
                stale |= outcome.stale
                _report(outcome, check, verbosity, summaries)
    except (SpecError, OSError, KeyboardInterrupt) as exc:
        _fail(exc, verbosity)
    if verbosity >= 0:
        for summary in summaries:  # after the progress bar, which would overwrite them
            _error(summary)
    if check and stale:
        _error("generated code is stale: run 'docmodels generate' and commit the result")
        sys.exit(EXIT_STALE)
    if fail_on_change and stale:
        _error("docmodels regenerated the models: review the changes, 'git add' them and commit again")
        sys.exit(EXIT_STALE)
    sys.exit(EXIT_OK)


def _watch(load: Callable[[], list[PackageConfig]], config: Path | None, verbosity: int) -> NoReturn:
    """Generate once, then again on every change, one line each, until Ctrl-C."""
    import time

    from generator.pipeline import run
    from generator.watch import describe, snapshot, watch

    def regenerate(packages: list[PackageConfig], changed: dict[str, list[str]]) -> None:
        for package in packages:
            outcome = run(package)
            _warn(outcome.warnings, 1 if verbosity > 0 else -1)  # the line below counts them
            _error(
                f"{time.strftime('%H:%M:%S')} {package.output}: {len(outcome.written)} written, "
                f"{len(outcome.removed)} removed ({describe(changed.get(str(package.output), []), outcome.warnings)})"
            )

    def problem(exc: Exception) -> None:
        if isinstance(exc, SpecError):
            _warn(exc.warnings, verbosity)
        _error(str(exc) if isinstance(exc, SpecError) else f"<docmodels>:1: {exc}")

    try:
        packages = load()
        before = snapshot(packages, config)  # before the first run: an edit during it counts
        try:
            regenerate(packages, {str(p.output): ["(first run)"] for p in packages})
        except (SpecError, OSError) as exc:
            problem(exc)
        _error("docmodels: watching for changes (Ctrl-C to stop)")
        watch(packages, before, load, config, regenerate, problem)
    except KeyboardInterrupt:
        _error("docmodels: stopped watching")
        sys.exit(EXIT_OK)
    raise AssertionError("watch() returns only by an exception")


def _report(outcome: object, check: bool, verbosity: int, summaries: list[str]) -> None:
    from generator.pipeline import Outcome

    assert isinstance(outcome, Outcome)
    out = outcome.output
    if check:
        if outcome.stale and verbosity >= 0:
            for rel in outcome.written:
                click.echo(f"stale: {out / rel}")
            for rel in outcome.removed:
                click.echo(f"stale (would be removed): {out / rel}")
            click.echo(outcome.diff, nl=False)
        return
    if verbosity > 0:
        for rel in outcome.written:
            click.echo(f"wrote {out / rel}")
        for rel in outcome.removed:
            click.echo(f"removed {out / rel}")
    summaries.append(
        f"{out}: {len(outcome.written)} written, {len(outcome.removed)} removed, {outcome.unchanged} unchanged"
    )


@main.command("diff")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path))
@click.option("--base", metavar="GIT_REV", help="Compare the spec folders as committed at GIT_REV with the work tree.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on-breaking", is_flag=True, help="Exit 3 when any change can break a consumer.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="With --base and no folders: the pyproject.toml whose spec folders to compare.",
)
def diff_command(
    folders: tuple[Path, ...], base: str | None, output_format: str, fail_on_breaking: bool, config_path: Path | None
) -> None:
    """Report what changed between two spec versions: OLD NEW folders, or --base GIT_REV [SPEC_DIR...]."""
    from generator.diff import PackageDiff, compare_packages, json_report, load_spec, spec_at_revision, text_report

    try:
        if base is None:
            if len(folders) != 2:
                raise click.UsageError("give two spec folders OLD NEW, or --base GIT_REV")
            old, new = folders
            before, after = load_spec(old, str(old)), load_spec(new, str(new))
            diffs = [PackageDiff(str(old), str(new), tuple(compare_packages(before, after)))]
        else:
            configured = [] if folders else load_config(config_path or find_pyproject(Path.cwd()))
            specs = [(f, Mode()) for f in folders] or [(p.spec, p.mode) for p in configured]
            diffs = []
            for spec, mode in specs:
                with tempfile.TemporaryDirectory(prefix="docmodels-base-") as temp:
                    committed, label = spec_at_revision(base, spec, Path(temp))
                    before = load_spec(committed, label, mode)
                after = load_spec(spec, str(spec), mode)
                diffs.append(PackageDiff(label, str(spec), tuple(compare_packages(before, after))))
    except (SpecError, OSError, KeyboardInterrupt) as exc:
        _fail(exc, 0)
    click.echo(json_report(diffs) if output_format == "json" else text_report(diffs), nl=False)
    if fail_on_breaking and any(d.breaking for d in diffs):
        sys.exit(EXIT_BREAKING)
    sys.exit(EXIT_OK)
