"""bench/run's report: the tables of one run and the targets of the shared BENCHMARKS.md.

Imported by bench/run (standard library only); not a program of its own.
"""

from __future__ import annotations

import os

from benchlib import fmt_mb, fmt_s, say


# Round two's targets (shared BENCHMARKS.md).
VS_HUGO = 0.3  # 10,000 articles: loa's wall time and peak memory, each ≤ 0.3 × Hugo's
RSS_100K = 1.5e9  # 100,000 articles: loa's peak memory ≤ 1.5 GB
WALL_100K = 10.5  # 100,000 articles: loa's wall ≤ 10.5 × its 10,000-article wall, same corpus
FLOOR = 3.0  # loa's full build ≤ 3 × copying its output tree
NOOP = 0.1  # a no-op rebuild ≤ 0.1 × a full build, rewriting no file
RELOAD = (0.050, 0.150)  # loa serve: edit → the page's reload event, p50 and p95
SETTLED = (0.150, 0.300)  # loa serve: edit → the whole site settled, p50 and p95


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def serve_line(m: dict) -> str:
    """loa serve's two latencies, each against its target."""
    ms = lambda x: f"{x * 1000:.0f} ms"  # noqa: E731
    reload_ok = m["p50"] <= RELOAD[0] and m["p95"] <= RELOAD[1]
    settled_ok = m["settled_p50"] <= SETTLED[0] and m["settled_p95"] <= SETTLED[1]
    return (f"edit → reload event p50 {ms(m['p50'])}, p95 {ms(m['p95'])} (min {ms(m['min'])}, max {ms(m['max'])}; "
            f"target p50 ≤ {ms(RELOAD[0])}, p95 ≤ {ms(RELOAD[1])}): {verdict(reload_ok)}; edit → whole site "
            f"settled p50 {ms(m['settled_p50'])}, p95 {ms(m['settled_p95'])} (target p50 ≤ {ms(SETTLED[0])}, "
            f"p95 ≤ {ms(SETTLED[1])}): {verdict(settled_ok)}")


def targets(results, serve_exists: bool):
    by = {(r["corpus"], r["articles"]): r for r in results}
    tens = [r for r in results if r["articles"] == 10000]
    for r in tens:
        kw, km = r["loa_wall"] / r["hugo_wall"], r["loa_rss"] / r["hugo_rss"]
        say(f"- {r['label']}: wall {kw:.3f} × Hugo (target ≤ {VS_HUGO}): {verdict(kw <= VS_HUGO)}; "
            f"peak memory {km:.3f} × Hugo (target ≤ {VS_HUGO}): {verdict(km <= VS_HUGO)}")
    if not tens:
        say(f"- 10,000 articles (wall and peak memory ≤ {VS_HUGO} × Hugo, on each corpus): not measured in this "
            "run (--sizes has no 10000)")
    hundreds = [r for r in results if r["articles"] == 100000]
    for r in hundreds:
        line = (f"- {r['label']}: loa peak RSS {fmt_mb(r['loa_rss'])} (target ≤ {RSS_100K / 1e9} GB): "
                f"{verdict(r['loa_rss'] <= RSS_100K)}; ")
        base = by.get((r["corpus"], 10000))
        if base:
            k = r["loa_wall"] / base["loa_wall"]
            line += (f"wall {fmt_s(r['loa_wall'])} = {k:.2f} × the 10,000 wall (target ≤ {WALL_100K}): "
                     f"{verdict(k <= WALL_100K)}")
        else:
            line += f"wall {fmt_s(r['loa_wall'])}, not compared (no 10,000 run of this corpus)"
        say(line)
    if not hundreds:
        say(f"- 100,000 articles (loa peak RSS ≤ {RSS_100K / 1e9} GB, wall ≤ {WALL_100K} × the 10,000 wall): "
            "not measured in this run (add 100000 to --sizes; it takes minutes)")
    for r in results:
        k = r["loa_wall"] / r["floor"]
        say(f"- {r['label']}: loa's full build {k:.1f} × the I/O floor, copying its output "
            f"({fmt_s(r['floor'])}; target ≤ {FLOOR:g} ×): {verdict(k <= FLOOR)}")
    for r in results:
        k = r["noop"] / r["loa_wall"]
        say(f"- {r['label']}: no-op rebuild {k:.2f} × a full build (target ≤ {NOOP}): {verdict(k <= NOOP)}; "
            f"files rewritten by it: {r['noop_touched']} (target 0): {verdict(r['noop_touched'] == 0)}")
    served = [r for r in results if r.get("serve")]
    for r in served:
        say(f"- {r['label']}: loa serve over {r['serve']['edits']} edits: {serve_line(r['serve'])}")
    if served:
        return
    wanted = (f"edit → reload p50 ≤ {RELOAD[0] * 1000:.0f} ms, p95 ≤ {RELOAD[1] * 1000:.0f} ms; whole site "
              f"settled p50 ≤ {SETTLED[0] * 1000:.0f} ms, p95 ≤ {SETTLED[1] * 1000:.0f} ms")
    if serve_exists:
        say(f"- loa serve ({wanted}): not measured in this run (it runs on bench's 10,000 corpus; see "
            "--serve-edits).")
    else:
        say(f"- loa serve ({wanted}): not measured, this loa has no `serve` command yet.")


def report(results, args, loa_version, hugo_version, serve_exists: bool, load_before: float):
    say("")
    say(f"loa: {loa_version}; Hugo: {hugo_version.split('-')[0].split('+')[0]}")
    say(f"{args.runs} run{'s' if args.runs > 1 else ''} each after a warm-up, loa and Hugo alternating; both build over their previous "
        f"output ({'on tmpfs, /dev/shm' if args.tmpfs else 'on disk, ' + args.out_dir}); medians.")
    say(f"load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    say("")
    say("| corpus | pages (loa / Hugo) | loa wall | Hugo wall | wall loa/Hugo | loa peak RSS | Hugo peak RSS "
        "| RSS loa/Hugo | loa pages/s |")
    say("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        say(f"| {r['label']} | {r['loa_pages']:,} / {r['hugo_pages']:,} | {fmt_s(r['loa_wall'])} | "
            f"{fmt_s(r['hugo_wall'])} | {r['loa_wall'] / r['hugo_wall']:.2f} | {fmt_mb(r['loa_rss'])} | "
            f"{fmt_mb(r['hugo_rss'])} | {r['loa_rss'] / r['hugo_rss']:.2f} | "
            f"{r['loa_pages'] / r['loa_wall']:,.0f} |")
    say("")
    say("| corpus | loa no-op rebuild | no-op / full build | output entries the no-op changed | "
        "loa runs min–max (spread) | Hugo runs min–max (spread) | I/O floor (cp -a of loa's output) | "
        "loa wall / floor |")
    say("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        say(f"| {r['label']} | {fmt_s(r['noop'])} | {r['noop'] / r['loa_wall']:.2f} | {r['noop_touched']} | "
            f"{r['loa_min']:.2f}–{r['loa_max']:.2f} s ({r['loa_spread']:.0f} %) | "
            f"{r['hugo_min']:.2f}–{r['hugo_max']:.2f} s ({r['hugo_spread']:.0f} %) | {fmt_s(r['floor'])} "
            f"({r['floor_files']:,} files) | {r['loa_wall'] / r['floor']:.1f} |")
    say("")
    say("Targets (shared BENCHMARKS.md), this run:")
    targets(results, serve_exists)
    for r in results:
        if r["summary"]:
            say(f"\nloa on {r['label']}: {r['summary']}")
        if r["diagnostics"]:
            totals = [msg for (level, msg) in r["diagnostics"] if level == "total"]
            say(f"loa printed diagnostics on {r['label']}" + (f" ({'; '.join(totals)} in all)" if totals else "")
                + ", of which listed:")
            for (level, msg), n in r["diagnostics"].most_common(9):
                if level != "total":
                    say(f"  {n} × {level}: {msg}  (e.g. {r['examples'].get((level, msg), '')})")
        for p in r["problems"]:
            say(f"PROBLEM on {r['label']}: {p}")
