"""SpecPackage -> generated files, one Jinja template per target."""
