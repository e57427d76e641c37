"""A lesson's own plot is shown once, as an image with alt text."""

import base64
import re

import pytest
from matplotlib.figure import Figure

from widgets.drawing.static import figure_html


def test_the_figure_becomes_an_inline_png_with_its_alt_text():
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [0, 1])
    html = figure_html(figure, 'Reach rises with "hip extension"')
    assert 'alt="Reach rises with &quot;hip extension&quot;"' in html
    data = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(data).startswith(b"\x89PNG")


def test_an_empty_alt_text_is_refused():
    with pytest.raises(ValueError, match="alt='' is empty"):
        figure_html(Figure(), "  ")
