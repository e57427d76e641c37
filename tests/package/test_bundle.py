"""widgets.bundle: what a course object leaves where no widget can run."""

import base64

import pytest

from widgets.bundle import img_html, widget_bundle


class _Widget:
    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "Widget(...)"}


def test_the_static_entries_sit_beside_the_widget_view_and_the_text_twin_wins():
    bundle = widget_bundle(_Widget(), plain="Hip extension 10 deg.", markdown="**Hi**", png=b"\x89PNG")
    assert bundle["application/vnd.jupyter.widget-view+json"] == {"model_id": "x"}
    assert bundle["text/plain"] == "Hip extension 10 deg."
    assert bundle["text/markdown"] == "**Hi**"
    assert base64.b64decode(bundle["image/png"]) == b"\x89PNG"


def test_without_a_widget_only_the_static_entries_remain():
    assert widget_bundle(None, plain="twin", html_text="<p>x</p>") == {"text/html": "<p>x</p>", "text/plain": "twin"}


def test_an_image_always_has_its_alt_text_escaped_and_a_caption_makes_a_figure():
    html = img_html(b"abc", 'The "thigh" at 15 deg', caption="a < b", width_px=640, height_px=360)
    assert html.startswith("<figure><img src=\"data:image/png;base64,YWJj\" width=\"640\" height=\"360\"")
    assert 'alt="The &quot;thigh&quot; at 15 deg"' in html and "<figcaption>a &lt; b</figcaption>" in html
    assert img_html("YWJj", "x", mime="image/jpeg") == '<img src="data:image/jpeg;base64,YWJj" alt="x"/>'


def test_an_image_without_alt_text_is_refused():
    with pytest.raises(ValueError, match="alt"):
        img_html(b"abc", "  ")
