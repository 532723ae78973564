"""No import cycles inside the project: a module that imports itself back, through another, at
the top or inside a function, hides which of the two comes first (a function-level import that
breaks a cycle at load time is still one: ``tests/helpers.imported`` reads both)."""

from tests.helpers import imported, module_name, project_modules


def test_no_module_of_the_project_imports_itself_back_through_another():
    graph = {module_name(path): imported(path) for path in project_modules()}
    modules = set(graph)

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    edges = {
        module: {
            target
            for name in names
            if (target := resolve(name)) and target != module and not module.startswith(target)
        }
        for module, names in graph.items()
    }
    cycles = []
    for start in edges:
        stack, seen = [(start, (start,))], set()
        while stack:
            module, trail = stack.pop()
            for target in edges[module]:
                if target == start:
                    cycles.append(" -> ".join((*trail, start)))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, (*trail, target)))
    assert cycles == []
