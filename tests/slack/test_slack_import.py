"""`/kore lists import "<list>"`: the form, the dry run, and the Import / Cancel confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
from botkit import ALICE, BOB, CAROL, Bot, seed_lists
from bulkkit import (
    add_numbers,
    buttons,
    configure,
    csv_of,
    dry_run,
    form_values,
    list_named,
    numbers_in,
    open_form,
    pending_of,
)

from slackbot.import_form import DNC_BLOCK, FILE_BLOCK, REGION_BLOCK
from slackbot.pending import Refusal

LIST = "Renewal Due"
GOOD = [["phoneNumber", "firstName"], ["+14155550123", "Ann"], ["(415) 555-0124", "Bo"]]


@pytest.fixture
async def ibot(bot: Bot, tmp_path: Path) -> Bot:
    seed_lists(bot, [LIST, "Do Not Call"])
    configure(bot, tmp_path)
    return bot


async def test_import_command_opens_a_form_with_a_file_input_region_and_dnc_lists(ibot: Bot) -> None:
    view = await open_form(ibot, LIST)
    blocks = {block.get("block_id"): block for block in view["blocks"]}
    element = blocks[FILE_BLOCK]["element"]
    assert element["type"] == "file_input" and element["max_files"] == 1
    assert {"csv", "xlsx"} <= set(element["filetypes"])
    assert blocks[REGION_BLOCK]["element"]["initial_value"] == "US"
    assert blocks[DNC_BLOCK]["element"]["multiline"] is True
    assert LIST in view["private_metadata"] and view["callback_id"] == "kore_import"


async def test_import_into_an_unknown_list_answers_one_line_and_closes_the_form(ibot: Bot) -> None:
    await ibot.command('lists import "No Such List"')
    answer = await ibot.fake.wait_response()
    assert (
        "no contact list named 'No Such List'" in answer.text and answer.body["response_type"] == "ephemeral"
    )
    update = (await ibot.fake.wait_for(lambda c: c.name == "views.update"))[0]
    assert "No Such List" in update.text and "Nothing was imported" in update.text


async def test_a_reader_may_not_import_and_the_refusal_is_audited(ibot: Bot) -> None:
    await ibot.command(f'lists import "{LIST}"', user=CAROL)
    answer = await ibot.fake.wait_response()
    assert "not allowed to create or change" in answer.text
    assert ibot.fake.api("views.open") == []
    entry = (await ibot.audit())[-1]
    assert entry["operation"] == "contact_list.import" and entry["outcome"].startswith("refused")
    assert entry["user_id"] == CAROL and entry["inputs"]["list"] == LIST


async def test_dry_run_reports_counts_and_first_problems_by_row_and_sends_nothing(ibot: Bot) -> None:
    list_id = list_named(ibot, LIST)
    add_numbers(ibot, list_id, ["+16175550100"])
    rows = [
        ["phoneNumber", "firstName"],
        ["+14155550123", "Ann"],
        ["not a number", "Bad"],
        ["+14155550123", "Dup"],
        ["617-555-0100", "Already"],
        ["(415) 555-0124", "Bo"],
    ]
    answer = await dry_run(ibot, LIST, "crm.csv", csv_of(rows))
    text = answer.text
    assert "Dry run" in text and "nothing was sent" in text and "crm.csv" in text
    for label, count in (("rows read", 5), ("to send", 2), ("invalid", 1), ("duplicates in file", 1)):
        assert any(line.startswith(label) and line.rstrip().endswith(str(count)) for line in _table(answer))
    assert "row 3: not a number: not a phone number" in text
    assert "row 4: +14155550123: duplicate of an earlier row (row 2)" in text
    assert "row 5: +16175550100: already in the list" in text
    assert "Add *2 contacts*" in text and "(now 1 contact)" in text
    pending_of(answer)
    assert numbers_in(ibot, list_id) == ["+16175550100"]
    entry = (await ibot.audit())[-1]
    assert entry["confirmation"] == "requested" and entry["outcome"] == "awaiting confirmation"
    assert entry["details"]["to_send"] == "2" and entry["details"]["file"] == "crm.csv"
    assert entry["targets"] == {"contact_list_id": list_id}


def _table(answer: object) -> list[str]:
    text = next(b["text"]["text"] for b in answer.body["blocks"] if b["text"]["text"].startswith("```"))  # type: ignore[attr-defined]
    return [line.strip("`").strip() for line in text.splitlines()]


async def test_numbers_on_a_named_dnc_list_are_not_sent(ibot: Bot) -> None:
    add_numbers(ibot, list_named(ibot, "Do Not Call"), ["+14155550123"])
    answer = await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD), dnc="Do Not Call")
    assert "row 2: +14155550123: on a do-not-call list" in answer.text
    assert "Add *1 contact*" in answer.text


async def test_import_sends_only_on_the_requesters_click_and_reports_sent_and_confirmed(ibot: Bot) -> None:
    list_id = list_named(ibot, LIST)
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    await ibot.click("kore_import_confirm", pending, user=BOB, token="bob")
    refused = await ibot.fake.wait_response("bob")
    assert Refusal.OTHER_USER.value in refused.text and refused.body["replace_original"] is False
    assert numbers_in(ibot, list_id) == []
    await ibot.click("kore_import_confirm", pending, token="go")
    final = await ibot.fake.wait_outcome("go", "confirmed* in the list")
    assert "2 sent, *2 confirmed* in the list" in final.text and final.body["replace_original"] is True
    assert sorted(numbers_in(ibot, list_id)) == ["+14155550123", "+14155550124"]
    entries = await ibot.audit()
    other = next(e for e in entries if e["confirmation"] == "other user")
    assert other["user_id"] == BOB and other["details"]["requested_by"] == ALICE
    outcome = entries[-1]
    assert outcome["confirmation"] == "confirmed" and outcome["user_id"] == ALICE
    assert outcome["outcome"].startswith("ok: 2 sent, 2 confirmed in the list (job ")
    assert outcome["details"]["sent"] == "2" and outcome["details"]["confirmed"] == "2"


async def test_a_second_import_click_sends_nothing_more(ibot: Bot) -> None:
    list_id = list_named(ibot, LIST)
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    await ibot.click("kore_import_confirm", pending, token="first")
    await ibot.fake.wait_outcome("first", "confirmed* in the list")
    await ibot.click("kore_import_confirm", pending, token="second")
    again = await ibot.fake.wait_response("second")
    assert Refusal.USED.value in again.text
    assert len(numbers_in(ibot, list_id)) == 2
    assert sum(1 for e in await ibot.audit() if e["outcome"].startswith("ok")) == 1


async def test_cancel_sends_nothing_and_the_buttons_go(ibot: Bot) -> None:
    list_id = list_named(ibot, LIST)
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    await ibot.click("kore_import_cancel", pending, token="cancel")
    said = await ibot.fake.wait_response("cancel")
    assert "Cancelled. Nothing was imported" in said.text and said.body["replace_original"] is True
    await ibot.click("kore_import_confirm", pending, token="late")
    assert Refusal.USED.value in (await ibot.fake.wait_response("late")).text
    assert numbers_in(ibot, list_id) == []
    assert (await ibot.audit())[-2]["confirmation"] == "cancelled"


async def test_expired_import_buttons_send_nothing(ibot: Bot) -> None:
    list_id = list_named(ibot, LIST)
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    ibot.clock.now += ibot.services.confirm_ttl_seconds + 1
    await ibot.click("kore_import_confirm", pending, token="late")
    said = await ibot.fake.wait_response("late")
    assert Refusal.EXPIRED.value in said.text
    assert numbers_in(ibot, list_id) == []
    entry = (await ibot.audit())[-1]
    assert entry["confirmation"] == "expired" and entry["outcome"] == "not run"


async def test_a_writer_removed_before_the_click_is_refused(ibot: Bot) -> None:
    from slackbot.access import NOBODY

    list_id = list_named(ibot, LIST)
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    ibot.services.access.rules["write"] = NOBODY
    await ibot.click("kore_import_confirm", pending, token="go")
    said = await ibot.fake.wait_response("go")
    assert "not allowed to create or change" in said.text
    assert numbers_in(ibot, list_id) == []
    assert (await ibot.audit())[-1]["outcome"].startswith("refused")


async def test_a_delete_button_carrying_an_import_id_runs_nothing(ibot: Bot) -> None:
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    await ibot.click("kore_confirm", pending, token="forged")
    said = await ibot.fake.wait_response("forged")
    assert Refusal.NOT_FOUND.value in said.text
    assert numbers_in(ibot, list_named(ibot, LIST)) == []


async def test_list_name_and_csv_values_holding_mentions_are_escaped(ibot: Bot) -> None:
    seed_lists(ibot, ["<!channel> list"])
    rows = [["phoneNumber", "firstName"], ["<!channel>", "x"], ["+14155550123", "<!here>"]]
    answer = await dry_run(ibot, "<!channel> list", "<!everyone>.csv", csv_of(rows))
    assert "<!channel>" not in answer.text and "<!everyone>" not in answer.text
    assert (
        "&lt;!channel&gt; list" in answer.text
        and "row 2: &lt;!channel&gt;: not a phone number" in answer.text
    )
    await ibot.click("kore_import_confirm", pending_of(answer), token="go")
    final = await ibot.fake.wait_outcome("go", "confirmed* in the list")
    assert "<!" not in final.text
    posted = [call.text for call in ibot.fake.api("chat.postMessage")]
    assert posted and not any("<!channel>" in text or "<!everyone>" in text for text in posted)


async def test_a_form_without_a_file_or_with_a_bad_region_stays_open_with_the_error(ibot: Bot) -> None:
    view = await open_form(ibot, LIST)
    response = await ibot.submit(view, form_values(None, region="Narnia"))
    errors = response.body if isinstance(response.body, str) else ""
    assert FILE_BLOCK in errors and "Choose the CSV or Excel file" in errors
    assert REGION_BLOCK in errors and "two-letter country code" in errors
    file_id = ibot.fake.add_file("photo.png", b"\x89PNG")
    response = await ibot.submit(view, form_values(ibot.fake.file_payload(file_id)))
    assert "choose a CSV or Excel" in response.body


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("empty.csv", b"", "empty.csv is empty; it needs a header row"),
        ("names.csv", b"first,last\nAnn,Lee\n", "names.csv has no phone column"),
        ("blob.csv", b"\x00\x01\x02binary\x00" * 20, "blob.csv looks binary"),
    ],
)
async def test_bad_files_answer_one_line_and_send_nothing(
    ibot: Bot, name: str, content: bytes, said: str
) -> None:
    answer = await dry_run(ibot, LIST, name, content)
    assert said in answer.text and buttons(answer) == []
    assert len(answer.body["blocks"]) == 1
    assert "/tmp" not in answer.text and "kore-import-" not in answer.text


async def test_a_file_over_the_limit_is_not_downloaded(ibot: Bot) -> None:
    view = await open_form(ibot, LIST)
    file_id = ibot.fake.add_file("huge.csv", b"phoneNumber\n", size=11 * 1024 * 1024)
    await ibot.submit(view, form_values(ibot.fake.file_payload(file_id)))
    answer = await ibot.fake.wait_response()
    assert "The file is 11.0 MB; the limit is 10.0 MB" in answer.text
    assert not [call for call in ibot.fake.calls if call.kind == "download"]


async def test_the_file_is_downloaded_with_the_bot_token_from_files_info(ibot: Bot) -> None:
    await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD))
    info = ibot.fake.api("files.info")[-1]
    download = [call for call in ibot.fake.calls if call.kind == "download"][-1]
    assert (
        download.name == info.body["file"] and download.headers["Authorization"] == "Bearer xoxb-test-token"
    )


async def test_an_unknown_dnc_list_answers_one_line(ibot: Bot) -> None:
    answer = await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD), dnc="Nope")
    assert "no contact list named 'Nope'" in answer.text and buttons(answer) == []


async def test_help_lists_import_for_writers_and_export_for_readers(ibot: Bot) -> None:
    await ibot.command("help", token="alice")
    alice = (await ibot.fake.wait_response("alice")).text
    assert "lists import" in alice and "lists export" in alice
    await ibot.command("help", user=CAROL, token="carol")
    carol = (await ibot.fake.wait_response("carol")).text
    assert "lists import" not in carol and "lists export" in carol
    await ibot.command("help lists import", token="topic")
    assert "dry run" in (await ibot.fake.wait_response("topic")).text


async def test_import_usage_without_a_name_or_with_extra_words(ibot: Bot) -> None:
    assert "needs the list's name" in str((await ibot.command("lists import")).body)
    assert "quote a name with spaces" in str((await ibot.command("lists import Renewal Due")).body)
    assert ibot.fake.api("views.open") == []


async def test_a_download_answered_with_a_sign_in_page_says_the_scope_is_missing(ibot: Bot) -> None:
    view = await open_form(ibot, LIST)
    file_id = ibot.fake.add_file("crm.csv", csv_of(GOOD), html=True)
    await ibot.submit(view, form_values(ibot.fake.file_payload(file_id)))
    answer = await ibot.fake.wait_response()
    assert "sign-in page instead of the file" in answer.text and "files:read" in answer.text


async def test_an_import_stopped_by_a_restart_says_how_far_it_got(ibot: Bot, tmp_path: Path) -> None:
    import asyncio

    from bulkkit import SandboxAdds

    from core.bulk.journal import Journal
    from slackbot.bulk import Estimate
    from slackbot.services import Executor

    class Stuck(SandboxAdds):
        async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None:
            if self.batches:
                await asyncio.Event().wait()  # the second batch never answers
            await super().add_batch(list_name, items)

    def gateway(kore: Executor, estimate: Estimate | None) -> SandboxAdds:
        return Stuck(kore, ibot, estimate)

    configure(ibot, tmp_path, gateway=gateway)
    ibot.services.bulk.timing.in_flight = 1
    rows = [["phoneNumber"], ["+14155550123"], ["+14155550124"], ["+14155550125"], ["+14155550126"]]
    await ibot.click(
        "kore_import_confirm", pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(rows))), token="go"
    )
    await ibot.fake.wait_for(lambda c: c.name == "go" and "confirmed" in c.text)

    def acknowledged() -> int:
        with Journal(tmp_path / "jobs.sqlite") as journal:
            return sum(job.sent for job in journal.jobs())

    while acknowledged() < 2:  # the first batch is journaled as acknowledged; the second hangs
        await asyncio.sleep(0.01)
    await ibot.services.tasks.drain(timeout=0)  # the restart: no waiting for the hung batch
    stopped = await ibot.fake.wait_outcome("go", "stopped after")
    assert (
        "stopped after 2 of 4 sent: the bot is restarting" in stopped.text
        and "kore import --resume" in stopped.text
    )
    with Journal(tmp_path / "jobs.sqlite") as journal:
        (job,) = journal.jobs()
        assert job.status == "interrupted" and job.sent == 2
    entry = (await ibot.audit())[-1]
    assert entry["outcome"].startswith("error: the bot is restarting (after 2 of 4 sent, job ")
    # The restarted bot: its Resume button sends the other two, and nothing twice.
    resume = buttons(stopped)
    assert [b["text"]["text"] for b in resume] == ["Resume", "Cancel"] and resume[0]["value"] == entry[
        "details"
    ]["resume"]
    configure(ibot, tmp_path)
    await ibot.click("kore_import_confirm", resume[0]["value"], user=BOB, token="bob")
    assert Refusal.OTHER_USER.value in (await ibot.fake.wait_response("bob")).text
    await ibot.click("kore_import_confirm", resume[0]["value"], token="resume")
    final = await ibot.fake.wait_outcome("resume", "confirmed* in the list")
    assert "4 sent, *4 confirmed* in the list" in final.text and f"Resumed job {job.id}" in final.text
    assert sorted(numbers_in(ibot, list_named(ibot, LIST))) == [f"+1415555012{n}" for n in (3, 4, 5, 6)]
    assert (await ibot.audit())[-1]["outcome"] == f"ok: 4 sent, 4 confirmed in the list (job {job.id})"
    await ibot.click("kore_import_confirm", resume[0]["value"], token="again")
    assert Refusal.USED.value in (await ibot.fake.wait_response("again")).text


async def test_a_stopped_import_not_resumed_stays_stopped(ibot: Bot, tmp_path: Path) -> None:
    from bulkkit import SandboxAdds

    from core.errors import KoreError
    from slackbot.bulk import Estimate
    from slackbot.services import Executor

    class Failing(SandboxAdds):
        async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None:
            raise KoreError("POST add contacts -> 500: boom")

    def gateway(kore: Executor, estimate: Estimate | None) -> SandboxAdds:
        return Failing(kore, ibot, estimate)

    configure(ibot, tmp_path, gateway=gateway)
    await ibot.click(
        "kore_import_confirm", pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD))), token="go"
    )
    stopped = await ibot.fake.wait_outcome("go", "stopped after")
    assert "stopped after 0 of 2 sent: POST add contacts -&gt; 500: boom" in stopped.text
    await ibot.click("kore_import_cancel", buttons(stopped)[1]["value"], token="no")
    said = await ibot.fake.wait_response("no")
    assert "Not resumed" in said.text and "stays stopped" in said.text
    assert numbers_in(ibot, list_named(ibot, LIST)) == []
    assert (await ibot.audit())[-1]["confirmation"] == "cancelled"


async def test_a_dry_run_against_a_large_list_says_it_is_reading_then_reports(ibot: Bot) -> None:
    add_numbers(ibot, list_named(ibot, LIST), [f"+1617555{index:04d}" for index in range(150)])
    await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD))
    note, report = await ibot.fake.wait_for(lambda c: c.name == "cmd", count=2)
    assert (
        "Checking against *Renewal Due*: reading 'Renewal Due'" in note.text
        and "of 150 contacts" in note.text
    )
    assert "Add *2 contacts*" in report.text and "(now 150 contacts)" in report.text


async def test_a_list_deleted_before_the_click_stops_the_import_before_it_starts(ibot: Bot) -> None:
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    await ibot.command(f"lists delete {list_named(ibot, LIST)}", token="del")
    delete = next(
        b for b in buttons(await ibot.fake.wait_response("del")) if b["action_id"] == "kore_confirm"
    )
    await ibot.click("kore_confirm", delete["value"], token="deleted")
    await ibot.fake.wait_outcome("deleted", "Delete")
    await ibot.click("kore_import_confirm", pending, token="go")
    said = await ibot.fake.wait_outcome("go", "did not start")
    assert "no contact list named 'Renewal Due'" in said.text and "Nothing was sent" in said.text
    assert (await ibot.audit())[-1]["outcome"].startswith("error: no contact list named")


async def test_an_excel_file_is_read_like_a_csv(ibot: Bot, tmp_path: Path) -> None:
    from bulk.fakes import write_xlsx

    path = write_xlsx(tmp_path / "crm.xlsx", [["Mobile", "First Name"], [14155550123, "Ann"], ["bad", "Bo"]])
    answer = await dry_run(ibot, LIST, "crm.xlsx", path.read_bytes())
    assert "phone numbers from 'Mobile'" in answer.text and "firstName &lt;- 'First Name'" in answer.text
    assert "row 3: bad: not a phone number" in answer.text and "Add *1 contact*" in answer.text


async def test_more_problems_than_the_report_shows_come_as_a_rejects_file_in_a_direct_message(
    ibot: Bot,
) -> None:
    import csv
    import io

    rows = [["phoneNumber", "firstName"], ["+14155550123", "Ann"]] + [
        [f"bad {n}", f"<!here> {n}"] for n in range(25)
    ]
    answer = await dry_run(ibot, LIST, "crm export.csv", csv_of(rows))
    assert (
        "All 25 rows not sent, with their reasons: `crm-export-rejected.csv`, in a direct message"
        in answer.text
    )
    (upload,) = ibot.fake.uploads
    assert upload.channel == f"D{ALICE}" and upload.filename == "crm-export-rejected.csv"
    rejected = list(csv.DictReader(io.StringIO(upload.content.decode())))
    assert len(rejected) == 25 and rejected[0]["row"] == "3" and rejected[0]["reason"] == "not_a_number"
    assert rejected[24]["firstName"] == "<!here> 24"  # a file, not markup: kept as written
    assert "<!here>" not in upload.comment and "<!here>" not in answer.text
    assert "Add *1 contact*" in answer.text


async def test_a_report_that_shows_every_problem_sends_no_rejects_file(ibot: Bot) -> None:
    await dry_run(ibot, LIST, "crm.csv", csv_of([*GOOD, ["bad", "x"]]))
    assert ibot.fake.uploads == []


async def test_an_import_form_without_our_metadata_runs_nothing(ibot: Bot) -> None:
    view = {**await open_form(ibot, LIST), "private_metadata": "{}"}
    file_id = ibot.fake.add_file("crm.csv", csv_of(GOOD))
    response = await ibot.submit(view, form_values(ibot.fake.file_payload(file_id)))
    assert "could not be read" in str(response.body) and '"response_action": "update"' in str(response.body)
    assert ibot.fake.api("files.info") == []


async def test_an_unusable_job_journal_stops_the_import_before_anything_is_sent(
    ibot: Bot, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    configure(ibot, tmp_path, journal_path=broken)
    pending = pending_of(await dry_run(ibot, LIST, "crm.csv", csv_of(GOOD)))
    await ibot.click("kore_import_confirm", pending, token="go")
    said = await ibot.fake.wait_outcome("go", "did not start")
    assert "journal" in said.text and "Nothing was sent" in said.text
    assert numbers_in(ibot, list_named(ibot, LIST)) == []


def test_counts_of_one_read_in_the_singular() -> None:
    from core.bulk.report import ImportReport
    from slackbot.import_blocks import dry_run_message

    report = ImportReport(list_name="Solo", dry_run=True, to_send=1)
    report.rows, report.time_zones_filled = 1, 1
    message = dry_run_message(
        report, file_name="one.csv", list_count=1, batch_size=500, pending_id="p1", ttl_seconds=600
    )
    text = " ".join(str(block) for block in message.blocks)
    assert "in 1 row" in text and "in 1 rows" not in text
    assert "Add *1 contact* to *Solo* (now 1 contact) in 1 batch?" in text
    assert "Send 1 contact to *Solo*." in text
