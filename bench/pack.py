"""Benchmark: build the demo brand's listing pack for every channel, cold and warm.

Cold: no rendition cached, every photo rendered for every channel preset. Warm: renditions come
from the disk cache. Prints seconds, photos per second and peak memory (VmHWM of a fresh process,
so earlier runs do not count). Run with `make bench` or `.venv/bin/python bench/pack.py`.
Targets (issue 7), on 2 cores: the demo pack (3 products x 3 photos, all channels) cold < 10 s,
warm < 1 s.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build_once(instance: str, *, clear_cache: bool) -> tuple[float, int, int]:
    """Build the pack in this process; return seconds, photos and ZIP bytes."""
    os.environ["STUDIO_CERITA_INSTANCE"] = instance
    from webapp import create_app
    from webapp.listings.channels import load_channels
    from webapp.media import MediaStore
    from webapp.models import Brand, Product
    from webapp.packs.builder import build_pack
    from webapp.packs.jobs import pack_input

    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        from webapp.db import get_session

        if clear_cache:
            shutil.rmtree(Path(app.config["MEDIA_ROOT"]) / "renditions", ignore_errors=True)
        brand = get_session().query(Brand).filter_by(slug="contoh").one()
        products = [p.id for p in get_session().query(Product).filter_by(brand_id=brand.id)]
        options = {"products": products, "channels": [c.id for c in load_channels()],
                   "language": "id"}
        store = MediaStore(app.config["MEDIA_ROOT"])
        start = time.perf_counter()
        pack = pack_input(brand.id, brand.head_number, options, store)
        out = io.BytesIO()
        photos = []
        build_pack(pack, out, progress=lambda done, total: photos.append(total))
        seconds = time.perf_counter() - start
    return seconds, photos[-1] if photos else 0, len(out.getvalue())


def main() -> None:
    """Prepare a demo instance, then measure cold and warm builds, each in a fresh process."""
    if len(sys.argv) == 3 and sys.argv[1] in ("cold", "warm"):
        seconds, photos, size = build_once(sys.argv[2], clear_cache=sys.argv[1] == "cold")
        print(f"{sys.argv[1]:<5} {seconds:6.2f} s  {photos / seconds:7.1f} photos/s  "
              f"{photos} photos  zip {size / 1e6:5.1f} MB  peak {peak_rss_mb():6.1f} MB")
        return
    with tempfile.TemporaryDirectory() as instance:
        env = {**os.environ, "STUDIO_CERITA_INSTANCE": instance}
        flask = [sys.executable, "-m", "flask", "--app", "webapp"]
        subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True,
                       capture_output=True)
        subprocess.run([*flask, "demo", "load"], env=env, cwd=ROOT, check=True,
                       capture_output=True)
        print(f"Studio Cerita pack benchmark: demo brand 'contoh', all channels, "
              f"{os.cpu_count()} CPUs")
        for mode in ("cold", "warm", "warm"):
            subprocess.run([sys.executable, __file__, mode, instance], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
