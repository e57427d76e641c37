"""Helpers for tests of matplotlib views: an Agg axes, a snapshot of artist data, their colours."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from widgets.drawing.palette import OKABE_ITO

#: The one palette's colours, plus white for background fills.
PALETTE_HEX = {c.lower() for c in OKABE_ITO.values()} | {"#ffffff"}


def new_axes():
    figure = Figure()
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def snapshot(artists):
    """Everything an update could change, as plain values."""
    state = []
    for artist in artists:
        if isinstance(artist, Line2D):
            state.append(np.asarray(artist.get_xydata(), dtype=float).round(9).tolist())
        elif isinstance(artist, Text):
            state.append((artist.get_text(), tuple(np.round(artist.get_position(), 9))))
        elif hasattr(artist, "get_path"):
            state.append(np.asarray(artist.get_patch_transform().transform(artist.get_path().vertices)
                                    if hasattr(artist, "get_patch_transform") else artist.get_path().vertices).round(9).tolist())
        state.append(artist.get_visible())
    return state


def colours_of(artists):
    colours = set()
    for artist in artists:
        if isinstance(artist, Line2D):
            colours |= {to_hex(artist.get_color()), to_hex(artist.get_markerfacecolor())
                        if artist.get_marker() not in ("None", None, "") else to_hex(artist.get_color())}
        elif isinstance(artist, Patch):
            colours |= {to_hex(artist.get_facecolor(), keep_alpha=False), to_hex(artist.get_edgecolor(), keep_alpha=False)}
        elif isinstance(artist, Text):
            colours.add(to_hex(artist.get_color()))
    return colours
