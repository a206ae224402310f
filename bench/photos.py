"""Photo pipeline benchmark: milliseconds per output, a pack of 8 × 6, peak memory, PSNR, pyvips.

Run from the repository root with `.venv/bin/python bench/photos.py` (or `make bench`). Inputs
are generated with fixed seeds (tests/images.py): 12 MP phone-like JPEGs, half stored sideways
with EXIF orientation 6 and half upright with a Display P3 profile, and one 48 MP photo.
Nothing here asserts a speed; it prints figures to compare against the issue's targets.

pyvips (a development extra: pyvips and pyvips-binary) renders the same outputs in the same
run. It runs with VIPS_CONCURRENCY=1 unless set otherwise, so both sides use one core per
output and the pack compares processes with processes.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("VIPS_CONCURRENCY", "1")

import PIL  # noqa: E402
from PIL import Image, ImageChops, ImageStat  # noqa: E402

from webapp.photos.imaging import (  # noqa: E402
    MiB,
    Preset,
    compose,
    decode_size,
    open_and_render_all,
    open_photo,
)

PRESETS = (
    Preset("square-2000-pad", 2000, 2000, "pad", "white", max_bytes=2 * MiB),
    Preset("square-1024-cover", 1024, 1024, "cover"),
    Preset("feed-4x5-cover", 1080, 1350, "cover"),
    Preset("story-9x16-blur", 1080, 1920, "pad", "blur"),
    Preset("main-800-fill85", 800, 800, "pad", "white", min_fill=0.85),
    Preset("contain-1600", 1600, 1600, "contain"),
)
PHOTOS = 8
TWELVE_MP = (4032, 3024)
FORTY_EIGHT_MP = (8000, 6000)
PER_OUTPUT_PHOTOS = 4  # photos timed per preset for the per-output figures (2 of each kind)


# --- inputs -------------------------------------------------------------------------------------

def make_photo(seed: int, size: tuple[int, int], folder: str) -> str:
    """Write one generated photo: even seeds sideways with orientation 6, odd ones with P3."""
    from tests import images

    width, height = size
    if seed % 2 == 0:
        data = images.photo_jpeg(height, width, seed, orientation=6)  # upright portrait
    else:
        data = images.photo_jpeg(height, width, seed, icc=images.icc_profile("display-p3"))
    path = os.path.join(folder, f"photo-{seed}-{width}x{height}.jpg")
    with open(path, "wb") as file:
        file.write(data)
    return path


def read(path: str) -> bytes:
    """The bytes of a file."""
    with open(path, "rb") as file:
        return file.read()


# --- the two renderers --------------------------------------------------------------------------

def ours(path: str, presets=PRESETS) -> float:
    """Our fast path for one photo file; returns the CPU seconds it took."""
    start = time.process_time()
    open_and_render_all(read(path), presets)
    return time.process_time() - start


def vips_available() -> str | None:
    """pyvips's version line, or None when it cannot be imported."""
    try:
        import pyvips
    except Exception:  # ImportError, or OSError when libvips itself is missing
        return None
    return (f"pyvips {pyvips.__version__} (libvips {pyvips.version(0)}.{pyvips.version(1)}."
            f"{pyvips.version(2)}, VIPS_CONCURRENCY={os.environ.get('VIPS_CONCURRENCY')})")


def vips_render(data: bytes, preset: Preset) -> bytes:
    """One output with pyvips on its own: thumbnail_buffer (shrink-on-load, rotate, sRGB)."""
    import pyvips

    crop = "centre" if preset.fit == "cover" else "none"
    image = pyvips.Image.thumbnail_buffer(data, preset.width, height=preset.height, crop=crop,
                                          size="down", **vips_colour(data))
    return vips_finish(image, preset)


def vips_colour(data: bytes) -> dict[str, str]:
    """Ask for sRGB only when there is a profile: without one the pixels already are sRGB,
    and asking anyway costs libvips a float round trip through its connection space."""
    import pyvips

    profiled = "icc-profile-data" in pyvips.Image.new_from_buffer(data, "").get_fields()
    return {"export_profile": "srgb"} if profiled else {}


def vips_finish(image, preset: Preset) -> bytes:
    """Trim, pad or blur-fill like ours, then JPEG with no metadata."""
    width, height = preset.width, preset.height
    if preset.min_fill or preset.background == "blur":
        image = image.copy_memory()  # these read the image twice; thumbnail streams it once
    if preset.min_fill:
        background = image.getpoint(0, 0)
        left, top, trim_w, trim_h = image.find_trim(threshold=24, background=background)
        if trim_w and trim_h:
            image = image.crop(left, top, trim_w, trim_h)
        fill = (1 + preset.min_fill) / 2
        image = image.thumbnail_image(round(width * fill), height=round(height * fill))
    if preset.fit == "pad" and preset.background == "blur":
        backdrop = image.thumbnail_image(max(1, width // 16), height=max(1, height // 16),
                                         crop="centre", size="force")
        backdrop = backdrop.gaussblur(1.5).resize(width / backdrop.width,
                                                  vscale=height / backdrop.height,
                                                  kernel="cubic")
        image = backdrop.insert(image, (width - image.width) // 2, (height - image.height) // 2)
    elif preset.fit == "pad":
        image = image.gravity("centre", width, height, extend="background",
                              background=[255, 255, 255])
    return image.jpegsave_buffer(Q=90, optimize_coding=False, keep="none")


def vips(path: str, presets=PRESETS) -> float:
    """pyvips for one photo file, each preset through thumbnail_buffer; returns CPU seconds."""
    start = time.process_time()
    data = read(path)
    for preset in presets:
        vips_render(data, preset)
    return time.process_time() - start


def vips_once(path: str, presets=PRESETS) -> float:
    """pyvips for one photo decoded once, as ours: shrink-on-load to the size the presets
    need, then thumbnail_image per preset from memory; returns CPU seconds."""
    import pyvips

    start = time.process_time()
    data = read(path)
    header = pyvips.Image.new_from_buffer(data, "")
    size = (header.width, header.height)
    if "orientation" in header.get_fields() and header.get("orientation") in (5, 6, 7, 8):
        size = size[::-1]
    width, height = decode_size(size, presets)
    base = pyvips.Image.thumbnail_buffer(data, width, height=height, size="down",
                                         **vips_colour(data)).copy_memory()
    for preset in presets:
        crop = "centre" if preset.fit == "cover" else "none"
        vips_finish(base.thumbnail_image(preset.width, height=preset.height, crop=crop,
                                         size="down"), preset)
    return time.process_time() - start


# --- measurements -------------------------------------------------------------------------------

def per_output(paths: list[str], renderer) -> dict[str, float]:
    """Median CPU milliseconds per output per preset, each output decoded on its own.

    CPU time rather than wall time: this machine is shared, and both renderers use one thread.
    """
    renderer(paths[0], PRESETS[:1])  # warm caches (profiles, code paths)
    return {preset.name: 1000 * statistics.median(renderer(path, (preset,)) for path in paths)
            for preset in PRESETS}


def pack(paths: list[str], renderer, pool=None) -> tuple[float, float]:
    """Wall seconds and CPU seconds for every preset of every photo, serially or on the pool."""
    start = time.perf_counter()
    cpu = sum(map(renderer, paths) if pool is None else pool.map(renderer, paths))
    return time.perf_counter() - start, cpu


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio between two same-sized images, in dB."""
    difference = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    mse = sum(rms * rms for rms in ImageStat.Stat(difference).rms) / 3
    return math.inf if mse == 0 else 10 * math.log10(255 ** 2 / mse)


def quality(path: str) -> dict[str, float]:
    """PSNR per preset: our pixels (draft decode, reduce, resample) vs a full-size Lanczos."""
    data = read(path)
    fast, full = open_photo(data, presets=PRESETS), open_photo(data)
    reference = {"resample": Image.Resampling.LANCZOS, "reducing_gap": None}
    return {preset.name: psnr(compose(fast, preset)[0], compose(full, preset, **reference)[0])
            for preset in PRESETS}


def peak_memory(path: str, mode: str) -> dict[str, float]:
    """Peak RSS of a fresh interpreter rendering every preset of one photo."""
    output = subprocess.run(
        [sys.executable, __file__, "--peak-memory", path, "--mode", mode],
        capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(output.stdout)


def high_water_mb() -> float:
    """This process's peak resident set size in MB.

    Linux's VmHWM, which starts afresh at exec; ru_maxrss would carry over the parent's peak
    through fork and exec (and is the fallback where /proc is missing).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_peak_memory(path: str, mode: str) -> None:
    """In the child: print the baseline and peak resident memory in MB as JSON."""
    data = read(path)
    baseline = high_water_mb()
    if mode == "fast":
        open_and_render_all(data, PRESETS)
    else:  # full-size decode, then every preset: what a plain Pillow pipeline holds
        from webapp.photos.imaging import render_all

        render_all(open_photo(data), PRESETS)
    peak = high_water_mb()
    print(json.dumps({"baseline": baseline, "peak": peak}))


# --- report -------------------------------------------------------------------------------------

def main() -> None:
    """Generate the inputs, measure, print."""
    started = time.perf_counter()
    vips_line = vips_available()
    cores = os.cpu_count() or 1
    print(f"Studio Cerita photo benchmark: Python {platform.python_version()}, "
          f"Pillow {PIL.__version__}, {cores} CPUs")
    print(vips_line or "pyvips is not importable: its columns are skipped "
                       "(install the bench extra: pyvips, pyvips-binary)")
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder, \
            concurrent.futures.ProcessPoolExecutor(cores, mp_context=context) as pool:
        jobs = [pool.submit(make_photo, seed, TWELVE_MP, folder) for seed in range(PHOTOS)]
        bigs = [pool.submit(make_photo, seed, FORTY_EIGHT_MP, folder) for seed in (0, 1)]
        paths = [job.result() for job in jobs]
        big_paths = [job.result() for job in bigs]
        sizes = [os.path.getsize(p) / MiB for p in paths]
        big_sizes = [os.path.getsize(p) / MiB for p in big_paths]
        print(f"inputs: {PHOTOS} × 12 MP ({TWELVE_MP[1]}×{TWELVE_MP[0]} upright) JPEG, "
              f"{min(sizes):.1f}–{max(sizes):.1f} MB, half stored sideways with EXIF orientation 6,"
              " "
              f"half with a Display P3 profile; 2 × 48 MP ({FORTY_EIGHT_MP[1]}×{FORTY_EIGHT_MP[0]}"
              f", one of each kind, {min(big_sizes):.1f}–{max(big_sizes):.1f} MB); "
              f"generated in {time.perf_counter() - started:.1f} s")

        sample = paths[:PER_OUTPUT_PHOTOS]
        mine = per_output(sample, ours)
        theirs = per_output(sample, vips) if vips_line else {}
        quality_12 = {}
        for path in paths[:2]:
            for name, value in quality(path).items():
                quality_12[name] = min(value, quality_12.get(name, math.inf))
        quality_48 = {}
        for path in big_paths:
            for name, value in quality(path).items():
                quality_48[name] = min(value, quality_48.get(name, math.inf))

        print()
        print(f"per output: median CPU ms over {PER_OUTPUT_PHOTOS} photos of 12 MP, each output "
              f"decoded on its own; PSNR of our pixels vs a full-size Lanczos resize (worst of "
              f"2 photos of each size)")
        print(f"{'preset':<20}{'size':>11}{'ours ms':>10}{'pyvips ms':>11}{'ours/pyvips':>13}"
              f"{'PSNR 12MP':>11}{'PSNR 48MP':>11}")
        for preset in PRESETS:
            ratio = f"{mine[preset.name] / theirs[preset.name]:.2f}" if theirs else "-"
            vips_ms = f"{theirs[preset.name]:.0f}" if theirs else "-"
            print(f"{preset.name:<20}{preset.width:>5}×{preset.height:<5}"
                  f"{mine[preset.name]:>10.0f}{vips_ms:>11}{ratio:>13}"
                  f"{quality_12[preset.name]:>10.1f}{quality_48[preset.name]:>11.1f}")

        print()
        print(f"pack: {PHOTOS} photos × {len(PRESETS)} presets = {PHOTOS * len(PRESETS)} outputs, "
              f"wall time (CPU time); both decode once per photo (pyvips: thumbnail_buffer to "
              f"the size the presets need, then thumbnail_image per preset); the pool is warm. "
              f"Load average now: {load()}")
        list(pool.map(ours, paths[:cores]))  # warm the workers: imports, profiles
        rows = [("ours", ours)] + ([("pyvips", vips_once)] if vips_line else [])
        results = {}
        for name, renderer in rows:
            if name == "pyvips":
                list(pool.map(renderer, paths[:cores]))
            serial, serial_cpu = pack(paths, renderer)
            parallel, parallel_cpu = pack(paths, renderer, pool)
            results[name] = (serial, parallel)
            each = 1000 * serial / (PHOTOS * len(PRESETS))
            print(f"{name:<8} serial {serial:5.2f} s ({serial_cpu:5.2f} s; {each:4.0f} ms/output)"
                  f"   {cores} processes {parallel:5.2f} s ({parallel_cpu:5.2f} s in workers)")
        if "pyvips" in results:
            print(f"ours/pyvips: serial {results['ours'][0] / results['pyvips'][0]:.2f}, "
                  f"{cores} processes {results['ours'][1] / results['pyvips'][1]:.2f}")

        print()
        print("peak memory, one photo and all 6 presets: peak RSS (VmHWM) of a fresh subprocess;"
              " baseline = interpreter, imports and the file's bytes")
        for label, path, mode in (("12 MP P3, fast path", paths[1], "fast"),
                                  ("12 MP rotated, fast path", paths[0], "fast"),
                                  ("48 MP P3, fast path", big_paths[1], "fast"),
                                  ("48 MP rotated, fast path", big_paths[0], "fast"),
                                  ("48 MP P3, full-size decode", big_paths[1], "full")):
            figures = peak_memory(path, mode)
            print(f"{label:<28} peak {figures['peak']:6.0f} MB   baseline "
                  f"{figures['baseline']:4.0f} MB   added "
                  f"{figures['peak'] - figures['baseline']:5.0f} MB")
    print(f"\ntotal run time {time.perf_counter() - started:.0f} s; load average {load()}")


def load() -> str:
    """The 1, 5 and 15 minute load averages: other work on this machine skews wall times."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peak-memory", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="fast", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.peak_memory:
        measure_peak_memory(arguments.peak_memory, arguments.mode)
    else:
        main()
