"""Names a package exposes without importing their modules until first use.

``import widgets`` must stay light (no ipywidgets, no matplotlib), and ``widgets.video`` must not
load PyAV until asked: both hand a {name: module} map to :func:`lazy_attributes` and use the
module ``__getattr__`` and ``__dir__`` it returns.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable


def lazy_attributes(package: str, names: dict[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: each name loads from its module (relative) once."""
    namespace = import_module(package).__dict__

    def __getattr__(name: str):
        if name in names:
            value = getattr(import_module(f".{names[name]}", package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__
