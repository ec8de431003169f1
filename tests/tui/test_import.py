"""The Import screen: dry run report, bad input on one line, rejects CSV, confirm, stop, resume, export."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, Input, Static

from core.bulk.journal import Journal
from core.bulk.lists import KoreListGateway
from core.bulk.sending import Timing
from core.pacing import Wait, report
from core.sandbox.embedded import EmbeddedSandbox
from koretui.app import KoreTui
from koretui.screens.import_confirm import ConfirmImportScreen
from koretui.screens.import_resume import ResumeJobsScreen
from koretui.screens.import_screen import ImportScreen
from koretui.widgets.import_report import NOT_ARRIVED
from tests.tui.colours import contrast, style_at
from tests.tui.conftest import AppFactory, make_sandbox
from tests.tui.helpers import row_actions, until, until_ready

TARGET = "Payment Reminder - Q3"  # seeded; holds +442079460101

SMALL = "firstName,phone\nAda,(415) 555-0123\nBob,+44 20 7946 0101\nCy,12\nAda again,415-555-0123\nEve,\n"


async def open_import(pilot: Pilot[Any], list_name: str = "") -> ImportScreen:
    app = pilot.app
    assert isinstance(app, KoreTui)
    await until_ready(pilot)
    await until(pilot, lambda: app.backend is not None, "backend ready")
    app.open_import(list_name)
    await until(pilot, lambda: isinstance(app.screen, ImportScreen), "import screen shown")
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    await until(pilot, lambda: bool(screen.query("ImportForm")) and bool(screen.form.list_names.names), "names")
    return screen


def fill(screen: ImportScreen, **values: str) -> None:
    for name, value in values.items():
        screen.query_one(f"#import-{name}", Input).value = value


async def dry_run(pilot: Pilot[Any], screen: ImportScreen) -> None:
    await pilot.press("ctrl+d")
    await screen.workers.wait_for_complete()
    await pilot.pause()


def counts(screen: ImportScreen) -> dict[str, int]:
    table = screen.query_one("#import-counts", DataTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return {str(label).strip(): int(str(count).replace(",", "")) for label, count in rows}


def problems(screen: ImportScreen) -> list[tuple[str, str, str]]:
    table = screen.query_one("#import-problems", DataTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return [(str(row).strip(), str(phone), str(reason)) for row, phone, reason in rows]


def line_text(screen: ImportScreen) -> str:
    return str(screen.query_one("#import-line", Static).render())


def error_line(screen: ImportScreen) -> str:
    error = screen.query_one("#import-error", Static)
    return str(error.render()) if error.display else ""


def small_csv(tmp_path: Path) -> Path:
    path = tmp_path / "crm.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


async def test_sidebar_and_palette_name_the_import_screen(make_app: AppFactory) -> None:
    from koretui.palette import OperationCommands
    from koretui.screens.import_entry import IMPORT_ENTRY

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until_ready(pilot)
        await until(pilot, lambda: app.backend is not None, "backend ready")
        sidebar = app.main_screen.query_one("#sidebar")
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index(IMPORT_ENTRY.key)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen), "sidebar opens import")
        assert isinstance(app.focused, Input) and app.focused.id == "import-file"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main_screen, "escape goes back")
        provider = OperationCommands(app.main_screen)
        titles = [str(hit.text) async for hit in provider.search("import cont")]
        assert "Import contacts" in titles


async def test_dry_run_reports_counts_and_problems_by_row(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        fill(screen, file=str(small_csv(tmp_path)), list=TARGET)
        await dry_run(pilot, screen)
        assert error_line(screen) == ""
        found = counts(screen)
        assert found["rows read"] == 5 and found["to send"] == 1 and found["invalid"] == 2
        assert found["duplicates in file"] == 1 and found["already in list"] == 1 and found["on a DNC list"] == 0
        by_row = {row: (phone, reason) for row, phone, reason in problems(screen)}
        assert by_row["4"] == ("12", "too short")
        assert by_row["3"][1] == "already in the list"
        assert by_row["5"][1].startswith("duplicate of an earlier row")
        assert "1 of 5 to send" in str(screen.query_one("#import-status", Static).render())


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_report_status_and_error_are_readable_in_both_themes(
    make_app: AppFactory, tmp_path: Path, theme: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        screen = await open_import(pilot)
        fill(screen, file=str(small_csv(tmp_path)), list=TARGET)
        await dry_run(pilot, screen)
        await pilot.pause()
        needed = {"1 of 5 to send": 4.5, "rows read": 4.5, "too short": 4.5, "File": 4.5, "╭─ Dry run": 3.0}
        for text, least in needed.items():
            assert contrast(style_at(app, text)) >= least, text
        fill(screen, list="No Such List")
        await dry_run(pilot, screen)
        await pilot.pause()
        assert contrast(style_at(app, "✗ no contact list named")) >= 4.5


async def test_a_dnc_list_holds_back_its_numbers(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        other = next(name for name in screen.form.list_names.names if name != TARGET)
        fill(screen, file=str(small_csv(tmp_path)), list=other, dnc=TARGET)
        await dry_run(pilot, screen)
        assert counts(screen)["on a DNC list"] == 1
        assert ("3", "+442079460101", "on a do-not-call list") in problems(screen)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"name,city\nAda,Paris\n", "has no phone column"),
        (b"PK\x03\x04\x00\x00binary\x00\x00junk", "workbook"),
        (b"\x00\x01\x02\x03binary\x00", "looks binary"),
    ],
    ids=["empty", "no-phone-column", "broken-xlsx", "binary"],
)
async def test_a_bad_file_shows_the_engines_one_line_error_and_keeps_the_fields(
    make_app: AppFactory, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        fill(screen, file=str(path), list=TARGET, dnc="")
        await dry_run(pilot, screen)
        line = error_line(screen)
        assert expected in line and "\n" not in line
        assert "--" not in line  # the screen names its fields, not `kore` flags
        assert screen.field("file") == str(path) and screen.field("list") == TARGET
        assert screen.plan is None


async def test_an_unknown_list_is_named_and_nothing_typed_is_lost(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        fill(screen, file=str(small_csv(tmp_path)), list="Renewal Due - Jully", region="gb")
        await dry_run(pilot, screen)
        line = error_line(screen)
        assert "no contact list named 'Renewal Due - Jully'" in line and "tick create" in line
        assert screen.field("list") == "Renewal Due - Jully" and screen.field("region") == "gb"


async def test_rejected_rows_are_written_to_a_csv_whose_path_is_shown(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        fill(screen, file=str(small_csv(tmp_path)), list=TARGET)
        await dry_run(pilot, screen)
        assert not screen.query_one("#rejects", Button).disabled
        await pilot.press("ctrl+w")
        await pilot.pause()
        written = tmp_path / "crm-rejected.csv"
        assert written.stat().st_mode & 0o777 == 0o600
        lines = written.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("row,reason,detail") and len(lines) == 1 + 4
        assert str(written) in str(screen.query_one("#import-status", Static).render())


async def test_import_asks_first_with_cancel_focused_and_says_what_goes(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[list[dict[str, str]]] = []

    async def add_batch(self: KoreListGateway, list_name: str, items: list[dict[str, str]]) -> None:
        sent.append(items)

    monkeypatch.setattr(KoreListGateway, "add_batch", add_batch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        fill(screen, file=str(small_csv(tmp_path)), list=TARGET)
        await pilot.press("ctrl+s")  # no dry run yet: Import runs it, then asks
        await until(pilot, lambda: isinstance(app.screen, ConfirmImportScreen), "confirmation shown")
        question = str(app.screen.query_one("#question", Static).render())
        assert f"Add 1 contact to {TARGET}?" in question and "1 add-contacts request of up to 500" in question
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, "back on the import screen")
        assert sent == []
        assert "nothing was sent" in str(screen.query_one("#import-status", Static).render())


async def test_escape_stops_between_batches_and_the_job_is_offered_for_resumption(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[list[dict[str, str]]] = []
    rows = "\n".join(f"Caller {n},+1 415 555 {n:04d}" for n in range(100, 112))
    path = tmp_path / "twelve.csv"
    path.write_text("name,phone\n" + rows + "\n", encoding="utf-8")
    app = make_app()
    at_once = Timing().in_flight  # the engine keeps this many batches under way
    all_in_flight, release = asyncio.Event(), asyncio.Event()

    async def add_batch(self: KoreListGateway, list_name: str, items: list[dict[str, str]]) -> None:
        sent.append(items)
        if len(sent) == at_once:
            assert self.on_wait is not None
            await report(self.on_wait, Wait("rate_limit", 12.0))  # as the client's pacer reports one
            all_in_flight.set()
        await release.wait()  # Kore.ai answers when the test says so

    monkeypatch.setattr(KoreListGateway, "add_batch", add_batch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        screen.batch_size = 2
        fill(screen, file=str(path), list=TARGET)
        await dry_run(pilot, screen)
        screen.confirm_import(screen.plan, screen.report)  # type: ignore[arg-type]
        await until(pilot, lambda: bool(app.screen.query("ConfirmImportScreen #import")), "confirmation shown")
        app.screen.query_one("#import", Button).press()
        await until(pilot, all_in_flight.is_set, "batches under way")
        await until(pilot, lambda: "waiting 12 s for the Kore.ai rate limit" in line_text(screen), "wait shown")
        assert screen.active_bindings["escape"].binding.description == "Stop import"  # the footer says so
        await pilot.press("escape")  # stop: not back to the main screen, and no request is cut off
        assert app.screen is screen and "stopping once the batches" in line_text(screen)
        release.set()
        await until(pilot, lambda: not screen.sending, "job stopped")
        assert len(sent) == at_once  # the batches under way were answered; no new one went out
        with Journal.open_default() as journal:
            (job,) = journal.jobs()
            assert job.status == "interrupted" and job.sent == 2 * at_once and job.total == 12
            assert journal.counts(job.id) == {"acked": 2 * at_once, "pending": 12 - 2 * at_once}
        assert "stopped" in str(screen.query_one("#import-status", Static).render())
        assert screen.active_bindings["escape"].binding.description == "Back"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main_screen, "back to main")
        app.open_import()
        await until(pilot, lambda: isinstance(app.screen, ResumeJobsScreen), "unfinished job offered")
        offered = app.screen
        assert isinstance(offered, ResumeJobsScreen) and [j.id for j in offered.jobs] == [job.id]


async def test_a_resumed_job_sends_the_rest_and_names_the_numbers_that_did_not_arrive(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []

    async def add_batch(self: KoreListGateway, list_name: str, items: list[dict[str, str]]) -> None:
        sent.extend(item["phoneNumber"] for item in items)  # acknowledged, but never applied

    monkeypatch.setattr(KoreListGateway, "add_batch", add_batch)
    with Journal.open_default() as journal:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await until(pilot, lambda: app.backend is not None, "backend ready")
            from core.connect import backend_name

            assert app.backend is not None
            target = next(i for i in await KoreListGateway(app.backend.client).lists() if i.name == TARGET)
            rows = [(2, "+14155550100", {"phoneNumber": "+14155550100"})]
            rows += [(3, "+14155550101", {"phoneNumber": "+14155550101"})]
            job = journal.create(
                list_name=target.name, list_id=target.id, source=str(tmp_path / "crm.csv"),
                backend=backend_name(app.backend.client.settings), batch_size=500, region="US",
                count_before=target.total, rows=rows, report={"rows": 2, "to_send": 2},
            )  # fmt: skip
            journal.set_status(job.id, "interrupted", error="interrupted")
            app.open_import()
            await until(pilot, lambda: isinstance(app.screen, ResumeJobsScreen), "unfinished job offered")
            screen = app.screen_stack[-2]
            assert isinstance(screen, ImportScreen)
            screen.timing = Timing(verify_timeout=0)
            await pilot.press("enter")  # the job is highlighted first
            await until(pilot, lambda: app.screen is screen and not screen.sending, "job ended")
            assert sent == ["+14155550100", "+14155550101"]
            assert screen.field("list") == TARGET
            found = counts(screen)
            assert found["sent"] == 2 and found["confirmed in list"] == 0
            assert [(p[1], p[2]) for p in problems(screen)] == [
                ("+14155550100", NOT_ARRIVED),
                ("+14155550101", NOT_ARRIVED),
            ]
            assert "2 missing" in str(screen.query_one("#import-status", Static).render())
        assert journal.job(job.id).status == "done"


def numbers_in(sandbox: EmbeddedSandbox, list_name: str) -> list[str]:
    list_id = next(i for i, r in sandbox.state.contact_lists.items() if r["name"] == list_name)
    return [str(member.get("phoneNumber")) for member in sandbox.state.list_contacts.get(list_id, [])]


async def import_through_the_screen(pilot: Pilot[Any], screen: ImportScreen) -> None:
    """ctrl+s, then Import on the confirmation, then wait until the job has ended."""
    app = pilot.app
    await pilot.press("ctrl+s")
    await until(pilot, lambda: bool(app.screen.query("ConfirmImportScreen #import")), "confirmation shown")
    app.screen.query_one("#import", Button).press()
    await until(pilot, lambda: app.screen is screen and screen.sending, "job started")
    await until(pilot, lambda: not screen.sending, "job ended")


async def test_an_import_through_the_screen_adds_the_numbers_and_verifies_them(
    make_app: AppFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(async_delay_ms=0)
    before = numbers_in(sandbox, TARGET)
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        fill(screen, file=str(small_csv(tmp_path)), list=TARGET)
        await import_through_the_screen(pilot, screen)
        assert error_line(screen) == ""
        found = counts(screen)
        assert found["to send"] == 1 and found["sent"] == 1 and found["confirmed in list"] == 1
        assert "done: 1 sent, all confirmed" in str(screen.query_one("#import-status", Static).render())
    after = numbers_in(sandbox, TARGET)
    assert sorted(after) == sorted([*before, "+14155550123"])
    with Journal.open_default() as journal:
        (job,) = journal.jobs()
        assert job.status == "done" and job.sent == 1 and job.confirmed == 1


async def test_create_makes_the_missing_list_then_fills_it(make_app: AppFactory, tmp_path: Path) -> None:
    sandbox = make_sandbox(async_delay_ms=0)
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_import(pilot)
        fill(screen, file=str(small_csv(tmp_path)), list="Renewal Due - September 2025")
        screen.query_one("#import-create", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(app.screen.query("ConfirmImportScreen #question")), "confirmation shown")
        question = str(app.screen.query_one("#question", Static).render())
        assert "a new list, created first" in question and "Add 2 contacts" in question
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back")
        await import_through_the_screen(pilot, screen)
        assert counts(screen)["confirmed in list"] == 2
    assert sorted(numbers_in(sandbox, "Renewal Due - September 2025")) == ["+14155550123", "+442079460101"]


async def test_export_from_a_list_row_writes_every_contact_and_names_the_file(
    make_app: AppFactory, sandbox: EmbeddedSandbox, tmp_path: Path
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        actions = await row_actions(pilot, "contact_list.list")
        name = actions.heading
        keys = [key for key, _ in actions.extras]
        option_list = actions.query_one("#actions")
        option_list.highlighted = len(actions.operations) + keys.index("bulk.export_csv")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: any(tmp_path.glob("kore-*.csv")), "export written")
        await app.workers.wait_for_complete()
        (written,) = tmp_path.glob("kore-*.csv")
        list_id = next(i for i, r in sandbox.state.contact_lists.items() if r["name"] == name)
        members = sandbox.state.list_contacts.get(list_id, [])
        assert len(written.read_text(encoding="utf-8").splitlines()) == 1 + len(members)
        assert written.stat().st_mode & 0o777 == 0o600
        notices = [n.message for n in app._notifications]
        assert any(str(written) in message for message in notices)


async def test_import_into_this_list_opens_the_screen_with_the_list_filled(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        actions = await row_actions(pilot, "contact_list.list")
        actions.query_one("#actions").highlighted = len(actions.operations)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen), "import screen")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        assert screen.field("list") == actions.heading
        assert isinstance(app.focused, Input) and app.focused.id == "import-file"


def test_a_long_export_says_how_far_it_got_without_flooding_the_screen() -> None:
    from koretui.screens.import_export import ExportNotices

    said: list[str] = []

    def notify(message: str, **_: Any) -> None:
        said.append(message)

    chatty = ExportNotices("Renewal Due", notify, every=0.0)
    chatty.page(300, 10_000)
    chatty.waiting(Wait("rate_limit", 12.0))
    assert said == [
        "Exporting Renewal Due: 300 of 10,000 contacts read",
        "Exporting Renewal Due: waiting 12 s for the Kore.ai rate limit",
    ]
    quiet = ExportNotices("Renewal Due", notify, every=3600.0)
    quiet.page(400, 10_000)
    assert len(said) == 2
