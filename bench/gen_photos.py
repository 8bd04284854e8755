"""Photo stories of camera-sized JPEG photos, added to a site root for bench/images --photos.

Each story (content/phong-su-anh/bench-NNN/) holds ten photos. The photos are drawn by Pillow
(installed with pip when missing): soft colour fields with a fine grain, like a camera's, at
--size. Only a few distinct pictures are drawn; each file then gets a JPEG comment of its own,
so every file has different bytes (the image cache keys on bytes) and the same pixel work.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys

PER_STORY = 10
DISTINCT = 24


def pillow():
    try:
        import PIL.Image  # noqa: F401
    except ImportError:
        print("installing Pillow (pip install Pillow) to draw the photos", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "Pillow"], check=True)
    import PIL.Image
    return PIL.Image


def drawn(Image, rng: random.Random, width: int, height: int) -> bytes:
    """One photo-like JPEG: a blurred 32x21 field of colours, with grain."""
    small = Image.frombytes("RGB", (32, 21), bytes(rng.randrange(256) for _ in range(32 * 21 * 3)))
    field = small.resize((width, height), Image.BICUBIC)
    grain = Image.effect_noise((width, height), 18).convert("RGB")
    photo = Image.blend(field, grain, 0.12)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=88)
    return out.getvalue()


def with_comment(jpeg: bytes, text: str) -> bytes:
    """`jpeg` with a COM segment right after SOI: other bytes, the same pixels."""
    body = text.encode()
    return jpeg[:2] + b"\xff\xfe" + (len(body) + 2).to_bytes(2, "big") + body + jpeg[2:]


def write(root: str, photos: int, width: int, height: int, seed: int = 7) -> int:
    """Writes `photos` photos in stories of ten under root/content/phong-su-anh/. Returns the
    number of stories."""
    Image = pillow()
    rng = random.Random(seed)
    bases = [drawn(Image, rng, width, height) for _ in range(min(DISTINCT, photos))]
    stories = (photos + PER_STORY - 1) // PER_STORY
    n = 0
    for s in range(stories):
        folder = os.path.join(root, "content", "phong-su-anh", f"bench-{s:03}")
        os.makedirs(folder, exist_ok=True)
        lines = ["+++", f'title = "Phóng sự ảnh thử tải số {s + 1}"',
                 'summary = "Ảnh chụp thử để đo thời gian tạo ảnh đáp ứng."',
                 f"date = 2026-03-{1 + s % 28:02}T08:00:00+07:00", 'origin = "original"', ""]
        for p in range(min(PER_STORY, photos - n)):
            name = f"anh-{p + 1}.jpg"
            with open(os.path.join(folder, name), "wb") as f:
                f.write(with_comment(bases[n % len(bases)], f"bench photo {n}"))
            lines += ["[[photos]]", f'file = "{name}"', f'alt = "Ảnh thử số {p + 1} của phóng sự {s + 1}"',
                      f'caption = "Khoảnh khắc thứ {p + 1} trong ngày làm việc."',
                      'credit = "Ảnh thử của bench"', ""]
            n += 1
        lines += ["+++", "", "Phóng sự ảnh tạo ra để đo thời gian xử lý ảnh.", ""]
        with open(os.path.join(folder, "index.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    return stories
