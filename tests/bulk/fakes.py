"""An in-memory Kore.ai list service with asynchronous add-contacts, a fake clock, and file makers."""

from __future__ import annotations

import asyncio
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from core.bulk.lists import ListInfo, PageCallback
from core.errors import KoreConnectionError
from core.models import ListContact


class FakeClock:
    """Time that only moves when the code under test sleeps; sleeping also lets queued adds land."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.gateway: FakeGateway | None = None

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        if self.gateway is not None:
            self.gateway.apply_due(self.now)


@dataclass
class FakeList:
    info: ListInfo
    numbers: list[str] = field(default_factory=list)


class FakeGateway:
    """Lists by name; an added batch lands `delay` seconds later (on the fake clock), like Kore.ai.

    `fail_at`: the batch number (1-based) whose request fails; `lose_reply`: that failure happens
    after the server queued the batch (the reply is lost, the contacts still arrive).
    `drop`: numbers the service silently never adds.
    """

    def __init__(self, clock: FakeClock | None = None, *, delay: float = 0.5) -> None:
        self.clock = clock or FakeClock()
        self.clock.gateway = self
        self.delay = delay
        self.store: dict[str, FakeList] = {}
        self.batches: list[list[dict[str, str]]] = []
        self.queued: list[tuple[float, str, list[str]]] = []
        self.fail_at: int | None = None
        self.lose_reply = False
        self.drop: set[str] = set()
        self.requests = 0
        self.contact_reads = 0
        self.budget_wait = 0.0

    def add_list(self, name: str, numbers: list[str] | None = None) -> ListInfo:
        info = ListInfo(f"cl-{len(self.store) + 1}", name, len(numbers or []))
        self.store[info.id] = FakeList(info, list(numbers or []))
        return info

    def numbers(self, name: str) -> list[str]:
        return next(fake.numbers for fake in self.store.values() if fake.info.name == name)

    def apply_due(self, now: float) -> None:
        due = [entry for entry in self.queued if entry[0] <= now]
        self.queued = [entry for entry in self.queued if entry[0] > now]
        for _, list_id, numbers in due:
            self.store[list_id].numbers.extend(n for n in numbers if n not in self.drop)

    async def lists(self) -> list[ListInfo]:
        self.requests += 1
        return [ListInfo(f.info.id, f.info.name, len(f.numbers)) for f in self.store.values()]

    async def create_list(self, name: str, description: str) -> ListInfo:
        self.requests += 1
        return self.add_list(name)

    async def count(self, list_id: str) -> int:
        self.requests += 1
        return len(self.store[list_id].numbers)

    async def contacts(self, list_id: str, on_page: PageCallback | None = None) -> list[ListContact]:
        self.requests += 1
        self.contact_reads += 1
        numbers = self.store[list_id].numbers
        if on_page:
            on_page(len(numbers), len(numbers))
        return [ListContact(_id=f"cc-{i}", phoneNumber=n.lstrip("+")) for i, n in enumerate(numbers)]

    async def estimate_wait(self, requests: int) -> float:
        return self.budget_wait

    async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None:
        self.requests += 1
        await asyncio.sleep(0)
        target = next(f for f in self.store.values() if f.info.name.lower() == list_name.lower())
        number = len(self.batches) + 1
        failing = self.fail_at == number
        if failing and not self.lose_reply:
            self.fail_at = None
            raise KoreConnectionError("POST add contacts: connection reset")
        self.batches.append(items)
        self.queued.append((self.clock.now + self.delay, target.info.id, [i["phoneNumber"] for i in items]))
        if failing:
            self.fail_at = None
            raise KoreConnectionError("POST add contacts: connection reset; it may have acted")


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A minimal .xlsx (first sheet only): strings inline, numbers as numbers, as Excel stores them."""

    def cell(value: object) -> str:
        if isinstance(value, int | float):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    sheet_rows = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in rows)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{rel}/officeDocument"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            f'Type="{rel}/worksheet"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return path
