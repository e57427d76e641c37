"""Show the course's generated drill media in a notebook, with alt text and a caption.

The images live in ``exercises_media/`` with ``manifest.json`` (built by
``python -m widgets.media_builder``). A lesson shows one with::

    from widgets.media import show_media
    show_media("walking_spiderman")

The image is embedded as a data URI inside ``<figure><img alt=...><figcaption>``, so
it shows the same in JupyterLab, Voila and an HTML export, and a screen reader gets
the manifest's alt text. The plain-text twin of the output is the title and alt text.
Light on purpose: no matplotlib, IPython only when something is displayed.
"""

from __future__ import annotations

import base64
import html
import json
from functools import lru_cache
from pathlib import Path

#: The committed build output, next to the package in the repository.
MEDIA_DIR = Path(__file__).resolve().parents[2] / "exercises_media"
MANIFEST_NAME = "manifest.json"
REQUIRED_FIELDS = ("id", "file", "title", "alt", "lessons", "kind")
_MIME_BY_SUFFIX = {".png": "image/png", ".gif": "image/gif"}


@lru_cache(maxsize=4)
def _manifest_entries(manifest_path: str) -> tuple[dict, ...]:
    entries = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    return tuple(entries)


def load_manifest(media_dir: Path | str = MEDIA_DIR) -> list[dict]:
    """The manifest's entries (``id``, ``file``, ``title``, ``alt``, ``lessons``, ``kind``)."""
    path = Path(media_dir) / MANIFEST_NAME
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; build it with: python -m widgets.media_builder")
    return [dict(e) for e in _manifest_entries(str(path))]


def media_entry(media_id: str, media_dir: Path | str = MEDIA_DIR) -> dict:
    """The manifest entry of ``media_id``; ValueError lists the known ids."""
    entries = load_manifest(media_dir)
    for entry in entries:
        if entry["id"] == media_id:
            return entry
    known = ", ".join(e["id"] for e in entries)
    raise ValueError(f"media_id={media_id!r} is not in the manifest; allowed: {known}")


def media_path(media_id: str, media_dir: Path | str = MEDIA_DIR) -> Path:
    """Path of the image file of ``media_id``."""
    return Path(media_dir) / media_entry(media_id, media_dir)["file"]


def media_html(media_id: str, media_dir: Path | str = MEDIA_DIR) -> str:
    """``<figure>`` HTML with the image inlined as a data URI, its alt text and caption."""
    entry = media_entry(media_id, media_dir)
    path = Path(media_dir) / entry["file"]
    mime = _MIME_BY_SUFFIX.get(path.suffix.lower())
    if mime is None:
        raise ValueError(f"file={entry['file']!r} has an unsupported type; allowed: {sorted(_MIME_BY_SUFFIX)}")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<figure class="course-media" id="media-{html.escape(media_id)}" style="margin:0.5em 0">'
            f'<img src="data:{mime};base64,{data}" alt="{html.escape(entry["alt"], quote=True)}" '
            f'style="max-width:100%;height:auto">'
            f'<figcaption>{html.escape(entry["title"])}</figcaption></figure>')


def media_text(media_id: str, media_dir: Path | str = MEDIA_DIR) -> str:
    """The text twin: what the image shows, for plain-text front ends and screen readers."""
    entry = media_entry(media_id, media_dir)
    return f"{entry['title']}: {entry['alt']}"


def show_media(media_id: str) -> None:
    """Display the image ``media_id`` with its alt text and a caption in the notebook."""
    from IPython.display import display

    display({"text/html": media_html(media_id), "text/plain": media_text(media_id)}, raw=True)
