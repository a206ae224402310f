"""The photo coach on its labelled set: every warning's hits, misses and false alarms, printed
(see the terminal summary, or `pytest -rP`) and held to zero misses and zero false alarms on
the photos it judges. A warning is left unjudged only where assess() says why (an over-exposed
photo is judged on its light alone); those are counted, and bounded, too."""

from __future__ import annotations

import time

import pytest
from PIL import Image

from tests.photos.coach_set import PHONE, labelled_set, make
from webapp.datafiles import DataError
from webapp.photos import coach

#: Over-exposed photos are judged on their light only: 24 of the set are over-exposed.
MOST_UNJUDGED = {"blurry": 24, "dark": 0, "bright": 0, "small": 24}


def score() -> dict[str, dict[str, list[str]]]:
    """Per warning: the names of the photos it hit, missed, raised falsely, or did not judge."""
    table = {code: {"hits": [], "misses": [], "false alarms": [], "not judged": [],
                    "quiet": []} for code in coach.CODES}
    for sample in labelled_set():
        measures = coach.measure(sample.image)
        raised = coach.assess(measures)
        for code in coach.CODES:
            if not coach.judged(measures, code):
                outcome = "not judged"
            elif code in sample.labels:
                outcome = "hits" if code in raised else "misses"
            else:
                outcome = "false alarms" if code in raised else "quiet"
            table[code][outcome].append(sample.name)
    return table


def render(table: dict[str, dict[str, list[str]]]) -> str:
    """The figures as a small text table."""
    lines = [f"photo coach on {len(labelled_set())} labelled photos (tests/photos/coach_set.py)",
             f"{'warning':8} {'labelled':>8} {'hits':>5} {'misses':>6} {'false':>6} "
             f"{'not judged':>10}"]
    for code, row in table.items():
        labelled = len(row["hits"]) + len(row["misses"])
        lines.append(f"{code:8} {labelled:>8} {len(row['hits']):>5} {len(row['misses']):>6} "
                     f"{len(row['false alarms']):>6} {len(row['not judged']):>10}")
    return "\n".join(lines)


def test_the_thresholds_separate_the_labelled_set(request, record_property):
    table = score()
    text = render(table)
    print(text)
    record_property("coach_table", text)
    request.config.cache.set("photos/coach_table", {"at": time.time(), "text": text})
    for code, row in table.items():
        assert not row["misses"], f"{code} missed {row['misses']}\n{text}"
        assert not row["false alarms"], f"{code} false alarms {row['false alarms']}\n{text}"
        assert len(row["not judged"]) <= MOST_UNJUDGED[code], f"{code}\n{text}"
        assert row["hits"], f"{code} never raised: the set does not test it\n{text}"


def test_unjudged_photos_are_the_over_exposed_ones():
    for sample in labelled_set():
        measures = coach.measure(sample.image)
        for code in ("blurry", "small"):
            if not coach.judged(measures, code):
                assert "bright" in sample.labels, (sample.name, code, measures)


def test_a_full_size_phone_photo_is_judged_like_its_small_copy():
    """A 3000 x 4000 photo is measured on a small copy (its speed is measured in bench/, never
    asserted here): the full photo and a 900 x 1200 copy get the same warnings."""
    sample = make("velvet", "cup", "large", "very_blur", "normal", size=PHONE)  # the set's last
    assert sample.image.size == (3000, 4000)
    small = sample.image.resize((900, 1200))
    assert coach.assess(coach.measure(sample.image)) == coach.assess(coach.measure(small))


@pytest.mark.parametrize("image", [Image.new("RGB", (1, 1)), Image.new("L", (40, 30), 128),
                                   Image.new("RGBA", (50, 80), (0, 0, 0, 0)),
                                   Image.new("RGB", (2000, 3), (250, 10, 10))])
def test_degenerate_photos_are_measured_without_failing(image):
    measures = coach.measure(image)
    assert coach.Measures.from_dict(measures.as_dict()) == coach.Measures(
        **measures.as_dict())
    assert set(coach.assess(measures)) <= set(coach.CODES)


def test_a_plain_photo_has_no_sharpness_to_judge_and_raises_no_blur():
    measures = coach.measure(Image.new("RGB", (600, 800), (200, 190, 180)))
    assert measures.sharpness is None and "blurry" not in coach.assess(measures)


def test_stored_measures_of_another_shape_are_ignored():
    assert coach.Measures.from_dict({"sharpness": 1}) is None


def test_thresholds_come_from_the_data_file(monkeypatch, tmp_path):
    limits = coach.thresholds()
    assert 0 < limits.blurry_below < 1 and limits.dark_below < limits.bright_above
    bad = tmp_path / "coach.toml"
    bad.write_text("[thresholds.blurry_below]\nvalue = 'x'\n")
    monkeypatch.setattr(coach, "read_toml", lambda name: __import__("tomllib").loads(
        bad.read_text()))
    coach.thresholds.cache_clear()
    try:
        with pytest.raises(DataError, match="blurry_below"):
            coach.thresholds()
    finally:
        monkeypatch.undo()
        coach.thresholds.cache_clear()
