"""Reading the data files shipped inside the package (lexicons, tables), with errors that name
the file."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from .errors import ResourceError


def read_text(package: str, name: str) -> str:
    try:
        return resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except OSError as err:
        raise ResourceError(f"the packaged {package}/{name} cannot be read: {err}") from err


def read_yaml(package: str, name: str) -> dict[str, Any]:
    """A packaged YAML file whose top level is a mapping."""
    try:
        data = yaml.safe_load(read_text(package, name))
    except yaml.YAMLError as err:
        raise ResourceError(f"{name} is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ResourceError(f"{name}: expected a mapping at the top")
    return data
