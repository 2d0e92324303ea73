"""The docmodels command line.

Exit status everywhere: 0 ok, 1 stale output (--check, or --fail-on-change after
regenerating), 2 bad input or usage (`file:line: message`, never a traceback),
3 breaking spec changes (`diff --fail-on-breaking`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from generator.config import PackageConfig, find_pyproject, load_config, make_mode
from generator.diagnostics import SpecError
from generator.emit.targets import GENERATED_MARK
from generator.files import plan_output, unified_diff, write_output
from generator.mode import TARGETS, WIRE_NAME_STYLES
from generator.pipeline import generate_files, output_is_current, remember_output

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_BREAKING = 0, 1, 2, 3


def _error(message: str) -> None:
    click.echo(message, err=True)


def _check_locations(config: PackageConfig) -> None:
    """The output folder is swapped whole: it must not hold the specs or the project."""
    spec, out = config.spec.resolve(), config.output.resolve()
    where, line = (config.origin, config.line) if config.origin != "<command line>" else (str(config.output), 1)
    if out == spec or spec in out.parents:
        raise SpecError(where, line, f"output folder {config.output} is inside the spec folder {config.spec}: choose another")
    if out in spec.parents:
        raise SpecError(where, line, f"output folder {config.output} contains the spec folder {config.spec}: choose another")
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents or out == Path(out.anchor):
        raise SpecError(where, line, f"output folder {config.output} contains the current folder: choose a folder of its own")
    if out.exists() and not out.is_dir():
        raise SpecError(where, line, f"output path {config.output} exists and is not a folder")


def _generate_one(config: PackageConfig, check: bool, show_diff: bool, verbosity: int,
                  step: Callable[[str], None]) -> tuple[bool, str | None]:
    """Generate (or check) one package: whether its output is (or was) stale, and a summary line."""
    _check_locations(config)
    current = output_is_current(config.spec, config.output, config.mode)
    if current is not None:  # nothing changed since the last run wrote it: no work (see generator.pipeline)
        step(f"{config.output}: generated")
        step(f"{config.output}: written")
        for warning in current.warnings if verbosity >= 0 else []:
            _error(f"{warning.path}:{warning.line}: warning: {warning.message}")
        return False, None if check else f"{config.output}: 0 written, 0 removed, {current.files} unchanged"
    files, warnings = generate_files(config.spec, config.mode, config.output, write_cache=not check)
    step(f"{config.output}: generated")
    if verbosity >= 0:
        for warning in warnings:
            _error(f"{warning.path}:{warning.line}: warning: {warning.message}")
    if check:
        plan = plan_output(config.output, files)
        step(f"{config.output}: checked")
        if plan.stale and verbosity >= 0:
            for rel in plan.write:
                click.echo(f"stale: {config.output / rel}")
            for rel in plan.remove:
                click.echo(f"stale (would be removed): {config.output / rel}")
            if show_diff:
                click.echo(unified_diff(config.output, files, plan), nl=False)
        return plan.stale, None
    plan = write_output(config.output, files, GENERATED_MARK)
    remember_output(config.spec, config.output, config.mode)
    step(f"{config.output}: written")
    if verbosity > 0:
        for rel in plan.write:
            click.echo(f"wrote {config.output / rel}")
        for rel in plan.remove:
            click.echo(f"removed {config.output / rel}")
    return plan.stale, f"{config.output}: {len(plan.write)} written, {len(plan.remove)} removed, {len(plan.unchanged)} unchanged"


@contextlib.contextmanager
def _progress(packages: list[PackageConfig], verbosity: int) -> Iterator[Callable[[str], None]]:
    """A progress bar, two steps a package (generate, write): on a terminal, at the default verbosity."""
    if verbosity != 0 or not sys.stderr.isatty():
        yield lambda label: None
        return
    with click.progressbar(length=2 * len(packages), label="docmodels", file=sys.stderr, show_pos=True,
                           show_percent=True, item_show_func=lambda label: label) as bar:
        yield lambda label: bar.update(1, label)


def _packages(spec_dir: Path | None, out_dir: Path | None, config_path: Path | None,
              overrides: dict[str, object]) -> list[PackageConfig]:
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
        settings = {"wire_names": package.mode.wire_names, "strict": package.mode.strict,
                    "formats": package.mode.targets, "templates": package.mode.templates_dir, **overrides}
        out.append(dataclasses.replace(package, mode=make_mode("<command line>", 1, **settings)))  # type: ignore[arg-type]
    return out


@click.group()
@click.version_option(package_name="docmodels")
def main() -> None:
    """Generate Pydantic, dataclass, TypedDict and JSON Schema models from Markdown model docs."""


@main.command()
@click.argument("spec_dir", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), help="Output package folder.")
@click.option("--check", is_flag=True, help="Write nothing; list stale files and exit 1 when the output is stale.")
@click.option("--diff", "show_diff", is_flag=True, help="With --check, also show a unified diff.")
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when anything was (re)written or removed (for pre-commit).")
@click.option("--strict", is_flag=True, default=None, help="Unresolved references are errors.")
@click.option("--wire-names", type=click.Choice(WIRE_NAME_STYLES), default=None, help="Keys on the wire.")
@click.option("--format", "formats", multiple=True, type=click.Choice(TARGETS), help="Targets (default: all).")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Templates overriding the built-in ones.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="pyproject.toml to read [tool.docmodels] from (default: the nearest one).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="List each file written.")
def generate(spec_dir: Path | None, out_dir: Path | None, check: bool, show_diff: bool, fail_on_change: bool,
             strict: bool | None, wire_names: str | None, formats: tuple[str, ...], templates: Path | None,
             config_path: Path | None, quiet: bool, verbose: bool) -> None:
    """Generate OUT_DIR from SPEC_DIR, or every package in [tool.docmodels]."""
    verbosity = -1 if quiet else (1 if verbose else 0)
    overrides: dict[str, object] = {}
    if strict:
        overrides["strict"] = True
    if wire_names:
        overrides["wire_names"] = wire_names
    if formats:
        overrides["formats"] = formats
    if templates:
        overrides["templates"] = str(templates)
    stale = False
    summaries: list[str] = []
    try:
        packages = _packages(spec_dir, out_dir, config_path, overrides)
        with _progress(packages, verbosity) as step:
            for package in packages:
                package_stale, summary = _generate_one(package, check, show_diff, verbosity, step)
                stale |= package_stale
                summaries.extend([summary] if summary else [])
    except SpecError as exc:
        _error(str(exc))
        sys.exit(EXIT_BAD_INPUT)
    except OSError as exc:
        _error(f"{exc.filename or '<docmodels>'}:1: {exc.strerror or exc}")
        sys.exit(EXIT_BAD_INPUT)
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


@main.command("diff")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path))
@click.option("--base", metavar="GIT_REV", help="Compare the spec folders as committed at GIT_REV with the work tree.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on-breaking", is_flag=True, help="Exit 3 when any change can break a consumer.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="With --base and no folders: the pyproject.toml whose spec folders to compare.")
def diff_command(folders: tuple[Path, ...], base: str | None, output_format: str, fail_on_breaking: bool,
                 config_path: Path | None) -> None:
    """Report what changed between two spec versions: OLD NEW folders, or --base GIT_REV [SPEC_DIR...]."""
    # Imported here: `generate` with nothing to do must not pay for the parser.
    from generator.diff import PackageDiff, compare_packages, json_report, load_spec, spec_at_revision, text_report

    try:
        if base is None:
            if len(folders) != 2:
                raise click.UsageError("give two spec folders OLD NEW, or --base GIT_REV")
            old, new = folders
            diffs = [PackageDiff(str(old), str(new), tuple(compare_packages(load_spec(old, str(old)), load_spec(new, str(new)))))]
        else:
            specs = list(folders) or [p.spec for p in load_config(config_path or find_pyproject(Path.cwd()))]
            diffs = []
            for spec in specs:
                with tempfile.TemporaryDirectory(prefix="docmodels-base-") as temp:
                    committed, label = spec_at_revision(base, spec, Path(temp))
                    before = load_spec(committed, label)
                changes = compare_packages(before, load_spec(spec, str(spec)))
                diffs.append(PackageDiff(label, str(spec), tuple(changes)))
    except SpecError as exc:
        _error(str(exc))
        sys.exit(EXIT_BAD_INPUT)
    click.echo(json_report(diffs) if output_format == "json" else text_report(diffs), nl=False)
    if fail_on_breaking and any(d.breaking for d in diffs):
        sys.exit(EXIT_BREAKING)
    sys.exit(EXIT_OK)
