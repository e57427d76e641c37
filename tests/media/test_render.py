"""Drawing the media into files (widgets.media.render): fixed metadata, one fixed GIF palette."""

from PIL import Image

from widgets.drawing.palette import OKABE_ITO
from widgets.media import render


def test_the_gif_palette_is_white_then_the_okabe_ito_colours_and_their_blends():
    colours = render._gif_palette().getpalette()
    assert len(colours) == 3 * 256
    assert colours[:3] == [255, 255, 255]
    first = OKABE_ITO[next(iter(OKABE_ITO))]
    assert colours[3:6] == [int(first[i:i + 2], 16) for i in (1, 3, 5)]


def test_a_png_carries_no_software_tag_or_timestamp(tmp_path):
    path = tmp_path / "glute_bridge.png"
    render.render_glute_bridge(path)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert not {"Software", "Creation Time", "date:create"} & set(image.info)


def test_an_animation_is_a_looping_gif_on_the_fixed_palette(tmp_path):
    path = tmp_path / "walking_spiderman.gif"
    render.render_walking_spiderman(path)
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.info.get("loop") == 0 and gif.n_frames >= 24
        assert gif.getpalette()[:3] == [255, 255, 255]


def test_rendering_twice_gives_the_same_bytes(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    render.render_foot_strike(a)
    render.render_foot_strike(b)
    assert a.read_bytes() == b.read_bytes()
