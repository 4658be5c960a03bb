"""CPU per draft on real messages, in one process: variants of the code side by side (issue 12).

    python benchmarks/cpu_per_draft.py [--messages 200] [--rounds 3] [--variants current,...] [--profile N]

Lints a fixed sample of the shared real-copy corpus (every k-th message in index order, read in
place through benchmarks/realcopy_data.py) the way `trustlint check --format json` does a file
(`lint_one_path`, readability on), with the lexicon/syllable cache in a fresh temporary folder
(TRUSTLINT_CACHE_DIR) and no result cache. A warm-up pass comes first; then each round runs every
variant once, in alternating order, with textstat's caches emptied before each variant, and
prints CPU ms per draft (time.process_time). On a shared machine compare the variants of one run.

Variants swap one implementation for its reference (the code before a speed-up, kept for tests):

- `current`: the code as it is;
- `from-docs`: `make_doc` joins the pieces of a draft with symbol runs through `Doc.from_docs`
  (trustlint.nlp.document.make_doc_from_docs), as before issue 12's array construction;
- `no-word-led`: a regex opening with `\\b` (or a lookbehind excluding `\\w`) is tried at every
  occurrence of its prefixes, not only those after a non-word character (trustlint.nlp.scan
  _word_led), as before;
- `support-all`: a conditional lexicon rule with `per_sentence: first` looks for support for
  every claim before keeping the first unsupported one per sentence, as before its early stop.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@contextlib.contextmanager
def _current() -> Iterator[None]:
    yield


@contextlib.contextmanager
def _from_docs() -> Iterator[None]:
    from trustlint.nlp import document

    saved = document.make_doc
    document.make_doc = document.make_doc_from_docs
    try:
        yield
    finally:
        document.make_doc = saved


@contextlib.contextmanager
def _support_all() -> Iterator[None]:
    from trustlint.rules.lexicon_rule import LexiconRule

    def filter_first(self: Any, doc: Any, claims: list[Any], found: list[Any]) -> list[Any]:
        return self._spans(doc, [m for m in claims if not self._supported(doc, m, found)])

    saved = LexiconRule._first_unsupported
    LexiconRule._first_unsupported = filter_first
    try:
        yield
    finally:
        LexiconRule._first_unsupported = saved


@contextlib.contextmanager
def _no_word_led() -> Iterator[None]:
    from trustlint.nlp import scan

    scan.WORD_LED = False
    try:
        yield
    finally:
        scan.WORD_LED = True


VARIANTS: dict[str, Callable[[], Any]] = {"current": _current, "from-docs": _from_docs, "support-all": _support_all,
                                          "no-word-led": _no_word_led}


def sample(n: int) -> list[Any]:
    import realcopy_data as rc

    every = list(rc.messages())
    step = max(1, len(every) // n)
    return every[::step][:n]


def run(messages: list[Any]) -> float:
    """CPU seconds to lint `messages` once."""
    from trustlint.app.runner import lint_one_path
    from trustlint.config import Config
    from trustlint.context import CampaignContext

    base = Config()
    configs = [Config(context=CampaignContext().merged(m.context, "cpu_per_draft")) if m.context else base
               for m in messages]
    t0 = time.process_time()
    for m, config in zip(messages, configs):
        lint_one_path(str(m.path), config, readability=True)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--variants", default="current,from-docs", help="comma-separated, each one or several joined by +: " + ", ".join(VARIANTS))
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="instead: cProfile one pass of the current code, print the top N by total time")
    args = ap.parse_args(argv)
    os.environ["TRUSTLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="trustlint-cpu-")
    import realcopy_data as rc

    if not rc.available():
        print("the shared real-copy corpus is not available", file=sys.stderr)
        return 2
    from trustlint.nlp.document import _clear_textstat_caches

    messages = sample(args.messages)
    run(messages)  # warm-up: lexicons compiled, syllable counts cached, spaCy loaded
    if args.profile:
        import cProfile
        import pstats

        _clear_textstat_caches()
        prof = cProfile.Profile()
        prof.enable()
        run(messages)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
        return 0
    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    results: dict[str, list[float]] = {name: [] for name in names}
    for r in range(args.rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            _clear_textstat_caches()
            with contextlib.ExitStack() as stack:
                for part in name.split("+"):  # "from-docs+support-all": both references at once
                    stack.enter_context(VARIANTS[part]())
                results[name].append(run(messages))
    try:
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    print(f"CPU ms per draft, {len(messages)} real messages, {args.rounds} rounds (load {load}):")
    for name, secs in results.items():
        ms = sorted(1000 * s / len(messages) for s in secs)
        print(f"  {name:12s} median {ms[len(ms) // 2]:6.2f}  ({', '.join(f'{x:.2f}' for x in ms)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
