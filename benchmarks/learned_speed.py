"""What the learned layer (TL7xx) adds per draft, in milliseconds (run by hand; not a unit test).

    python benchmarks/learned_speed.py            # 300 generated ~260-word drafts
    python benchmarks/learned_speed.py --drafts 1000 --repeat 3

Times, in one process with the pipeline warm, (a) the whole lint of each draft with
`learned = false` and (b) with the learned layer on; the difference is the layer's cost
(features, one vectorised numpy pass per field, the findings). CPU time (process_time), the
median of --repeat runs. Target: at most TARGET_MS per draft and TARGET_SHARE of the lint.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from gen_drafts import make_draft  # noqa: E402

TARGET_MS = 2.0
TARGET_SHARE = 0.10


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from trustlint import learned
    from trustlint.config import Config
    from trustlint.app.runner import lint_text

    rng = random.Random(7)
    drafts = [make_draft(rng) for _ in range(args.drafts)]
    on, off = Config(learned=True), Config(learned=False)
    learned.shipped()
    for cfg in (on, off):  # warm the pipeline, lexicons and model
        lint_text(drafts[0], cfg)

    def run(cfg: Config) -> float:
        t = time.process_time()
        for d in drafts:
            lint_text(d, cfg)
        return (time.process_time() - t) / len(drafts) * 1000

    times = {"off": [], "on": []}
    for _ in range(args.repeat):
        times["off"].append(run(off))
        times["on"].append(run(on))
    t_off, t_on = statistics.median(times["off"]), statistics.median(times["on"])
    added = t_on - t_off
    share = added / t_off if t_off else 0.0
    fired = sum(1 for d in drafts for f in lint_text(d, on).findings if f.code.startswith("TL7"))
    print(f"{args.drafts} drafts, median of {args.repeat}: lint {t_off:.2f} ms/draft without the learned layer, "
          f"{t_on:.2f} with it")
    print(f"learned layer: +{added:.2f} ms/draft (target <= {TARGET_MS:.1f}) "
          f"{'OK' if added <= TARGET_MS else 'MISSED'}; +{share:.1%} of the lint (target <= {TARGET_SHARE:.0%}) "
          f"{'OK' if share <= TARGET_SHARE else 'MISSED'}")
    print(f"TL7xx findings on these generated drafts: {fired}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
