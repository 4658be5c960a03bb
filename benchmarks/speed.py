"""trustlint speed benchmark (run by hand; prints figures against the targets of issue 12).

    python benchmarks/speed.py                          # 100, 1,000, 10,000 drafts, every target
    python benchmarks/speed.py --sizes 100 1000 2000 --archive 2000   # smaller, on a busy machine

One run prints every target side by side, as ratios measured in that run: trustlint vs
proselint on 1,000 drafts (same files, same cores), words/s vs the floor (spacy.blank("en") +
one PhraseMatcher of every lexicon phrase, in one process), the cache-hit rerun, start-up
(first run ever, warm lexicon cache, --help), linear growth and peak RSS, an mbox vs the same
messages as .eml files, and Dask on a 2-worker LocalCluster vs --jobs 2. Lint timings use
--no-cache (the result cache is timed on its own).

Generates corpora of realistic ~300-word drafts (benchmarks/gen_drafts.py) in a temporary folder
and times `trustlint check` as a whole process: wall time, CPU time (user + sys of the whole
process tree), files/s, words/s and peak RSS. Peak RSS is the largest sum of the resident set
sizes of the process and all its descendants, polled from /proc every 10 ms (workers forked
from a warm parent share most of their pages, so the sum overstates real memory use; the
target is checked on it all the same, and the tree's PSS, shared pages counted once, is shown
beside it); the largest single process, from wait4(), is shown too. proselint (a pip package, NOT a trustlint
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
    tree_pss_mb: float = 0.0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def _tree_rss_kb(pid: int, field: str = "VmRSS:", where: str = "status") -> int:
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/{where}") as fh:
                for line in fh:
                    if line.startswith(field):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
        stack.extend(_children(p))
    return total


def run(cmd: list[str], cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    peak = peak_pss = polls = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(proc.pid))
        polls += 1
        if polls % 10 == 0:  # smaps_rollup walks the page tables: every 100 ms is enough
            peak_pss = max(peak_pss, _tree_rss_kb(proc.pid, "Pss:", "smaps_rollup"))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak / 1024, usage.ru_maxrss / 1024, proc.returncode,
               peak_pss / 1024)


def median_run(cmd: list[str], repeat: int, cwd: Path | None = None) -> Run:
    runs = [run(cmd, cwd) for _ in range(repeat)]
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.tree_rss_mb for r in runs), max(r.max_rss_mb for r in runs), runs[-1].status,
               max(r.tree_pss_mb for r in runs))


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


def floor_words_per_s(corpus: Path) -> float:
    """Raw spacy.blank("en") + one PhraseMatcher (every built-in lexicon phrase) words/s."""
    code = f"""
import time, sys
from pathlib import Path
import spacy
from spacy.matcher import PhraseMatcher
from trustlint.nlp.lexicon import load_lexicons
nlp = spacy.blank("en")
pm = PhraseMatcher(nlp.vocab, attr="LOWER")
pm.add("all", [nlp.make_doc(p) for lex in load_lexicons() for e in lex.entries for p in e.phrases])
texts = [p.read_text(encoding="utf-8") for p in sorted(Path({str(corpus)!r}).iterdir())]
words = sum(len(t.split()) for t in texts)
t0 = time.perf_counter()
for doc in nlp.pipe(texts):
    pm(doc)
print(words / (time.perf_counter() - t0))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def write_archive(corpus: Path, mbox: Path, eml_dir: Path) -> int:
    """The corpus drafts as email messages: one mbox, and the same messages as .eml files."""
    import mailbox
    from email.message import EmailMessage

    eml_dir.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(str(mbox))
    n = 0
    for i, p in enumerate(sorted(corpus.iterdir())):
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "Ana <ana@example.com>", "sam@example.org", f"Update {i}"
        msg.set_content(p.read_text(encoding="utf-8"))
        box.add(msg)
        (eml_dir / f"m{i:05d}.eml").write_bytes(bytes(msg))
        n += 1
    box.flush()
    box.close()
    return n


def dask_wall(inputs: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(total wall including the LocalCluster start, compute wall) for trustlint.app.on_dask."""
    code = f"""
import time, sys
t0 = time.perf_counter()
import dask.bag as db
from distributed import Client, LocalCluster
from trustlint.app.on_dask import lint_location, locations
if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, Client(c):
        t1 = time.perf_counter()
        found = locations({inputs!r})
        out = db.from_sequence(found, npartitions=16).map(lint_location).map(lambda r: len(getattr(r, "findings", ()))).compute()
        t2 = time.perf_counter()
    print(t2 - t0, t2 - t1)
"""
    script = Path(env["TRUSTLINT_CACHE_DIR"]).parent / "dask_bench.py"
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    if out.returncode:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "dask run failed")
    total, compute = map(float, out.stdout.split()[-2:])
    return total, compute


class Targets:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, measured: str, target: str, ok: bool | None) -> None:
        self.rows.append((what, measured, target, "-" if ok is None else ("MET" if ok else "missed")))

    def print(self) -> None:
        print()
        print("targets (issue 12), all from this run:")
        w = max(len(r[0]) for r in self.rows)
        for what, measured, target, ok in self.rows:
            print(f"  {what.ljust(w)}  {measured.rjust(22)}  target {target.ljust(16)} {ok}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[2], help="--jobs values to time (0: all cores)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per figure (median)")
    ap.add_argument("--proselint-max", type=int, default=1000, help="largest corpus proselint is run on")
    ap.add_argument("--proselint", help="path to a proselint executable")
    ap.add_argument("--no-proselint", action="store_true")
    ap.add_argument("--archive", type=int, default=10000, help="messages in the mbox / Dask comparison (0: skip)")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpora")
    args = ap.parse_args()

    tl = trustlint_exe()
    # An installed trustlint has its bytecode (pip compiles it); with PYTHONDONTWRITEBYTECODE
    # set, a checkout would recompile every module at every start (~40 ms of each start-up
    # figure), so compile it once here, as an install would.
    import trustlint

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(trustlint.__file__).parent)],
                   capture_output=True)
    tmp = Path(tempfile.mkdtemp(prefix="trustlint-bench-"))
    targets = Targets()
    base_env = dict(os.environ)
    env = {**base_env, "TRUSTLINT_CACHE_DIR": str(tmp / "cache")}
    os.environ.update(env)  # run() passes the environment on: one cache folder for this benchmark
    try:
        prose = proselint_exe(args, tmp)
        print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; machine: {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}; trustlint: {tl}")
        print()
        short = tmp / "short.md"
        short.write_text(SHORT_DRAFT, encoding="utf-8")
        reps = max(5, args.repeat)
        helps = [run([tl, "--help"]).wall for _ in range(reps)]
        firsts = []
        for i in range(3):  # first run ever: an empty cache folder each time
            os.environ["TRUSTLINT_CACHE_DIR"] = str(tmp / f"first-{i}")
            firsts.append(run([tl, "check", "--jobs", "1", str(short)]))
        os.environ["TRUSTLINT_CACHE_DIR"] = env["TRUSTLINT_CACHE_DIR"]
        run([tl, "check", "--no-cache", "--jobs", "1", str(short)])  # warms the lexicon cache
        colds = [run([tl, "check", "--no-cache", "--jobs", "1", str(short)]) for _ in range(reps)]
        h, f1, c1 = statistics.median(helps), statistics.median(r.wall for r in firsts), statistics.median(r.wall for r in colds)
        print(f"trustlint --help                       median {h:.3f} s  (min {min(helps):.3f})")
        print(f"one short draft, first run ever        median {f1:.3f} s  (min {min(r.wall for r in firsts):.3f})")
        print(f"one short draft, warm lexicon cache    median {c1:.3f} s  (min {min(r.wall for r in colds):.3f}, "
              f"cpu {statistics.median(r.cpu for r in colds):.3f} s, rss {max(r.max_rss_mb for r in colds):.0f} MB)")
        print(f"  cpu: --help {statistics.median(x.cpu for x in [run([tl, '--help']) for _ in range(3)]):.3f} s, "
              f"first run {statistics.median(r.cpu for r in firsts):.3f} s, "
              f"warm lexicon cache {statistics.median(r.cpu for r in colds):.3f} s")
        targets.add("--help", f"{h:.3f} s", "<= 0.2 s", h <= 0.2)
        targets.add("short draft, first run ever", f"{f1:.3f} s", "<= 1.5 s", f1 <= 1.5)
        targets.add("short draft, warm lexicon cache", f"{c1:.3f} s", "<= 1.1 s", c1 <= 1.1)
        targets.add("  start-up CPU: first run / warm lexicon cache",
                    f"{statistics.median(r.cpu for r in firsts):.2f} / {statistics.median(r.cpu for r in colds):.2f} s",
                    "(1.5 / 1.1 s)", None)
        print()
        print(row("run", "drafts", "wall s", "cpu s", "files/s", "words/s", "tree MB", "proc MB", "vs prose"))
        per_draft: dict[str, list[tuple[int, float]]] = {}
        peak: dict[int, float] = {}
        peak_pss: dict[int, float] = {}
        for n in args.sizes:
            corpus = tmp / f"corpus-{n}"
            paths, words = make_corpus(corpus, n)
            prose_run = None
            if prose and n <= args.proselint_max:
                prose_run = median_run([prose, "check", "--output-format", "json", str(corpus)], args.repeat)
            for jobs in args.jobs:
                label = f"trustlint --jobs {jobs or 'all'}"
                r = median_run([tl, "check", "--no-cache", "--format", "json", "--jobs", str(jobs), str(corpus)], args.repeat)
                ratio = f"{r.wall / prose_run.wall:.0%}" if prose_run else "-"
                print(row(label, n, f"{r.wall:.2f}", f"{r.cpu:.2f}", f"{n / r.wall:.0f}", f"{words / r.wall:,.0f}",
                          f"{r.tree_rss_mb:.0f}", f"{r.max_rss_mb:.0f}", ratio))
                per_draft.setdefault(label, []).append((n, r.wall))
                peak[n] = max(peak.get(n, 0.0), r.tree_rss_mb)
                peak_pss[n] = max(peak_pss.get(n, 0.0), r.tree_pss_mb)
                if n == 1000 and jobs == args.jobs[0]:
                    if prose_run:
                        targets.add("1,000 drafts: trustlint / proselint wall", f"{r.wall / prose_run.wall:.2f}x",
                                    "<= 0.25x", r.wall / prose_run.wall <= 0.25)
                        targets.add("  same, CPU time (less load-sensitive)", f"{r.cpu / prose_run.cpu:.2f}x",
                                    "(<= 0.25x)", None)
                    fl = floor_words_per_s(corpus)
                    print(row("  floor: blank(en)+PhraseM.", n, "-", "-", "-", f"{fl:,.0f}", "-", "-", "-"))
                    targets.add("1,000 drafts: floor / trustlint words/s", f"{fl / (words / r.wall):.2f}x",
                                "<= 5x", fl / (words / r.wall) <= 5)
                    run([tl, "check", "--format", "json", "--jobs", str(jobs), str(corpus)])  # fills the cache
                    hits = [run([tl, "check", "--format", "json", "--jobs", str(jobs), str(corpus)]) for _ in range(3)]
                    hw = statistics.median(x.wall for x in hits)
                    print(row("  same, unchanged (cache)", n, f"{hw:.2f}", f"{statistics.median(x.cpu for x in hits):.2f}",
                              f"{n / hw:.0f}", f"{words / hw:,.0f}", "-", f"{max(x.max_rss_mb for x in hits):.0f}", "-"))
                    targets.add("1,000 drafts unchanged rerun (cache hit)", f"{hw:.3f} s", "<= 0.5 s", hw <= 0.5)
                    targets.add("  same, CPU time (less load-sensitive)",
                                f"{statistics.median(x.cpu for x in hits):.3f} s", "(<= 0.5 s)", None)
            if prose_run:
                print(row("proselint", n, f"{prose_run.wall:.2f}", f"{prose_run.cpu:.2f}", f"{n / prose_run.wall:.0f}",
                          f"{words / prose_run.wall:,.0f}", f"{prose_run.tree_rss_mb:.0f}",
                          f"{prose_run.max_rss_mb:.0f}", "100%"))
            if n != args.archive and not args.keep:
                shutil.rmtree(corpus)
        print()
        for label, points in per_draft.items():
            steps = [(n0, n1, (t1 - t0) / (n1 - n0) * 1000) for (n0, t0), (n1, t1) in zip(points, points[1:])]
            if steps:
                print(f"{label}: marginal wall time per draft "
                      + ", ".join(f"{ms:.2f} ms ({n0}->{n1})" for n0, n1, ms in steps) + "; linear if these match")
                if len(steps) >= 2:
                    growth = steps[-1][2] / steps[-2][2]
                    targets.add(f"linear growth ({steps[-1][0]}->{steps[-1][1]} vs {steps[-2][0]}->{steps[-2][1]})",
                                f"{growth:.2f}x per draft", "~1x (<= 1.2x)", growth <= 1.2)
        big = max(args.sizes)
        targets.add(f"{big:,} drafts: peak RSS (process tree)", f"{peak[big]:.0f} MB", "<= 250 MB", peak[big] <= 250)
        targets.add("  same, PSS (shared pages counted once)", f"{peak_pss[big]:.0f} MB", "(<= 250 MB)", None)
        if args.archive:
            n = args.archive
            corpus = tmp / f"corpus-{n}"
            if not corpus.exists():
                make_corpus(corpus, n)
            mbox, emls = tmp / "archive.mbox", tmp / "eml"
            write_archive(corpus, mbox, emls)
            jobs = str(args.jobs[0])
            rm = median_run([tl, "check", "--no-cache", "--format", "json", "--jobs", jobs, str(mbox)], args.repeat)
            rf = median_run([tl, "check", "--no-cache", "--format", "json", "--jobs", jobs, str(emls)], args.repeat)
            print()
            print(row(f"mbox, --jobs {jobs}", n, f"{rm.wall:.2f}", f"{rm.cpu:.2f}", f"{n / rm.wall:.0f}", "-",
                      f"{rm.tree_rss_mb:.0f}", f"{rm.max_rss_mb:.0f}", "-"))
            print(row("same as .eml files", n, f"{rf.wall:.2f}", f"{rf.cpu:.2f}", f"{n / rf.wall:.0f}", "-",
                      f"{rf.tree_rss_mb:.0f}", f"{rf.max_rss_mb:.0f}", "-"))
            targets.add(f"mbox of {n:,}: wall / same .eml files", f"{rm.wall / rf.wall:.2f}x", "~1x (<= 1.1x)",
                        rm.wall / rf.wall <= 1.1)
            if not args.no_dask:
                try:
                    total, compute = dask_wall([str(emls)], {**os.environ})
                    print(row("Dask LocalCluster (2 w.)", n, f"{total:.2f}", "-", f"{n / total:.0f}", "-", "-", "-", "-")
                          + f"   (compute only {compute:.2f} s)")
                    targets.add(f"Dask 2 workers / --jobs {jobs} ({n:,} .eml)", f"{total / rf.wall:.2f}x", "<= 1.2x",
                                total / rf.wall <= 1.2)
                except (RuntimeError, OSError) as exc:
                    print(f"Dask skipped: {exc}")
        targets.print()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
