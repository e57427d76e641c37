"""A still figure with alt text, for the plots lessons draw themselves.

A bare matplotlib image in a notebook has no alt text (JupyterLab labels it just
"Image"); every generated figure of the course needs one that says what it shows.
"""

from __future__ import annotations

import base64
import html
import io

from matplotlib.figure import Figure


def figure_html(figure: Figure, alt: str, dpi: int = 100) -> str:
    """The figure as an HTML ``<img>`` (PNG inline) with its alt text."""
    if not alt.strip():
        raise ValueError("alt='' is empty; describe what the figure shows")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}"/>'


def show_figure(figure: Figure, alt: str) -> None:
    """Show ``figure`` once, as an image with ``alt`` text, and close it so pyplot does not show it again."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    display(HTML(figure_html(figure, alt)))
    plt.close(figure)
