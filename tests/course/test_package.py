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


def test_the_import_paths_of_released_notebooks_still_work():
    """Lessons, assignments and apps in learners' hands import these paths."""
    from widgets.cadence import step_timing
    from widgets.drawing import PushOffViews
    from widgets.drills import show_drill
    from widgets.hip_extension import HipExtensionExplorer
    from widgets.mechanics import TRUNK_INERTIA_KG_M2, contact_time_s, push_off, reach_per_degree_m
    from widgets.media import show_media
    from widgets.palette import PALETTE
    from widgets.profile import ProfileEditor, load_profile
    from widgets.selfcheck import self_check

    assert all((step_timing, PushOffViews, show_drill, HipExtensionExplorer, TRUNK_INERTIA_KG_M2,
                contact_time_s, push_off, reach_per_degree_m, show_media, PALETTE, ProfileEditor,
                load_profile, self_check))


def test_a_kept_path_is_the_same_module_as_its_new_home():
    import widgets.mechanics
    import widgets.model.mechanics

    assert widgets.mechanics is widgets.model.mechanics


def test_layers_import_only_downwards():
    """model <- drawing <- explorers; learner, media and video sit beside; nothing imports grading."""
    import ast
    from pathlib import Path

    root = Path(widgets.__file__).parent
    below = {"model": set(), "drawing": {"model"}, "learner": {"model"}, "video": {"model"},
             "explorers": {"model", "drawing", "learner", "video"}, "media": {"model", "drawing"}}
    for layer, allowed in below.items():
        for path in (root / layer).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module:
                    target = node.module.split(".")[0]
                    assert target in allowed | {"lazy", "bundle"}, f"{path.relative_to(root)} imports widgets.{node.module}"
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                    assert not any(n.startswith(("widgets.grading", "course_grading")) for n in names), path
