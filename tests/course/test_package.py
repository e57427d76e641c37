"""The package imports light and exposes the public API lazily."""

import subprocess
import sys

import widgets


def test_import_widgets_loads_neither_ipywidgets_nor_matplotlib():
    code = "import sys, widgets; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_every_public_name_resolves():
    for name in widgets.__all__:
        assert getattr(widgets, name) is not None, name


def test_an_unknown_name_raises_attribute_error():
    try:
        widgets.NoSuchExplorer
    except AttributeError as error:
        assert "NoSuchExplorer" in str(error)
    else:
        raise AssertionError("expected AttributeError")
