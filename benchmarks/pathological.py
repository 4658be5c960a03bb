"""Pathological inputs: time and peak memory of `trustlint check` on each, at 1x, 2x, 4x and 5 MB.

Every input is generated here (nothing read from disk but trustlint itself). Each run is a
fresh `python -m trustlint check --format json FILE` subprocess; its wall time, CPU time (user
+ system, which a loaded machine inflates less than wall time) and peak RSS (ru_maxrss of that
child, from os.wait4) are printed with the growth ratio per doubling
(2.0 is linear, 4.0 quadratic) and PASS/FAIL of the 5 MB run against the targets.

    python benchmarks/pathological.py            # every input
    python benchmarks/pathological.py prose tags  # some of them
    python benchmarks/pathological.py --quick     # 1x and 2x only, no 5 MB run

Targets (issue 15): growth linear; a 5 MB draft of each finishes in <= 20 s and <= 300 MB.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = 256 * 1024  # bytes at 1x
FIVE_MB = 5 * 1024 * 1024 - 4096  # under the default max-file-size
TIME_TARGET, RSS_TARGET = 20.0, 300.0
TIMEOUT = 300  # a run still going after this is reported as inf

_PROSE = ("Our team reviewed the quarterly numbers with care. The new plan starts on Monday, and every "
          "customer keeps the price they signed up for. If it helps, reply with a question and Dana will "
          "answer within a day. We measured a 12% drop in support tickets after the change. ")


def _repeat(unit: str, size: int, head: str = "") -> str:
    n = max(1, (size - len(head)) // len(unit))
    return head + unit * n


INPUTS = {
    # plain prose: many sentences (sentence windows, nearby dates, per-sentence rules)
    "prose": lambda n: _repeat(_PROSE, n, "Subject: Quarterly update\n\n"),
    # 20,000 `{% if a %}` in the issue: unclosed Liquid blocks
    "liquid-if": lambda n: _repeat("{% if a %} x ", n),
    # Handlebars blocks
    "hbs-if": lambda n: _repeat("{{#if a}} x ", n),
    # unterminated HTML comment openers
    "comment-open": lambda n: _repeat("<!-- ", n),
    # shouted imperatives (TL403)
    "buy-now": lambda n: _repeat("BUY NOW ", n),
    # inline suppressions, each covering its own line
    "suppressions": lambda n: _repeat("Only three seats are left. <!-- trustlint: disable=TL604 -->\n", n),
    # many merge tags of one platform (TL503 mixed-platform check)
    "merge-tags": lambda n: _repeat("Hi {{ first_name }}, see {{ company }}. ", n),
    # unbalanced merge-tag openers
    "openers": lambda n: _repeat("{{ *|IF: %%[ ", n),
    # merge tags and inline Markdown in a .md draft (the Markdown inline scan)
    "md-merge-tags": lambda n: _repeat("Hi {{ first_name }}, **see** [our page](https://x.test) and *|FNAME|*. ", n),
}
#: inputs written as another format than plain text (by file suffix)
SUFFIX = {"md-merge-tags": ".md"}


def _run(path: Path, *extra: str) -> tuple[float, float, int, float]:
    """(seconds, peak RSS in MB, exit code, CPU seconds) of one trustlint run on `path`. The result cache
    is written as in any run, to a folder of this benchmark's own (TRUSTLINT_CACHE_DIR)."""
    started = time.monotonic()
    env = dict(os.environ, TRUSTLINT_CACHE_DIR=str(path.parent / "cache"))
    proc = subprocess.Popen([sys.executable, "-m", "trustlint", "check", "--format", "json", *extra, str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = started + TIMEOUT
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return float("inf"), usage.ru_maxrss / 1024, -9, usage.ru_utime + usage.ru_stime
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - started, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    if "-h" in argv or "--help" in argv:
        print(__doc__.strip())
        print(f"\ninputs: {', '.join(INPUTS)}")
        return 0
    quick = "--quick" in argv
    names = [a for a in argv if not a.startswith("-")] or list(INPUTS)
    unknown = [n for n in names if n not in INPUTS]
    if unknown:
        print(f"unknown input(s): {', '.join(unknown)} (known: {', '.join(INPUTS)})", file=sys.stderr)
        return 2
    sizes = [("1x", BASE), ("2x", 2 * BASE)] + ([] if quick else [("4x", 4 * BASE), ("5MB", FIVE_MB)])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at start: {load:.2f} (on a busy machine every time grows with the load)")
    ok = True
    with tempfile.TemporaryDirectory(prefix="trustlint-patho-") as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("Hi Sam, the invoice is attached.\n", encoding="utf-8")
        warm = Path(tmp) / "warm.txt"  # fills the lexicon caches (syllables, regex analysis) first:
        warm.write_text(INPUTS["prose"](20_000), encoding="utf-8")  # otherwise the 1x run pays for them
        _run(warm, "--no-cache")
        startup = min(_run(tiny, "--no-cache")[0] for _ in range(2))  # a cache hit would understate it
        print(f"start-up (a one-line draft, no cache): {startup:.2f} s; growth = (t - start-up) ratio per "
              "doubling: 2.0 linear, 4.0 quadratic")
        print(f"{'input':<14}" + "".join(f"{label + ' wall/cpu/RSS':>26}" for label, _ in sizes)
              + f"{'2x/1x':>7}{'4x/2x':>7}  5 MB verdict")
        for name in names:
            cells, times = [], {}
            verdict = "-" if quick else "PASS"
            for label, size in sizes:
                path = Path(tmp) / f"{name}-{label}{SUFFIX.get(name, '.txt')}"
                path.write_text(INPUTS[name](size), encoding="utf-8")
                seconds, rss, code, cpu = _run(path)
                path.unlink()
                times[label] = seconds
                cells.append(f"{seconds:7.2f}s {cpu:6.2f}s {rss:6.0f}MB")
                if code not in (0, 1, 2):
                    verdict = f"FAIL (exit {code})"
                elif label == "5MB" and (seconds > TIME_TARGET or rss > RSS_TARGET):
                    verdict = "FAIL"
            growth = []
            for a, b in (("1x", "2x"), ("2x", "4x")):
                if a in times and b in times and times[a] - startup > 0.05:
                    growth.append(f"{(times[b] - startup) / (times[a] - startup):7.1f}")
                else:
                    growth.append(f"{'-':>7}")
            ok = ok and verdict in ("PASS", "-")
            print(f"{name:<14}" + "".join(f"{c:>26}" for c in cells) + "".join(growth) + f"  {verdict}", flush=True)
    print(f"targets: 5 MB <= {TIME_TARGET:g} s and <= {RSS_TARGET:g} MB per input; growth linear (2.0 per doubling)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
