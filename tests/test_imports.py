"""The package's import structure: no import circle among trustlint's modules, and no
function-level import of trustlint's own modules outside the deliberately lazy paths below.

The graph is built with `ast` from every trustlint/**/*.py file: module-level imports only
(TYPE_CHECKING blocks excluded, since they never run). Importing trustlint.a.b also runs the
package trustlint.a's __init__, so that is an edge too (unless the importer is inside that
package, which is then already being initialised).
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trustlint"

#: (importing module, imported module): function-level imports kept on purpose, and why.
LAZY = {
    # `import trustlint` stays cheap and imports no stage: every submodule import runs it.
    ("trustlint", "trustlint.app.runner"): "package root",
    # A run where every file is a cache hit never loads the nlp, rules and scoring stages.
    ("trustlint.app.runner", "trustlint.nlp.document"): "cache hits",
    ("trustlint.app.runner", "trustlint.scoring.trust"): "cache hits",
    ("trustlint.app.runner", "trustlint.app.engine"): "cache hits",
    # Validating codes loads the whole rule registry and every lexicon (~90 ms): only a
    # config that names codes or lexicon folders pays for it (config errors stay instant).
    ("trustlint.config", "trustlint.rules"): "rule registry",
    ("trustlint.config", "trustlint.nlp.lexicon"): "rule registry",
    # Each format's parser loads with the first draft of that format; the recipients mode
    # only with --recipients (neither is needed on a cache hit).
    ("trustlint.source.formats", "trustlint.source.formats.eml"): "cache hits",
    ("trustlint.source.formats", "trustlint.source.formats.markdown"): "cache hits",
    ("trustlint.source.formats", "trustlint.source.formats.html"): "cache hits",
    ("trustlint.source.formats", "trustlint.source.formats.mjml"): "cache hits",
    ("trustlint.app.check", "trustlint.app.recipients"): "recipients mode",
    # Rule metadata is looked up when a reporter shows it (SARIF), not on every check.
    ("trustlint.app.catalog", "trustlint.rules"): "rule registry",
    ("trustlint.app.catalog", "trustlint.nlp.lexicon"): "rule registry",
}
#: the command line imports each command's machinery when that command runs (--help stays
#: fast; the desk's modules need the optional trustlint[desk] extra).
LAZY_IMPORTERS = {"trustlint.cli": "per command"}

#: Known circles, each as the sorted set of its modules, with what breaks it. Keep exact: the
#: test fails when one disappears too, so the entry is removed with the circle.
KNOWN_CIRCLES: set[frozenset[str]] = set()  # none; add one here only with the issue that removes it


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return out


def _targets(node: ast.Import | ast.ImportFrom, name: str, is_pkg: bool, modules: dict) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "trustlint"]
    if node.level:
        base = (name if is_pkg else name.rpartition(".")[0]).split(".")
        base = base[: len(base) - node.level + 1]
        src = ".".join(base + ([node.module] if node.module else []))
    else:
        src = node.module or ""
    if src.split(".")[0] != "trustlint":
        return []
    return [f"{src}.{a.name}" if f"{src}.{a.name}" in modules else src for a in node.names]


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(body: list[ast.stmt], lazy: bool, out: list) -> None:
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append((node, lazy))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            _imports(node.body, True, out)
        elif isinstance(node, ast.If) and _type_checking(node.test):
            continue
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    _imports([child], lazy, out)
                elif isinstance(child, ast.ExceptHandler | ast.match_case):
                    _imports(child.body, lazy, out)


def import_graph() -> tuple[dict[str, set[str]], list[tuple[str, int, str]]]:
    """(module -> modules it imports at module level, [(module, line, target)] of lazy ones)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    lazy: list[tuple[str, int, str]] = []
    for name, (path, is_pkg) in modules.items():
        found: list = []
        _imports(ast.parse(path.read_text(encoding="utf-8")).body, False, found)
        own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
        for node, is_lazy in found:
            for target in _targets(node, name, is_pkg, modules):
                if is_lazy:
                    lazy.append((name, node.lineno, target))
                    continue
                graph[name].add(target)
                parts = target.split(".")
                graph[name].update(a for a in (".".join(parts[:i]) for i in range(1, len(parts)))
                                   if a not in own and a in modules)
    return graph, lazy


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected component of more than one module (or a self-import), as one
    cycle through it, found by depth-first search."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph[v]:
                found.append(_cycle_through(graph, set(comp)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _cycle_through(graph: dict[str, set[str]], comp: set[str]) -> list[str]:
    start = min(comp)
    paths = {start: [start]}
    todo = [start]
    while todo:  # breadth-first: the shortest way back to start inside the component
        v = todo.pop(0)
        for w in sorted(graph[v] & comp):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                todo.append(w)
    return sorted(comp)


def test_no_import_circle() -> None:
    graph, _ = import_graph()
    found = circles(graph)
    unknown = [c for c in found if frozenset(c) not in KNOWN_CIRCLES]
    assert not unknown, "import circle(s):\n" + "\n".join(" -> ".join(c) for c in unknown)
    gone = KNOWN_CIRCLES - {frozenset(c) for c in found}
    assert not gone, f"a known circle is gone; remove it from KNOWN_CIRCLES: {gone}"


def test_no_function_level_import_of_own_modules() -> None:
    _, lazy = import_graph()
    bad = [f"{m}:{line} imports {t}" for m, line, t in lazy if (m, t) not in LAZY and m not in LAZY_IMPORTERS]
    assert not bad, "function-level imports of trustlint's own modules (move them to the top, or " \
                    "add them to LAZY with the reason):\n" + "\n".join(bad)
    used = {(m, t) for m, _, t in lazy}
    assert not set(LAZY) - used, f"LAZY lists imports that no longer exist: {set(LAZY) - used}"


def test_the_graph_sees_a_circle() -> None:
    """The checker itself: a two-module circle and a lazy import are found."""
    graph = {"trustlint.a": {"trustlint.b"}, "trustlint.b": {"trustlint.a"}, "trustlint.c": set()}
    assert circles(graph) == [["trustlint.a", "trustlint.b", "trustlint.a"]]
    found: list = []
    _imports(ast.parse("import os\ndef f():\n    from . import x\n").body, False, found)
    assert [(type(n).__name__, lazy) for n, lazy in found] == [("Import", False), ("ImportFrom", True)]


def test_every_package_is_in_the_wheel() -> None:
    """Each folder with an __init__.py is listed in pyproject's packages (a missing one would
    be left out of the wheel)."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {m for m, (_, is_pkg) in _modules().items() if is_pkg}
    assert found - listed == set()


def test_check_mode_imports_no_stage_it_does_not_need() -> None:
    """`trustlint check` imports the rules, nlp and scoring stages and the format parsers only
    on a cache miss, the registry only when a reporter shows rule metadata, and the recipients
    machinery only with --recipients (see LAZY)."""
    import subprocess
    import sys

    code = ("import sys, trustlint.app.check, trustlint.cli; "
            "print(sorted(m for m in ('spacy', 'trustlint.rules', 'trustlint.nlp.document', 'trustlint.app.engine', "
            "'trustlint.source.formats.eml', 'trustlint.source.formats.html', 'trustlint.app.recipients') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_module_imports_first() -> None:
    """Each module, imported first into a fresh set of modules, loads (a circle that the
    graph missed would fail here with a partially initialised module)."""
    import subprocess
    import sys

    known = {m for circle in KNOWN_CIRCLES for m in circle}
    names = sorted(m for m in _modules() if m not in known and m != "trustlint.__main__")
    code = ("import importlib, sys\n"
            f"bad = []\nfor name in {names!r}:\n"
            "    for m in [m for m in sys.modules if m == 'trustlint' or m.startswith('trustlint.')]:\n"
            "        del sys.modules[m]\n"
            "    try:\n        importlib.import_module(name)\n"
            "    except Exception as exc:\n        bad.append(f'{name}: {type(exc).__name__}: {exc}')\n"
            "print('\\n'.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "", out
