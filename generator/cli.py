"""The docmodels command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.config import PackageConfig, load_config, make_mode
from generator.diagnostics import SpecError
from generator.emit.targets import GENERATED_MARK
from generator.files import check_ownership, plan_output, unified_diff, write_output
from generator.mode import TARGETS, WIRE_NAME_STYLES
from generator.pipeline import generate_files

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT = 0, 1, 2


def _error(message: str) -> None:
    click.echo(message, err=True)


def _output_inside_spec(config: PackageConfig) -> bool:
    spec, out = config.spec.resolve(), config.output.resolve()
    return out == spec or spec in out.parents


def _run_package(config: PackageConfig, check: bool, diff: bool, verbosity: int) -> bool:
    """Generate one package; True when its output is (or was) stale."""
    if _output_inside_spec(config):
        raise SpecError(str(config.output), 1, f"output folder is inside the spec folder {config.spec}: choose another")
    files, warnings = generate_files(config.spec, config.mode)
    if verbosity >= 0:
        for warning in warnings:
            _error(f"{warning.path}:{warning.line}: warning: {warning.message}")
    plan = plan_output(config.output, files)
    if check:
        if plan.stale and verbosity >= 0:
            for rel in plan.write:
                click.echo(f"stale: {config.output / rel}")
            for rel in plan.remove:
                click.echo(f"stale (would be removed): {config.output / rel}")
            if diff:
                click.echo(unified_diff(config.output, files, plan), nl=False)
        return plan.stale
    check_ownership(config.output, plan, GENERATED_MARK)
    write_output(config.output, files, plan)
    if verbosity > 0:
        for rel in plan.write:
            click.echo(f"wrote {config.output / rel}")
        for rel in plan.remove:
            click.echo(f"removed {config.output / rel}")
    if verbosity >= 0:
        click.echo(
            f"{config.output}: {len(plan.write)} written, {len(plan.remove)} removed, {len(plan.unchanged)} unchanged",
            err=True,
        )
    return plan.stale


@click.group()
@click.version_option(package_name="docmodels")
def main() -> None:
    """Generate Pydantic, dataclass, TypedDict and JSON Schema models from Markdown model docs."""


@main.command()
@click.argument("spec_dir", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), help="Output package folder.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the output is stale.")
@click.option("--diff", "show_diff", is_flag=True, help="With --check, show a unified diff.")
@click.option("--strict", is_flag=True, default=None, help="Unresolved references are errors.")
@click.option("--wire-names", type=click.Choice(WIRE_NAME_STYLES), default=None, help="Keys on the wire.")
@click.option("--format", "formats", multiple=True, type=click.Choice(TARGETS), help="Targets (default: all).")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Templates overriding the built-in ones.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=Path("pyproject.toml"),
              show_default=True, help="pyproject.toml to read [tool.docmodels] from.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="List each file written.")
def generate(spec_dir: Path | None, out_dir: Path | None, check: bool, show_diff: bool, strict: bool | None,
             wire_names: str | None, formats: tuple[str, ...], templates: Path | None, config_path: Path,
             quiet: bool, verbose: bool) -> None:
    """Generate OUT_DIR from SPEC_DIR, or every package in [tool.docmodels]."""
    verbosity = -1 if quiet else (1 if verbose else 0)
    try:
        if spec_dir is not None:
            if out_dir is None:
                raise click.UsageError("give -o OUT_DIR with SPEC_DIR")
            mode = make_mode("<command line>", 1, wire_names=wire_names or "as-documented", strict=bool(strict),
                             formats=formats or TARGETS, templates=str(templates) if templates else None)
            packages = [PackageConfig(spec=spec_dir, output=out_dir, mode=mode)]
        else:
            if out_dir is not None:
                raise click.UsageError("-o OUT_DIR needs a SPEC_DIR")
            packages = load_config(config_path)
        stale = False
        for package in packages:
            stale |= _run_package(package, check, show_diff, verbosity)
    except SpecError as exc:
        _error(str(exc))
        sys.exit(EXIT_BAD_INPUT)
    if check and stale:
        if verbosity >= 0:
            _error("generated code is stale: run 'docmodels generate' and commit the result")
        sys.exit(EXIT_STALE)
    sys.exit(EXIT_OK)
