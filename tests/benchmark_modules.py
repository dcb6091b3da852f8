"""Import a script of benchmarks/ as a module, for tests of the generators the benchmarks use
(benchmarks/ is not a package: its scripts are run by path)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load_benchmark(script: str) -> ModuleType:
    """benchmarks/<script>.py as a module, imported once per test session."""
    name = f"benchmark_{script}"
    if name not in sys.modules:
        sys.path.insert(0, str(BENCHMARKS))  # (a benchmark imports its neighbours: memory.py)
        try:
            spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{script}.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        finally:
            sys.path.remove(str(BENCHMARKS))
    return sys.modules[name]
