"""The one colour palette: Okabe-Ito colours only, one colour per role."""

import re

from widgets.drawing.palette import COLOURS, OKABE_ITO, PALETTE


def test_the_palette_is_the_eight_okabe_ito_colours():
    assert len(OKABE_ITO) == 8
    assert all(re.fullmatch(r"#[0-9A-F]{6}", colour) for colour in OKABE_ITO.values())


def test_every_role_takes_a_palette_colour():
    assert set(PALETTE.values()) <= set(OKABE_ITO.values())


def test_the_compensations_are_told_apart_by_colour():
    roles = ("hip_extension", "tilt", "rotation", "distal", "shortfall")
    assert len({PALETTE[role] for role in roles}) == len(roles)


def test_series_colours_use_each_palette_colour_once():
    assert sorted(COLOURS) == sorted(OKABE_ITO.values())
