"""The Import screen: choose a file, a list, a region and DNC lists; dry run; import with progress.

All the work is core/bulk's (the engine `kore import` drives); this screen collects the choices,
runs the engine in workers (`koretui/screens/import_work.py`) and shows what they post. Nothing
typed is lost: an error leaves every field as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Button, Checkbox, Footer, Input, Static

from koretui.screens.import_confirm import Budget
from koretui.screens.import_entry import IMPORT_ENTRY
from koretui.screens.import_messages import (
    DryRunDone,
    ImportEnded,
    ImportFailed,
    ImportNote,
    ImportProgressed,
    ImportStarted,
    ImportWaiting,
    ListsRead,
    UnfinishedJobs,
)
from koretui.screens.import_work import ImportWork, screen_text
from koretui.widgets.import_form import ImportForm
from koretui.widgets.import_progress import ImportProgress
from koretui.widgets.import_report import ImportReportView

if TYPE_CHECKING:
    from core.bulk.plan import ImportOptions, Plan
    from core.bulk.report import ImportReport
    from koretui.backend import Backend

TITLE = IMPORT_ENTRY.title

START = Content.assemble(
    ("Choose a file and a list, then ^d for a dry run.", "bold"),
    "\n\nThe dry run reads every row, checks each number with libphonenumber (the Region is used for "
    "numbers written without +country code), and compares them with the list and any DNC lists. "
    "Nothing is sent until you press ^s and confirm.\n\n",
    ("Tab moves between fields; → accepts a completion; Esc goes back.", "dim"),
)



def default_region(backend: Backend) -> str:
    """The `default_region` setting of the tenant's profile (as `kore import` reads it), else US."""
    from koretui.cli.importing import default_region as configured

    return configured(None if backend.is_sandbox else backend.client.settings.profile)


class ImportScreen(ImportWork):
    """Import a CSV or Excel file into a contact list, checked first (dry run), then sent in batches."""

    BINDINGS = [
        Binding("ctrl+d", "dry_run", "Dry run", priority=True, id="import.dry_run"),
        Binding("ctrl+s", "start_import", "Import", priority=True, id="import.send"),
        Binding("ctrl+w", "write_rejects", "Rejects CSV", priority=True, id="import.rejects"),
        Binding("escape", "close", "Back", id="import.close"),
        Binding("escape", "stop", "Stop import", id="import.stop"),
    ]
    AUTO_FOCUS = "#import-file"

    def __init__(self, backend: Backend, *, list_name: str = "", region: str = "US") -> None:
        super().__init__(classes="import-screen")
        self.backend = backend
        self.preset_list = list_name
        self.default_region = region
        self.plan: Plan | None = None
        self.report: ImportReport | None = None
        self.planned_from: ImportOptions | None = None
        self.sending = False
        """A job is starting, running or verifying (from Import's confirmation or a resume)."""
        self.stop_requested = False
        self.budget = Budget(0, 0.0)
        self.batch_size: int | None = None
        """Rows per add-contacts request (`kore import --batch-size`); None: the engine's default."""

    def compose(self) -> ComposeResult:
        where = "sandbox (nothing leaves this machine)" if self.backend.is_sandbox else self.backend.host_name
        banner = Static(f"{TITLE} · {where}", id="import-banner")
        banner.set_class(self.backend.is_sandbox, "-sandbox")
        yield banner
        yield ImportForm(list_name=self.preset_list, region=self.default_region, id="import-form")
        yield Static("", id="import-error")
        yield ImportProgress(id="import-progress")
        yield Static(START, id="import-start")
        yield ImportReportView(id="import-report")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-error").display = False
        self.query_one("#import-report").display = False
        self.read_lists()
        self.find_unfinished()
        if self.preset_list:
            self.query_one("#import-file", Input).focus()

    # --- the form ------------------------------------------------------------------------------

    @property
    def form(self) -> ImportForm:
        return self.query_one(ImportForm)

    def field(self, name: str) -> str:
        return self.form.field(name)

    def options(self) -> ImportOptions:
        return self.form.options(self.batch_size)

    def _options_or_none(self) -> ImportOptions | None:
        return self.form.options_or_none(self.batch_size)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter moves on; on the last field it runs the dry run."""
        event.stop()
        if self.form.is_last(event.input):
            self.action_dry_run()
        else:
            self.focus_next()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def form_changed(self) -> None:
        """A change after a dry run makes it stale: Import runs it again before asking."""
        if self.plan is not None and self._options_or_none() != self.planned_from:
            self.set_status("changed: ^s checks again first", "dim")

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("dry_run", "start_import"):
            return not self.sending or None  # shown greyed while a job runs
        if action == "close":
            return not self.sending
        if action == "stop":
            return self.sending
        if action == "write_rejects":
            return (self.plan is not None and bool(self.plan.problems)) or None
        return True

    def action_dry_run(self, then_import: bool = False) -> None:
        from core.bulk.errors import BulkError

        try:
            options = self.options()
        except BulkError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        self.set_status("checking the file…" if not then_import else "checking again before import…", "dim")
        self.dry_run(options, then_import)

    def action_start_import(self) -> None:
        if self.plan is None or self.report is None or self._options_or_none() != self.planned_from:
            self.action_dry_run(then_import=True)
            return
        self.confirm_import(self.plan, self.report)

    def action_write_rejects(self) -> None:
        from core.bulk.report import write_rejects

        if self.plan is None or not self.plan.problems:
            self.notify("No rejected rows to write.", severity="warning")
            return
        directory = writable_dir()
        path = directory / f"{self.plan.options.file.stem}-rejected.csv"
        try:
            count = write_rejects(self.plan, path)
        except OSError as exc:
            self.show_error(f"cannot write {path}: {exc.strerror or exc}")
            return
        self.set_status(f"{count:,} rejected rows written to {path}", "")
        self.notify(f"{count:,} rejected rows written to {path}", timeout=10)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_stop(self) -> None:
        """Stop the job once the batches under way are acknowledged; pressed again, stop now."""
        if not self.stop_requested:
            self.request_stop()
            self.query_one(ImportProgress).note("stopping once the batches under way are acknowledged…")
        else:
            self.workers.cancel_group(self, "import")

    @on(Button.Pressed, "#dry-run")
    def _dry_run_pressed(self) -> None:
        self.action_dry_run()

    @on(Button.Pressed, "#import")
    def _import_pressed(self) -> None:
        self.action_start_import()

    @on(Button.Pressed, "#rejects")
    def _rejects_pressed(self) -> None:
        self.action_write_rejects()

    def confirm_import(self, plan: Plan, report: ImportReport) -> None:
        from koretui.screens.import_confirm import ConfirmImportScreen

        if report.to_send == 0:
            self.set_status("nothing to send", "bold")
            self.notify("Nothing to send: every row is invalid, a duplicate, already in the list or on DNC.")
            return

        def chosen(go: bool | None) -> None:
            if go:
                self.begin_job()
                self.send(plan, report)
            else:
                self.set_status("not imported; nothing was sent", "dim")

        self.app.push_screen(ConfirmImportScreen(plan, report, self.budget), chosen)

    # --- what the workers post -----------------------------------------------------------------

    def on_lists_read(self, message: ListsRead) -> None:
        self.form.set_names(message.names)

    def on_unfinished_jobs(self, message: UnfinishedJobs) -> None:
        from koretui.screens.import_resume import ResumeJobsScreen

        def chosen(job_id: str | None) -> None:
            if job_id:
                self.begin_job()
                self.resume(job_id)

        self.app.push_screen(ResumeJobsScreen(message.jobs), chosen)

    def on_dry_run_done(self, message: DryRunDone) -> None:
        self.plan, self.report = message.plan, message.report
        self.planned_from = message.plan.options
        self.budget = message.budget
        self.query_one(ImportReportView).show(message.report, message.plan.problems)
        self.query_one("#import-start").display = False
        self.query_one("#import-report").display = True
        self.query_one("#rejects", Button).disabled = not message.plan.problems
        to_send, rows = message.report.to_send, message.report.rows
        hint = " · ^s imports" if to_send else ""
        self.set_status(f"{to_send:,} of {rows:,} to send{hint}", "bold")
        self.refresh_bindings()
        if message.then_import:
            self.confirm_import(message.plan, message.report)

    def on_import_note(self, message: ImportNote) -> None:
        if self.sending:
            self.query_one(ImportProgress).note(message.text)
        else:
            self.set_status(message.text, "dim")

    def on_import_waiting(self, message: ImportWaiting) -> None:
        if self.sending:
            self.query_one(ImportProgress).waiting(message.wait)
        else:
            self.set_status(str(message.wait), "italic $text-warning")

    def on_import_failed(self, message: ImportFailed) -> None:
        self.show_error(screen_text(message.error))
        self.set_status("", "")
        if self.sending:
            self.end_job()

    def begin_job(self) -> None:
        """Lock the form and show the progress: from here Escape stops the job, not the screen."""
        self.sending = True
        self.stop_requested = False
        self.show_error("")
        self.query_one(ImportProgress).display = True
        self.query_one(ImportProgress).note("starting…")
        self._lock_form(True)

    def end_job(self) -> None:
        self.sending = False
        progress = self.query_one(ImportProgress)
        progress.line.clear()
        progress.display = False
        self._lock_form(False)

    def on_import_started(self, message: ImportStarted) -> None:
        job = message.job
        note = message.note or f"import job {job.id} started"
        self.query_one(ImportProgress).start(job.total, job.sent, note)
        self.set_status(f"job {job.id} running", "dim")
        with self.prevent(Input.Changed):
            self.form.fill("list", job.list_name)
            if not self.field("file"):
                self.form.fill("file", job.source)

    def on_import_progressed(self, message: ImportProgressed) -> None:
        self.query_one(ImportProgress).update_from(message.progress)

    def on_import_ended(self, message: ImportEnded) -> None:
        self.end_job()
        self.planned_from = None  # the list changed: the next Import checks the file again
        if message.report is not None:
            same_list = self.plan is not None and self.plan.list_name == message.report.list_name
            problems = self.plan.problems if self.plan is not None and same_list else []
            self.query_one(ImportReportView).show(message.report, problems, missing=message.missing)
            self.query_one("#import-start").display = False
            self.query_one("#import-report").display = True
            missing = len(message.missing)
            arrived = f"{missing:,} missing" if missing else "all confirmed"
            self.set_status(f"done: {message.report.sent:,} sent, {arrived}", "bold")
            detail = f"{missing:,} did not arrive (see Problems)" if missing else "all confirmed in the list"
            self.notify(
                f"Import job {message.job_id} done: {message.report.sent:,} sent, {detail}.",
                severity="warning" if missing else "information",
                timeout=10,
            )
        elif message.cancelled:
            self.set_status(f"job {message.job_id} stopped (resumable)", "bold $text-warning")
            self.notify(
                f"Import job {message.job_id} stopped; the journal keeps what was acknowledged. "
                "Open Import again to resume it."
            )
        else:
            self.show_error(f"import job {message.job_id} stopped: {screen_text(message.error or '')}")
            self.set_status(f"job {message.job_id} stopped (resumable)", "dim")
        self.refresh_bindings()

    # --- small helpers -------------------------------------------------------------------------

    def _lock_form(self, locked: bool) -> None:
        self.form.set_locked(locked, rejects=bool(self.plan and self.plan.problems))
        self.refresh_bindings()

    def set_status(self, text: str, style: str) -> None:
        self.form.set_status(text, style)

    def show_error(self, text: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(Content.assemble(("✗ ", "bold"), text) if text else "")
        error.display = bool(text)


def writable_dir() -> Path:
    """The current directory when it can be written, else the data dir (files there are 0600)."""
    import os

    from koretui.catalog_index import data_dir

    here = Path.cwd()
    if os.access(here, os.W_OK):
        return here
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory
