"""`flask photo render`: every preset of a channel for each input; bad inputs explained."""

from __future__ import annotations

import json

from PIL import Image

from tests import images


def test_render_every_preset_of_a_channel(runner, tmp_path):
    good = tmp_path / "kain lasem.jpg"
    good.write_bytes(images.photo_jpeg(1200, 900, seed=3))
    out = tmp_path / "hasil"
    result = runner.invoke(args=["photo", "render", str(good), "--channel", "shopee",
                                 "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["preset"] for line in lines} == {"main", "gallery"}
    for line in lines:
        assert set(line) >= {"input", "preset", "path", "width", "height", "bytes"}
        with Image.open(line["path"]) as image:
            assert image.size == (line["width"], line["height"])
            assert image.width == image.height
        assert line["bytes"] <= 2 * 1024 * 1024


def test_a_bad_input_is_reported_and_the_others_still_render(runner, tmp_path):
    good = tmp_path / "a.jpg"
    good.write_bytes(images.photo_jpeg(800, 800))
    bad = tmp_path / "b.jpg"
    bad.write_bytes(b"bukan gambar")
    out = tmp_path / "hasil"
    result = runner.invoke(args=["photo", "render", str(bad), str(tmp_path / "missing.jpg"),
                                 str(good), "--channel", "lazada", "--out", str(out), "--json"])
    assert result.exit_code == 1
    assert f"{bad}: This file is not an image." in result.stderr
    assert "missing.jpg: cannot read" in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stdout.splitlines()) == 2  # both lazada presets of the good input
    assert len(list(out.iterdir())) == 2


def test_unknown_channel_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(args=["photo", "render", "x.jpg", "--channel", "bukalapak",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 2 and "unknown channel" in result.output
