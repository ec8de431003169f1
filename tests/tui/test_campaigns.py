"""Campaigns in the TUI: a campaign row offers status, contacts, start and stop; start asks first,
naming the campaign, its lists and how many numbers they hold."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from core.sandbox.embedded import EmbeddedSandbox
from koretui.screens.confirm_delete import ConfirmDeleteScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, row_actions, submit

AUGUST = "August Renewals"  # Ready in the seed: may be started
JULY = "July Renewals Outreach"  # Active in the seed: may be stopped


async def _campaign_id(pilot: Pilot[Any], name: str) -> str:
    pane = await open_op(pilot, "campaign.list")
    await submit(pilot)
    records = pane.response.table.records.values()
    return str(next(record.id for record in records if record.name == name))


async def _status(sandbox: EmbeddedSandbox, campaign_id: str) -> str:
    async with sandbox.client() as kore:
        return (await kore.get_campaign_status(campaign_id)).data.status


async def _ask_start(pilot: Pilot[Any], campaign_id: str, op_key: str = "campaign.start") -> ConfirmDeleteScreen:
    await open_op(pilot, op_key, {"campaign_id": campaign_id})
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ConfirmDeleteScreen)
    return screen


async def test_a_campaign_row_offers_status_contacts_start_and_stop(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await row_actions(pilot, "campaign.list")
        keys = {op.key for op in screen.operations}
        assert {"campaign.status", "campaign.contacts", "campaign.start", "campaign.stop"} <= keys


async def test_start_asks_naming_lists_and_numbers_and_cancel_starts_nothing(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        campaign_id = await _campaign_id(pilot, AUGUST)
        screen = await _ask_start(pilot, campaign_id)
        text = str(screen.query_one("#question").render())
        assert AUGUST in text and "Renewal Due - August 2025 (3 numbers)" in text and "3 numbers in all" in text
        assert "starts dialing" in text
        assert str(screen.query_one("#delete", Button).label) == "Start"
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDeleteScreen)
    assert await _status(sandbox, campaign_id) == "Ready"


async def test_confirmed_start_runs_the_campaign(make_app: AppFactory, sandbox: EmbeddedSandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        campaign_id = await _campaign_id(pilot, AUGUST)
        screen = await _ask_start(pilot, campaign_id)
        screen.query_one("#delete", Button).press()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert await _status(sandbox, campaign_id) == "Active"


@pytest.mark.parametrize(
    ("op_key", "name", "status", "refusal", "word"),
    [
        ("campaign.start", JULY, "Active", "refuses to start a campaign that is already running", "Start"),
        ("campaign.stop", AUGUST, "Ready", "refuses to stop a campaign that is not running", "Stop"),
    ],
)
async def test_a_start_or_stop_kore_will_refuse_says_why_and_offers_only_close(
    make_app: AppFactory, sandbox: EmbeddedSandbox, op_key: str, name: str, status: str, refusal: str, word: str
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        campaign_id = await _campaign_id(pilot, name)
        screen = await _ask_start(pilot, campaign_id, op_key)
        text = " ".join(str(screen.query_one("#question").render()).split())
        assert f"Status: {status}" in text and refusal in text and f"{word} is not offered" in text
        assert not screen.query("#delete")
        assert isinstance(app.focused, Button) and str(app.focused.label) == "Close"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDeleteScreen)
    assert await _status(sandbox, campaign_id) == status
