"""The course's one colour palette: Okabe & Ito's colour-blind-safe set, by role.

Okabe & Ito 2008, "Color Universal Design". Every figure, animation and widget takes
its colours from here so that a role (say, pelvic tilt) has one colour everywhere.
"""

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colour by what it stands for in the course.
PALETTE = {
    "body": OKABE_ITO["black"],
    "near_side": OKABE_ITO["black"],
    "far_side": OKABE_ITO["sky_blue"],
    "hip_extension": OKABE_ITO["blue"],
    "tilt": OKABE_ITO["orange"],
    "rotation": OKABE_ITO["vermillion"],
    "distal": OKABE_ITO["bluish_green"],
    "required": OKABE_ITO["black"],
    "shortfall": OKABE_ITO["reddish_purple"],
    "highlight": OKABE_ITO["yellow"],
    "ground": OKABE_ITO["black"],
    "rearfoot": OKABE_ITO["vermillion"],
    "forefoot": OKABE_ITO["blue"],
    "reference": OKABE_ITO["sky_blue"],
}

#: Colours in a fixed order, for series that have no role of their own.
COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                                  "reddish_purple", "sky_blue", "yellow", "black")]
