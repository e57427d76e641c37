"""Drill media: showing the generated files (``show``) and building them (``build``, ``poses``).

``from widgets.media import show_media`` is the path lessons use.
"""

from .show import load_manifest, media_entry, media_html, media_text, show_media

__all__ = ["load_manifest", "media_entry", "media_html", "media_text", "show_media"]
