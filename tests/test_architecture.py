"""The apps import each other in one direction only (no cycle between them), and no import hides inside a function
to dodge one: code that two apps need lives where both can import it. Read from the source, so a new module is
checked without being listed."""

import ast
from pathlib import Path

import stafet

ROOT = Path(stafet.__file__).parent
# The command line loads the engine only for ``stafet match``, so Django's commands start without it.
LAZY_ON_PURPOSE = {"__main__.py"}


def sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts and "migrations" not in path.relative_to(ROOT).parts
    ]


def part_of(path: Path) -> str:
    """The app (or shared module) a file belongs to: ``people`` for stafet/people/access.py."""
    first = path.relative_to(ROOT).parts[0]
    return first.removesuffix(".py")


def imported(node: ast.AST) -> str | None:
    if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("stafet."):
        return node.module.split(".")[1]
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names if a.name.startswith("stafet.")]
        return names[0].split(".")[1] if names else None
    return None


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in sources():
        for node in ast.parse(path.read_text()).body:
            target = imported(node)
            if target and target != part_of(path):
                edges.setdefault(part_of(path), set()).add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(trail[trail.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_no_cycle_between_the_apps():
    assert not cycles(graph())


def test_the_graph_is_read_and_a_cycle_would_be_found():
    assert "programmes" in graph()["mentorships"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def connects_itself(path: Path, function: ast.FunctionDef | ast.AsyncFunctionDef, target: str | None) -> bool:
    """An app's ``AppConfig.ready()`` importing its own modules to connect its signals: Django's documented place
    for it, since models cannot be imported while apps.py itself is."""
    return path.name == "apps.py" and function.name == "ready" and target == part_of(path)


def test_no_import_of_stafet_inside_a_function():
    hidden = []
    for path in sources():
        if path.name in LAZY_ON_PURPOSE:
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [
                    f"{path.relative_to(ROOT)}:{n.lineno}"
                    for n in ast.walk(function)
                    if imported(n) and not connects_itself(path, function, imported(n))
                ]
    assert not hidden


def test_only_an_apps_own_modules_may_be_imported_in_its_ready():
    ready = ast.parse("def ready(self):\n    from stafet.people.models import Mentor\n").body[0]
    assert isinstance(ready, ast.FunctionDef)
    assert connects_itself(ROOT / "people" / "apps.py", ready, "people")
    assert not connects_itself(ROOT / "accounts" / "apps.py", ready, "people")
    assert not connects_itself(ROOT / "people" / "views.py", ready, "people")
