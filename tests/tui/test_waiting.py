"""Waiting is visible (the reason, counting down) and Escape cancels the request."""

from __future__ import annotations

import asyncio
from typing import Any

from core.pacing import Wait
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, until


def progress_text(pane: Any) -> str:
    return str(pane.form.progress.render())


async def test_a_rate_limit_wait_counts_down_and_escape_cancels_the_request(make_app: AppFactory) -> None:
    app = make_app()
    release = asyncio.Event()
    sent: list[str] = []

    async def held_back(op_key: str, /, *, on_wait: Any = None, **fields: Any) -> Any:
        sent.append(op_key)
        on_wait(Wait("rate_limit", 12.0, operation="GET contact lists"))
        await release.wait()  # never set: the request is still waiting when Escape comes

    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        assert app.backend is not None
        app.backend.client.execute = held_back  # type: ignore[method-assign]
        now = [1000.0]
        pane.form.progress.clock = lambda: now[0]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "waiting" in progress_text(pane), "the wait is shown")
        assert "waiting 12 s for the Kore.ai rate limit" in progress_text(pane)
        assert "Esc cancels" in progress_text(pane)
        now[0] += 3.2
        pane.form.progress.tick()
        assert "waiting 9 s for the Kore.ai rate limit" in progress_text(pane)
        assert "Cancel request" in "".join(s.text for s in app.screen._compositor.render_strips()[-1])
        await pilot.press("escape")
        await pilot.pause()
        assert not pane.in_flight and progress_text(pane) == ""
        assert any(note.message.startswith("Cancelled GET contact lists") for note in app._notifications)
        assert sent == ["contact_list.list"] and pane.response.result is None


async def test_a_retry_is_announced_with_its_cause(make_app: AppFactory) -> None:
    app = make_app()

    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        pane.in_flight = True
        pane.form.progress.clock = lambda: 50.0
        pane.form.progress.sending("Sending GET contact lists…")
        pane.form.progress.waiting(Wait("retry", 2.0, "503"))
        await pilot.pause()
        assert "retrying in 2 s (503)" in progress_text(pane)
        pane.form.progress.clock = lambda: 52.5
        pane.form.progress.tick()
        assert progress_text(pane).startswith("Sending GET contact lists…")
