"""The push-off model: reference outputs from DESIGN section 4, properties, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.mechanics import (
    DISTAL_OFFSET_DEG,
    PARAMETERS,
    PELVIS_INERTIA_KG_M2,
    TRUNK_INERTIA_KG_M2,
    PushOffInputs,
    contact_time_s,
    leg_length_m,
    push_off,
    reach_per_degree_m,
)


def in_range(name):
    spec = PARAMETERS[name]
    return st.floats(min_value=spec.low, max_value=spec.high, allow_nan=False)


# -- reference outputs ---------------------------------------------------------------

def test_default_runner_has_no_shortfall():
    r = push_off()
    assert r.shortfall_m == 0.0
    assert r.pelvic_rotation_deg == 0.0
    assert r.extra_tilt_deg == 0.0
    assert r.thrust_alignment == 1.0
    assert r.feasible


def test_eight_degrees_of_extension_all_by_rotation_needs_about_fifteen_degrees():
    r = push_off(hip_extension_deg=8, rotation_share=1.0)
    assert r.shortfall_m == pytest.approx(0.024, abs=0.001)
    assert r.pelvic_rotation_deg == pytest.approx(15.2, abs=0.3)
    assert r.extra_tilt_deg == 0.0
    assert r.feasible


def test_six_degrees_with_a_fifth_by_rotation_splits_into_rotation_and_tilt():
    r = push_off(hip_extension_deg=6, rotation_share=0.2)
    assert r.pelvic_rotation_deg == pytest.approx(6.7, abs=0.3)
    assert r.extra_tilt_deg == pytest.approx(2.9, abs=0.3)
    assert r.feasible


def test_four_degrees_by_rotation_alone_is_infeasible_but_reports_the_rotation_required():
    r = push_off(hip_extension_deg=4, rotation_share=1.0)
    assert r.pelvic_rotation_deg == pytest.approx(66, abs=1)
    assert not r.feasible


def test_contact_time_line_passes_through_kipp_et_al_end_points():
    assert contact_time_s(2.22) == pytest.approx(0.280)
    assert contact_time_s(5.0) == pytest.approx(0.190)


def test_leg_length_is_0530_of_height():
    assert leg_length_m(1.75) == pytest.approx(0.9275)


def test_one_degree_of_tilt_buys_about_nine_times_the_reach_of_one_degree_of_rotation():
    tilt, rotation = reach_per_degree_m()
    assert tilt / rotation == pytest.approx(9.0, abs=0.3)


def test_rotation_energy_is_well_under_one_percent_of_running_cost_even_for_the_trunk():
    pelvis = push_off(hip_extension_deg=8)
    trunk = push_off(hip_extension_deg=8, inertia_kg_m2=TRUNK_INERTIA_KG_M2)
    assert pelvis.cost_fraction < 0.005
    assert trunk.cost_fraction < 0.015
    assert trunk.cost_fraction > pelvis.cost_fraction


def test_energy_follows_the_documented_formula():
    r = push_off(hip_extension_deg=8)
    f = 170 / 120
    ke = 0.5 * 0.057 * (2 * math.pi * f * math.radians(r.pelvic_rotation_deg)) ** 2
    assert r.rotation_energy_j == pytest.approx(2 * ke)
    assert r.cost_fraction == pytest.approx((2 * ke * f / 0.25) / (4.2 * 70 * 3.3))


def test_reach_sources_add_up_to_the_reach_available():
    r = push_off(hip_extension_deg=7, pelvic_tilt_deg=12)
    parts = r.reach_from_hip_extension_m + r.reach_from_tilt_m + r.reach_from_distal_m
    assert parts == pytest.approx(r.reach_available_m)


def test_scalar_inputs_give_plain_python_numbers():
    r = push_off(hip_extension_deg=8)
    assert isinstance(r.shortfall_m, float)
    assert isinstance(r.feasible, bool)


def test_the_result_is_frozen():
    r = push_off()
    with pytest.raises(AttributeError):
        r.shortfall_m = 1.0


# -- properties --------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(ext=in_range("hip_extension_deg"), share=in_range("rotation_share"),
       speed=in_range("speed_m_s"), height=in_range("height_m"), tilt=in_range("pelvic_tilt_deg"))
def test_shortfall_is_never_negative(ext, share, speed, height, tilt):
    r = push_off(hip_extension_deg=ext, rotation_share=share, speed_m_s=speed,
                 height_m=height, pelvic_tilt_deg=tilt)
    assert r.shortfall_m >= 0
    assert r.angle_shortfall_deg >= 0


@settings(max_examples=100, deadline=None)
@given(a=in_range("hip_extension_deg"), b=in_range("hip_extension_deg"),
       share=in_range("rotation_share"), speed=in_range("speed_m_s"))
def test_rotation_never_falls_as_extension_falls(a, b, share, speed):
    low, high = sorted((a, b))
    less = push_off(hip_extension_deg=low, rotation_share=share, speed_m_s=speed)
    more = push_off(hip_extension_deg=high, rotation_share=share, speed_m_s=speed)
    assert less.pelvic_rotation_deg >= more.pelvic_rotation_deg - 1e-9
    assert less.shortfall_m >= more.shortfall_m - 1e-12


@settings(max_examples=100, deadline=None)
@given(ext=in_range("hip_extension_deg"), speed=in_range("speed_m_s"))
def test_share_zero_means_no_rotation(ext, speed):
    r = push_off(hip_extension_deg=ext, rotation_share=0.0, speed_m_s=speed)
    assert r.pelvic_rotation_deg == 0.0
    assert r.thrust_alignment == 1.0
    assert r.feasible


@settings(max_examples=100, deadline=None)
@given(ext=in_range("hip_extension_deg"), speed=in_range("speed_m_s"))
def test_share_one_means_no_extra_tilt(ext, speed):
    assert push_off(hip_extension_deg=ext, rotation_share=1.0, speed_m_s=speed).extra_tilt_deg == 0.0


@settings(max_examples=150, deadline=None)
@given(ext=in_range("hip_extension_deg"), share=in_range("rotation_share"),
       speed=in_range("speed_m_s"), width=in_range("hip_half_width_m"),
       phi_max=in_range("max_rotation_deg"))
def test_infeasible_exactly_when_rotation_cannot_close_its_part_of_the_gap(ext, share, speed, width, phi_max):
    r = push_off(hip_extension_deg=ext, rotation_share=share, speed_m_s=speed,
                 hip_half_width_m=width, max_rotation_deg=phi_max)
    rotation_part = share * r.shortfall_m
    can_close = rotation_part < width and rotation_part <= width * math.sin(math.radians(phi_max)) + 1e-12
    assert r.feasible == can_close


@settings(max_examples=50, deadline=None)
@given(st.lists(in_range("hip_extension_deg"), min_size=1, max_size=6), in_range("rotation_share"))
def test_arrays_agree_with_scalars(extensions, share):
    batch = push_off(hip_extension_deg=np.array(extensions), rotation_share=share)
    for i, ext in enumerate(extensions):
        single = push_off(hip_extension_deg=ext, rotation_share=share)
        assert batch.pelvic_rotation_deg[i] == pytest.approx(single.pelvic_rotation_deg)
        assert batch.extra_tilt_deg[i] == pytest.approx(single.extra_tilt_deg)
        assert batch.cost_fraction[i] == pytest.approx(single.cost_fraction)
        assert bool(batch.feasible[i]) == single.feasible


def test_inputs_broadcast_against_each_other():
    r = push_off(hip_extension_deg=np.linspace(0, 20, 5)[:, None], speed_m_s=np.array([2.5, 4.0]))
    assert np.shape(r.pelvic_rotation_deg) == (5, 2)


# -- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, value", [
    ("hip_extension_deg", float("nan")),
    ("hip_extension_deg", 40),
    ("speed_m_s", float("inf")),
    ("speed_m_s", 1.0),
    ("height_m", -1.75),
    ("mass_kg", 0),
    ("rotation_share", 1.5),
    ("rotation_share", -0.1),
    ("hip_half_width_m", -0.09),
    ("cadence_steps_min", 100),
])
def test_bad_input_names_the_parameter_its_value_and_the_range(name, value):
    spec = PARAMETERS[name]
    with pytest.raises(ValueError) as error:
        push_off(**{name: value})
    message = str(error.value)
    assert name in message
    assert repr(float(value)) in message
    assert f"{spec.low:g}..{spec.high:g}" in message


def test_a_bad_value_inside_an_array_is_named():
    with pytest.raises(ValueError, match=r"hip_extension_deg=99\.0"):
        push_off(hip_extension_deg=np.array([5.0, 99.0]))


def test_a_non_number_is_refused_with_the_parameter_name():
    with pytest.raises(ValueError, match="speed_m_s='fast'"):
        push_off(speed_m_s="fast")


def test_inputs_are_keyword_only():
    with pytest.raises(TypeError):
        push_off(8)


def test_the_result_carries_the_inputs_it_was_computed_from():
    result = push_off(hip_extension_deg=7.5, hip_half_width_m=0.07, mass_kg=60, normal_rotation_deg=4)
    assert isinstance(result.inputs, PushOffInputs)
    assert (result.inputs.hip_extension_deg, result.inputs.hip_half_width_m,
            result.inputs.mass_kg, result.inputs.normal_rotation_deg) == (7.5, 0.07, 60.0, 4.0)
    assert result.inputs.pelvic_tilt_deg == PARAMETERS["pelvic_tilt_deg"].default


def test_the_inputs_record_the_inertia_actually_used():
    assert push_off().inputs.inertia_kg_m2 == pytest.approx(PELVIS_INERTIA_KG_M2)
    assert push_off(inertia_kg_m2=TRUNK_INERTIA_KG_M2).inputs.inertia_kg_m2 == TRUNK_INERTIA_KG_M2


def test_hip_extension_needed_is_the_required_leg_angle_less_tilt_and_distal_offset():
    result = push_off(pelvic_tilt_deg=5.0, speed_m_s=4.2)
    assert result.hip_extension_needed_deg == pytest.approx(
        result.leg_angle_required_deg - 5.0 - DISTAL_OFFSET_DEG)
    assert push_off().hip_extension_needed_deg == pytest.approx(9.65, abs=0.01)


@pytest.mark.parametrize("hip_extension_deg, share", [(10, 1.0), (8, 1.0), (6, 0.2), (4, 1.0)])
def test_reach_achieved_is_what_is_available_plus_the_compensation_never_more_than_required(hip_extension_deg, share):
    r = push_off(hip_extension_deg=hip_extension_deg, rotation_share=share)
    made = r.reach_available_m + r.reach_from_extra_tilt_m + r.reach_from_rotation_m
    assert r.reach_achieved_m == pytest.approx(min(r.reach_required_m, made))
    assert (r.reach_achieved_m < r.reach_required_m - 1e-9) == (not r.feasible)


def test_rotation_on_top_of_the_normal_rotation_costs_about_1_8_times_the_extra_swing_alone():
    pelvis = push_off(hip_extension_deg=8)
    trunk = push_off(hip_extension_deg=8, inertia_kg_m2=TRUNK_INERTIA_KG_M2)
    assert pelvis.added_cost_fraction / pelvis.cost_fraction == pytest.approx(1.79, abs=0.01)
    assert 100 * pelvis.added_cost_fraction == pytest.approx(0.33, abs=0.01)
    assert 100 * trunk.added_cost_fraction == pytest.approx(1.87, abs=0.01)


def test_added_energy_follows_the_documented_formula():
    r = push_off(hip_extension_deg=8, normal_rotation_deg=5)
    f, phi, phi0 = r.stride_frequency_hz, math.radians(r.pelvic_rotation_deg), math.radians(5)
    expected = r.inputs.inertia_kg_m2 * (2 * math.pi * f) ** 2 * ((phi0 + phi) ** 2 - phi0 ** 2)
    assert r.added_rotation_energy_j == pytest.approx(expected)
    assert push_off(hip_extension_deg=8, normal_rotation_deg=0).added_rotation_energy_j == pytest.approx(
        push_off(hip_extension_deg=8).rotation_energy_j)


@pytest.mark.parametrize("name, value, message", [
    ("rotation_share", True, r"rotation_share=True is not a number"),
    ("hip_extension_deg", False, r"hip_extension_deg=False is not a number"),
    ("speed_m_s", "3.3", r"speed_m_s='3.3' is not a number"),
    ("speed_m_s", b"3.3", r"speed_m_s=b'3.3' is not a number"),
    ("speed_m_s", None, r"speed_m_s=None is not a number"),
    ("hip_extension_deg", [], r"hip_extension_deg=\[\] is empty"),
])
def test_booleans_strings_bytes_none_and_empty_arrays_are_refused(name, value, message):
    with pytest.raises(ValueError, match=message):
        push_off(**{name: value})


def test_arrays_that_cannot_broadcast_are_refused_naming_both_parameters_and_shapes():
    with pytest.raises(ValueError, match=r"hip_extension_deg has shape \(2,\) and speed_m_s has shape \(3,\)"):
        push_off(hip_extension_deg=[8, 9], speed_m_s=[3.0, 3.5, 4.0])
