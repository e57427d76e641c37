"""The model layer stays pure: importing any of its modules loads no display library."""

import pkgutil
import subprocess
import sys

import widgets.model

MODEL_MODULES = sorted(f"widgets.model.{m.name}" for m in pkgutil.iter_modules(widgets.model.__path__))
DISPLAY_LIBRARIES = ("matplotlib", "ipywidgets", "IPython", "ipympl", "PIL")


def test_the_model_layer_has_its_modules():
    assert {"widgets.model.mechanics", "widgets.model.gait", "widgets.model.validation"} <= set(MODEL_MODULES)


def test_importing_every_model_module_loads_no_display_library():
    code = (f"import sys; import {', '.join(MODEL_MODULES)}; "
            f"print([name for name in {DISPLAY_LIBRARIES!r} if name in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
