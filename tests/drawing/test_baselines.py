"""Image baselines: each explorer's default figure must look as reviewed, and read at 100 % zoom.

Every explorer is built without a runner profile, rendered by Agg at its own dpi (100)
and compared with ``tests/drawing/baseline/<Explorer>.png`` by
:func:`matplotlib.testing.compare.compare_images` (RMS tolerance ``TOLERANCE``), so a
change of look fails here until its new picture is reviewed and committed.

To accept a reviewed change: ``UPDATE_BASELINES=1 .venv/bin/python -m pytest -q
-p no:cacheprovider tests/drawing/test_baselines.py`` rewrites the PNGs; look at them
before committing. Fonts: every figure draws its text in matplotlib's bundled DejaVu
Sans (``font.family`` pinned here too), so the baselines do not depend on the machine's fonts.
"""

import os
from pathlib import Path

import matplotlib
import pytest
from matplotlib.testing.compare import compare_images
from matplotlib.text import Text

from widgets.drawing.style import FONT_FAMILY, SMALL_PT
from widgets.explorers.cadence import CadenceExplorer
from widgets.explorers.foot_strike import FootStrikeExplorer
from widgets.explorers.gait_cycle import GaitCycleExplorer
from widgets.explorers.hip_extension import HipExtensionExplorer
from widgets.explorers.routine import RoutineBuilder
from widgets.explorers.thomas import ThomasTestExplorer

BASELINES = Path(__file__).parent / "baseline"
TOLERANCE = 3.0
EXPLORERS = (HipExtensionExplorer, GaitCycleExplorer, ThomasTestExplorer, CadenceExplorer,
             FootStrikeExplorer, RoutineBuilder)
#: The most a figure may take: the width JupyterLab's notebook has at 1366 px, and a
#: height that leaves room for the controls in 650 px (Hip Extension: 560 px).
MAX_WIDTH_PX, MAX_HEIGHT_PX = 680, 560


def build(explorer_class):
    with matplotlib.rc_context({"font.family": FONT_FAMILY}):
        return explorer_class(use_profile=False)


@pytest.fixture(params=EXPLORERS, ids=lambda cls: cls.__name__, scope="module")
def app(request):
    return build(request.param)


def test_default_figure_matches_its_reviewed_baseline(app, tmp_path):
    name = f"{type(app).__name__}.png"
    actual = tmp_path / name
    actual.write_bytes(app.surface.png)
    expected = BASELINES / name
    if os.environ.get("UPDATE_BASELINES") == "1":
        BASELINES.mkdir(exist_ok=True)
        expected.write_bytes(app.surface.png)
        pytest.skip(f"rewrote {expected.relative_to(BASELINES.parent)}: review it before committing")
    assert expected.exists(), f"no baseline {expected}; run with UPDATE_BASELINES=1 and review it"
    difference = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert difference is None, difference


def test_figure_fits_the_laptop_screen(app):
    assert app.surface.width_px <= MAX_WIDTH_PX and app.surface.height_px <= MAX_HEIGHT_PX


def _drawn_tick_labels(ax):
    """The tick labels matplotlib draws: those of ticks inside the view limits."""
    labels = []
    for axis, coordinate, limits in ((ax.xaxis, 0, ax.get_xlim()), (ax.yaxis, 1, ax.get_ylim())):
        low, high = sorted(limits)
        for tick in axis.get_major_ticks():
            if low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                labels += [tick.label1, tick.label2]
    return labels


def _visible_texts(figure):
    """Every text drawn on the figure, tick labels included, with something to read."""
    figure.canvas.draw()
    tick_labels = {id(t) for ax in figure.axes for axis in (ax.xaxis, ax.yaxis)
                   for tick in axis.get_major_ticks() + axis.get_minor_ticks() for t in (tick.label1, tick.label2)}
    texts = [t for t in figure.findobj(Text) if id(t) not in tick_labels]
    texts += [t for ax in figure.axes if ax.axison for t in _drawn_tick_labels(ax)]
    return [t for t in texts if t.get_visible() and t.get_text().strip() and t.get_window_extent().width > 0]


def test_no_text_is_smaller_than_8_pt_and_all_of_it_is_dejavu_sans(app):
    for text in _visible_texts(app.figure):
        assert text.get_fontsize() >= SMALL_PT, (text.get_text(), text.get_fontsize())
        assert text.get_fontname() == FONT_FAMILY, (text.get_text(), text.get_fontname())


def test_every_text_lies_inside_the_figure(app):
    width, height = app.figure.bbox.width, app.figure.bbox.height
    for text in _visible_texts(app.figure):
        box = text.get_window_extent()
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, text.get_text()


def test_no_two_texts_overlap(app):
    texts = _visible_texts(app.figure)
    boxes = [(t, t.get_window_extent().padded(-1)) for t in texts]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not box_a.overlaps(box_b), (a.get_text(), b.get_text())
