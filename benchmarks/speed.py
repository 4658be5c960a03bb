"""trustlint speed benchmark (run by hand; prints a table). Not a unit test.

    python benchmarks/speed.py                 # 100, 1,000 and 10,000 drafts; proselint up to 1,000
    python benchmarks/speed.py --sizes 100 1000 --proselint-max 10000 --jobs 1 2

Generates corpora of realistic ~300-word drafts (benchmarks/gen_drafts.py) in a temporary folder
and times `trustlint check` as a whole process: wall time, CPU time (user + sys of the whole
process tree), files/s, words/s and peak RSS. Peak RSS is the largest sum of the resident set
sizes of the process and all its descendants, polled from /proc every 10 ms (workers forked
from a warm parent share most of their pages, so the sum overstates real memory use); the
largest single process, from wait4(), is shown too. proselint (a pip package, NOT a trustlint
dependency) is installed into a throwaway venv and run on the same files, with the ratio;
pass --no-proselint to skip it, or --proselint PATH to use an installed one.

The machine is shared: the wall times move with other load, the CPU times much less. Each
figure is the median of --repeat runs.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_drafts import make_corpus  # noqa: E402

SHORT_DRAFT = "Subject: Quick question\n\nHi Sam,\n\nAs we discussed, our platform is the best. Reply if it helps.\n"


@dataclass
class Run:
    wall: float
    cpu: float
    tree_rss_mb: float
    max_rss_mb: float
    status: int


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def _tree_rss_kb(pid: int) -> int:
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
        stack.extend(_children(p))
    return total


def run(cmd: list[str], cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak / 1024, usage.ru_maxrss / 1024, proc.returncode)


def median_run(cmd: list[str], repeat: int, cwd: Path | None = None) -> Run:
    runs = [run(cmd, cwd) for _ in range(repeat)]
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.tree_rss_mb for r in runs), max(r.max_rss_mb for r in runs), runs[-1].status)


def proselint_exe(args: argparse.Namespace, tmp: Path) -> str | None:
    if args.no_proselint:
        return None
    if args.proselint:
        return args.proselint
    found = shutil.which("proselint")
    if found:
        return found
    venv = tmp / "proselint-venv"
    print("installing proselint into a throwaway venv ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "proselint"], check=True,
                       capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"proselint unavailable, skipped ({exc})", file=sys.stderr)
        return None
    return str(venv / "bin" / "proselint")


def trustlint_exe() -> str:
    exe = Path(sys.executable).with_name("trustlint")
    return str(exe) if exe.exists() else (shutil.which("trustlint") or "trustlint")


def row(*cells: object) -> str:
    widths = (26, 8, 8, 9, 9, 11, 10, 10, 11)
    return "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 0], help="--jobs values to time (0: all cores)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per figure (median)")
    ap.add_argument("--proselint-max", type=int, default=1000, help="largest corpus proselint is run on")
    ap.add_argument("--proselint", help="path to a proselint executable")
    ap.add_argument("--no-proselint", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpora")
    args = ap.parse_args()

    tl = trustlint_exe()
    tmp = Path(tempfile.mkdtemp(prefix="trustlint-bench-"))
    try:
        prose = proselint_exe(args, tmp)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; trustlint: {tl}")
        print()
        short = tmp / "short.md"
        short.write_text(SHORT_DRAFT, encoding="utf-8")
        reps = max(5, args.repeat)
        helps = [run([tl, "--help"]).wall for _ in range(reps)]
        colds = [run([tl, "check", "--jobs", "1", str(short)]) for _ in range(reps)]
        print(f"trustlint --help               median {statistics.median(helps):.3f} s  (min {min(helps):.3f}, target <= 0.3)")
        print(f"one short draft, cold start    median {statistics.median(r.wall for r in colds):.3f} s  "
              f"(min {min(r.wall for r in colds):.3f}, cpu {statistics.median(r.cpu for r in colds):.3f} s, "
              f"rss {max(r.max_rss_mb for r in colds):.0f} MB, target <= 1.5)")
        print()
        print(row("run", "drafts", "wall s", "cpu s", "files/s", "words/s", "tree MB", "proc MB", "vs prose"))
        per_draft: dict[str, list[tuple[int, float]]] = {}
        for n in args.sizes:
            corpus = tmp / f"corpus-{n}"
            paths, words = make_corpus(corpus, n)
            prose_run = None
            if prose and n <= args.proselint_max:
                prose_run = median_run([prose, "check", "--output-format", "json", str(corpus)], args.repeat)
            for jobs in args.jobs:
                label = f"trustlint --jobs {jobs or 'all'}"
                r = median_run([tl, "check", "--format", "json", "--jobs", str(jobs), str(corpus)], args.repeat)
                ratio = f"{r.wall / prose_run.wall:.0%}" if prose_run else "-"
                print(row(label, n, f"{r.wall:.2f}", f"{r.cpu:.2f}", f"{n / r.wall:.0f}", f"{words / r.wall:,.0f}",
                          f"{r.tree_rss_mb:.0f}", f"{r.max_rss_mb:.0f}", ratio))
                per_draft.setdefault(label, []).append((n, r.wall))
            if n == 1000:  # the default terminal format, for scale: rich's layout costs ~5 ms per file
                r = median_run([tl, "check", "--format", "terminal", "--jobs", "0", str(corpus)], args.repeat)
                ratio = f"{r.wall / prose_run.wall:.0%}" if prose_run else "-"
                print(row("  same, --format terminal", n, f"{r.wall:.2f}", f"{r.cpu:.2f}", f"{n / r.wall:.0f}",
                          f"{words / r.wall:,.0f}", f"{r.tree_rss_mb:.0f}", f"{r.max_rss_mb:.0f}", ratio))
            if prose_run:
                print(row("proselint", n, f"{prose_run.wall:.2f}", f"{prose_run.cpu:.2f}", f"{n / prose_run.wall:.0f}",
                          f"{words / prose_run.wall:,.0f}", f"{prose_run.tree_rss_mb:.0f}",
                          f"{prose_run.max_rss_mb:.0f}", "100%"))
            if not args.keep:
                shutil.rmtree(corpus)
        print()
        for label, points in per_draft.items():
            steps = [f"{(t1 - t0) / (n1 - n0) * 1000:.2f} ms ({n0}->{n1})"
                     for (n0, t0), (n1, t1) in zip(points, points[1:])]
            if steps:
                print(f"{label}: marginal wall time per draft {', '.join(steps)}; linear if these match")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
