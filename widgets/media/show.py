"""Show the course's generated drill media in a notebook, with alt text and a caption.

The images and their ``manifest.json`` live in the data package ``exercises_media``:
the repository's ``exercises_media/`` folder (built by ``python -m widgets.media.build``),
shipped inside the wheel, so they are found the same way from a checkout, an editable
install, ``pip install .`` or Binder (:func:`media_folder`, through
:mod:`importlib.resources`). A lesson shows one with::

    from widgets.media import show_media
    show_media("walking_spiderman")

The image is embedded as a data URI inside ``<figure><img alt=...><figcaption>``, so
it shows the same in JupyterLab, Voila and an HTML export, and a screen reader gets
the manifest's alt text. The plain-text twin of the output is the title and alt text.
The manifest is read and checked on every call (it is a few kilobytes), so an author who
rebuilds the media sees the new files without restarting the kernel.
Light on purpose: no matplotlib, IPython only when something is displayed.
"""

from __future__ import annotations

import base64
import html
import json
import sys
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the protocol of importlib.resources.files(); its module moved in Python 3.11
    from importlib.resources.abc import Traversable

#: The data package that holds the media (the repository's ``exercises_media/`` folder).
MEDIA_PACKAGE = "exercises_media"
MANIFEST_NAME = "manifest.json"
REQUIRED_FIELDS = ("id", "file", "title", "alt", "lessons", "kind")
_MIME_BY_SUFFIX = {".png": "image/png", ".gif": "image/gif"}
_DISTRIBUTION = "running-technique-course"


def media_folder() -> Traversable:
    """The folder of the media files, wherever the course is installed.

    FileNotFoundError, with a command that works from anywhere, when it cannot be found.
    """
    try:
        folder = resources.files(MEDIA_PACKAGE)
    except ModuleNotFoundError:
        raise FileNotFoundError(f"the course media (package {MEDIA_PACKAGE!r}) are not installed; "
                                f"{_repair_hint()}") from None
    return folder


def source_media_dir() -> Path | None:
    """The repository's ``exercises_media/`` folder when running from a source checkout, else None."""
    try:
        folder = media_folder()
    except FileNotFoundError:
        return None
    if not isinstance(folder, Path):
        return None
    folder = folder.resolve()
    root = folder.parent
    if folder.name == "exercises_media" and (root / "pyproject.toml").is_file() and (root / "widgets").is_dir():
        return folder
    return None


def _repair_hint() -> str:
    """A command that restores the media, runnable from any working directory."""
    python = sys.executable or "python"
    source = source_media_dir()
    if source is not None:
        return f"rebuild them with: {python} -m widgets.media.build {source}"
    return (f"reinstall the course, which ships them: {python} -m pip install --force-reinstall --no-deps "
            f"{_install_source()}")


def _install_source() -> str:
    """Where this installation came from (PEP 610 ``direct_url.json``), or a placeholder."""
    try:
        direct = json.loads(metadata.distribution(_DISTRIBUTION).read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        direct = {}
    url = direct.get("url", "")
    if url.startswith("file://"):
        return url[len("file://"):]
    return url or "<folder of your copy of the course>"


def _check_entries(entries: object, where: str) -> list[dict]:
    """The manifest's entries, or ValueError naming the file, the entry and what is wrong."""
    if not isinstance(entries, list):
        raise ValueError(f"{where}: expected a JSON list of entries, found {type(entries).__name__}")
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: entry {index} is a {type(entry).__name__}, expected an object")
        name = entry.get("id", f"number {index}")
        missing = [field for field in REQUIRED_FIELDS if field not in entry]
        if missing:
            raise ValueError(f"{where}: entry {name!r} lacks {', '.join(missing)}; "
                             f"every entry needs {', '.join(REQUIRED_FIELDS)}")
        empty = [field for field in ("id", "file", "title", "alt", "kind")
                 if not isinstance(entry[field], str) or not entry[field].strip()]
        if empty:
            raise ValueError(f"{where}: entry {name!r} has an empty or non-text {', '.join(empty)}")
        if not isinstance(entry["lessons"], list) or not all(isinstance(n, str) for n in entry["lessons"]):
            raise ValueError(f"{where}: entry {name!r} has lessons={entry['lessons']!r}; expected a list of "
                             "lesson numbers as text")
        if Path(entry["file"]).suffix.lower() not in _MIME_BY_SUFFIX:
            raise ValueError(f"{where}: entry {name!r} has file={entry['file']!r}, an unsupported type; "
                             f"allowed: {sorted(_MIME_BY_SUFFIX)}")
    return [dict(entry) for entry in entries]


def load_manifest(folder: Traversable | str | None = None) -> list[dict]:
    """The manifest's entries (``id``, ``file``, ``title``, ``alt``, ``lessons``, ``kind``), checked.

    ``folder`` defaults to the installed media (:func:`media_folder`); the build passes
    its output folder to check what it wrote. A missing manifest raises FileNotFoundError
    with a command that restores it; an entry without a required field raises ValueError
    naming the file and the entry.
    """
    base = media_folder() if folder is None else (Path(folder) if isinstance(folder, str) else folder)
    manifest = base.joinpath(MANIFEST_NAME)
    if not manifest.is_file():
        raise FileNotFoundError(f"{manifest} is missing; {_repair_hint()}")
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{manifest}: not valid JSON ({error})") from None
    return _check_entries(entries, str(manifest))


def media_entry(media_id: str, folder: Traversable | str | None = None) -> dict:
    """The manifest entry of ``media_id``; ValueError lists the known ids."""
    entries = load_manifest(folder)
    for entry in entries:
        if entry["id"] == media_id:
            return entry
    known = ", ".join(e["id"] for e in entries)
    raise ValueError(f"media_id={media_id!r} is not in the manifest; allowed: {known}")


def media_html(media_id: str) -> str:
    """``<figure>`` HTML with the image inlined as a data URI, its alt text and caption."""
    folder = media_folder()
    entry = media_entry(media_id, folder)
    image = folder.joinpath(entry["file"])
    if not image.is_file():
        raise FileNotFoundError(f"{image} is missing; {_repair_hint()}")
    mime = _MIME_BY_SUFFIX[Path(entry["file"]).suffix.lower()]
    data = base64.b64encode(image.read_bytes()).decode("ascii")
    return (f'<figure class="course-media" id="media-{html.escape(media_id)}" style="margin:0.5em 0">'
            f'<img src="data:{mime};base64,{data}" alt="{html.escape(entry["alt"], quote=True)}" '
            f'style="max-width:100%;height:auto">'
            f'<figcaption>{html.escape(entry["title"])}</figcaption></figure>')


def media_text(media_id: str) -> str:
    """The text twin: what the image shows, for plain-text front ends and screen readers."""
    entry = media_entry(media_id)
    return f"{entry['title']}: {entry['alt']}"


def show_media(media_id: str) -> None:
    """Display the image ``media_id`` with its alt text and a caption in the notebook."""
    from IPython.display import display

    display({"text/html": media_html(media_id), "text/plain": media_text(media_id)}, raw=True)
