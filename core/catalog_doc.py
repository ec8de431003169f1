"""The README's table of operations, rendered from the catalog (`python -m core.catalog_doc` prints it;
a test keeps the README's copy equal), so the documentation cannot miss an operation."""

from __future__ import annotations

from core.operations import OPERATIONS, Operation


def _asks(op: Operation) -> str:
    return f"asks first ({op.confirm_word})" if op.destructive else ("read" if op.is_read else "write")


def markdown() -> str:
    lines = [
        "| command | operation | method and path (after the host) | scope | kind | with `api_version` 2 |",
        "|---|---|---|---|---|---|",
    ]
    for op in OPERATIONS:
        query = "&".join(f"{key}={value}" for key, value in op.fixed_query.items())
        path = op.path + (f"?{query}" if query else "")
        command = f"`{op.resource.command} {op.verb}`"
        if not op.form:  # not typed by people: for scripts and the bulk engine
            command = f"scripts: `KoreClient.{op.method_name}`"
        v2 = "`/campaign/api/v2/...?accountId=`" if op.v2_path else "same path"
        lines.append(f"| {command} | {op.title} | `{op.method} {path}` | {op.scope} | {_asks(op)} | {v2} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
