"""bench/run's report: the tables of one run and the targets of the shared BENCHMARKS.md.

Imported by bench/run (standard library only); not a program of its own.
"""

from __future__ import annotations

import os

from benchlib import fmt_mb, fmt_s, say


def report(results, args, loa_version, hugo_version, serve_exists: bool, load_before: float):
    say("")
    say(f"loa: {loa_version}; Hugo: {hugo_version.split('-')[0].split('+')[0]}")
    say(f"{args.runs} runs each after a warm-up, loa and Hugo alternating; both build over their previous "
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
    by = {(r["corpus"], r["articles"]): r for r in results}
    for r in results:
        if r["articles"] == 10000:
            say(f"- {r['label']}: wall {r['loa_wall'] / r['hugo_wall']:.3f} × Hugo (target ≤ 0.5): "
                f"{'met' if r['loa_wall'] <= 0.5 * r['hugo_wall'] else 'NOT met'}; peak memory "
                f"{r['loa_rss'] / r['hugo_rss']:.3f} × Hugo (target ≤ 0.4): "
                f"{'met' if r['loa_rss'] <= 0.4 * r['hugo_rss'] else 'NOT met'}")
    for corpus in dict.fromkeys(r["corpus"] for r in results):
        if (corpus, 10000) in by and (corpus, 30000) in by:
            k = by[(corpus, 30000)]["loa_wall"] / by[(corpus, 10000)]["loa_wall"]
            say(f"- {corpus}: 30,000 / 10,000 loa wall: {k:.2f} (target ≤ 3.3): {'met' if k <= 3.3 else 'NOT met'}")
    for r in results:
        k = r["noop"] / r["loa_wall"]
        say(f"- {r['label']}: no-op rebuild {k:.2f} × a full build (target ≤ 0.1): "
            f"{'met' if k <= 0.1 else 'NOT met'}; files rewritten by it: {r['noop_touched']} (target 0)")
    for r in results:
        k = r["loa_wall"] / r["floor"]
        say(f"- {r['label']}: loa's full build {k:.1f} × the I/O floor, copying its output "
            f"({fmt_s(r['floor'])}; target ≤ 3 ×): {'met' if k <= 3 else 'NOT met'}")
    served = [r for r in results if r.get("serve")]
    for r in served:
        m = r["serve"]
        ok = m["p50"] <= 0.050 and m["p95"] <= 0.150
        say(f"- {r['label']}: loa serve, edit → reload event over {m['edits']} edits: p50 {m['p50'] * 1000:.0f} ms, "
            f"p95 {m['p95'] * 1000:.0f} ms (min {m['min'] * 1000:.0f}, max {m['max'] * 1000:.0f}; "
            f"target p50 ≤ 50 ms, p95 ≤ 150 ms): {'met' if ok else 'NOT met'}; edit → whole site settled "
            f"p50 {m['settled_p50'] * 1000:.0f} ms, p95 {m['settled_p95'] * 1000:.0f} ms")
    if served:
        pass
    elif serve_exists:
        say("- loa serve (edit → reload p50 ≤ 50 ms, p95 ≤ 150 ms): not measured in this run "
            "(it runs on bench's 10,000 corpus; see --serve-edits).")
    else:
        say("- loa serve (edit → reload p50 ≤ 50 ms, p95 ≤ 150 ms): not measured, this loa has no `serve` "
            "command yet.")
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
