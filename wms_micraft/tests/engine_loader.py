"""The plain-Python engine, loaded the same way by every engine test.

``engine/`` imports nothing from Odoo; its modules import each other
relatively. They are loaded here as a package under a name of their own, by
path, so the engine tests exercise exactly the files in ``engine/`` whatever
the Odoo registry holds (and dataclasses resolve annotations through
``sys.modules``).
"""

import importlib
import importlib.util
import pathlib
import sys

_ENGINE = pathlib.Path(__file__).resolve().parents[1] / "engine"
_PACKAGE = "wms_micraft_engine_under_test"


def engine_module(name):
    """The module ``engine/<name>.py``."""
    if _PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            _PACKAGE, _ENGINE / "__init__.py", submodule_search_locations=[str(_ENGINE)])
        package = importlib.util.module_from_spec(spec)
        sys.modules[_PACKAGE] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"{_PACKAGE}.{name}")
