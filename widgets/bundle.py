"""What a course object shows where a widget cannot run: one recipe for the whole package.

A notebook front-end that runs widgets shows the live widget; nbclient, nbgrader, an HTML
export and the course's website keep the other entries of the display bundle instead. Every
explorer, the stride analyser, the profile form and the self-checks leave the same things
there: an image with alt text and a caption (where they have a picture), and the text twin
as plain text. Standard library only, so every layer may use it.
"""

from __future__ import annotations

import base64
import html
from typing import Any


def img_html(data: bytes | str, alt: str, *, mime: str = "image/png", caption: str | None = None,
             width_px: int | None = None, height_px: int | None = None) -> str:
    """An inline ``<img>`` with alt text (bytes or base64 text), in a ``<figure>`` when captioned."""
    if not alt.strip():
        raise ValueError("alt='' is empty; describe what the picture shows")
    encoded = data if isinstance(data, str) else base64.b64encode(data).decode("ascii")
    size = f' width="{int(width_px)}" height="{int(height_px)}"' if width_px and height_px else ""
    fit = ' style="max-width:100%;height:auto"' if size else ""
    img = f'<img src="data:{mime};base64,{encoded}"{size} alt="{html.escape(alt, quote=True)}"{fit}/>'
    if caption is None:
        return img
    return f"<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>"


def widget_bundle(widget: Any, *, plain: str, html_text: str | None = None, markdown: str | None = None,
                  png: bytes | str | None = None, **kwargs: Any) -> dict:
    """``widget``'s own display bundle plus the static entries: HTML, Markdown, a PNG, the text twin.

    ``kwargs`` (``include``, ``exclude``) go to the widget's ``_repr_mimebundle_``; an object
    without one (no widget library) gives only the static entries.
    """
    own = getattr(widget, "_repr_mimebundle_", None)
    bundle = dict(own(**kwargs) or {}) if callable(own) else {}
    if html_text is not None:
        bundle["text/html"] = html_text
    if markdown is not None:
        bundle["text/markdown"] = markdown
    if png is not None:
        bundle["image/png"] = png if isinstance(png, str) else base64.b64encode(png).decode("ascii")
    bundle["text/plain"] = plain
    return bundle
