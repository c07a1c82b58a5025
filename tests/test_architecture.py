"""The dependency rule, checked on the source: the foundation (`pages`) imports no feature
app, feature apps import no sibling, and no project module imports itself round a circle.
Imports inside functions count: they are dependencies all the same."""

import ast
import re
from pathlib import Path

from django.template import engines

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["pages", "programmes", "newsletters", "members", "uclg_site"]
FEATURE_APPS = ["programmes", "newsletters", "members", "pages.repository", "pages.wordpress"]
FOUNDATION = "pages"
FOUNDATION_TEMPLATES = ["templates/pages", "templates/base.html", "templates/components"]


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    """Every project module by dotted name, with its source path; migrations excluded."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                modules[module_name(path)] = path
    return modules


MODULES = project_modules()


def owning_module(name):
    """The project module `name` refers to: itself, or the nearest package that holds it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imported_names(module, path):
    """Dotted names of what `module` imports anywhere in its source, functions included."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package_parts = module.split(".") if is_package else module.split(".")[:-1]
                kept = package_parts[: len(package_parts) - (node.level - 1)]
                base = ".".join([*kept, node.module] if node.module else kept)
            else:
                base = node.module
            for alias in node.names:
                # `from package import module` imports the module; `from module import name` the module.
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base


def import_graph():
    graph = {}
    for module, path in MODULES.items():
        targets = {owning_module(name) for name in imported_names(module, path)}
        graph[module] = sorted(target for target in targets if target and target != module)
    return graph


GRAPH = import_graph()


def app_of(module):
    for app in sorted(FEATURE_APPS, key=len, reverse=True):
        if module == app or module.startswith(app + "."):
            return app
    return module.split(".")[0]


def crossings(allowed):
    """(importer, imported) pairs whose apps `allowed(importer_app, imported_app)` rejects."""
    return [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if app_of(module) != app_of(target) and not allowed(app_of(module), app_of(target))
    ]


def test_the_import_graph_sees_imports_inside_functions():
    # A guard on the parser itself: the seam's registry is imported inside `ready()`.
    assert "pages.news.views" in GRAPH["pages.apps"]
    assert "pages.home_blocks" in GRAPH["pages.apps"]


def test_no_feature_app_imports_a_sibling_feature_app():
    def allowed(importer, imported):
        return not (importer in FEATURE_APPS and imported in FEATURE_APPS)

    violations = crossings(allowed)
    assert not violations, "\n".join(violations)


def test_the_foundation_imports_no_feature_app():
    def allowed(importer, imported):
        return not (importer == FOUNDATION and imported in FEATURE_APPS)

    violations = crossings(allowed)
    assert not violations, "\n".join(violations)


def find_cycles(graph):
    """One cycle, as a path that returns to its start, for each group of modules that can
    reach one another (Tarjan's strongly connected components)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [cycle_within(graph, component) for component in components]


def cycle_within(graph, component):
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for target in graph[node]:
            if target == start:
                return " -> ".join([*paths[node], start])
            if target in component and target not in paths:
                paths[target] = [*paths[node], target]
                frontier.append(target)
    raise AssertionError(f"No cycle through {start}")


def test_no_project_module_imports_itself_round_a_circle():
    cycles = find_cycles(GRAPH)
    assert not cycles, "\n".join(cycles)


def test_the_cycle_finder_reports_a_circle():
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert find_cycles(graph) == ["a -> b -> c -> a"]


def loaded_libraries(template_path):
    for match in re.finditer(r"{%\s*load\s+(.*?)\s*%}", template_path.read_text()):
        bits = match.group(1).split()
        # `{% load name from library %}` loads from the last word.
        yield from [bits[-1]] if "from" in bits else bits


def test_the_foundation_templates_load_no_feature_app_tag_library():
    # Library name -> the dotted path of the module that defines it.
    libraries = engines["django"].engine.libraries
    paths = []
    for entry in FOUNDATION_TEMPLATES:
        path = ROOT / entry
        paths += sorted(path.rglob("*.html")) if path.is_dir() else [path]
    assert len(paths) > 10
    loads = [
        f"{path.relative_to(ROOT)} loads {library} from {libraries[library]}"
        for path in paths
        for library in loaded_libraries(path)
        if app_of(libraries[library]) in FEATURE_APPS
    ]
    assert not loads, "\n".join(loads)
