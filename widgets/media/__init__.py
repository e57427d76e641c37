"""Drill media: showing the generated files (``show``) and building them (``build``, ``render``, ``poses``).

``from widgets.media import show_media`` is the path lessons use. The files themselves are
the data package ``exercises_media`` (the repository's folder, shipped in the wheel).
Importing this package loads only ``show`` (no matplotlib); ``build``, ``render`` and
``poses`` are build-time tools, imported by ``python -m widgets.media.build``.
"""

from .show import load_manifest, media_entry, media_folder, media_html, media_text, show_media

__all__ = ["load_manifest", "media_entry", "media_folder", "media_html", "media_text", "show_media"]
