"""Keystroke-to-repaint latency of the results table's `/` filter: 10,000 rows next to 100.

The real ResponsePanel shows a Get All Contacts result of N generated contacts (names, E.164
phones, statuses) in a headless Textual app at 160x45. Each keystroke is sent to the app as the
terminal driver sends it, and timed until the first frame that shows the new filter has been
composed and turned into terminal output (the app's display hook, wrapped). The keys cycle through
typing and erasing words, so a filter matches many rows, a few, and every row again.

Prints the median and 90th percentile per keystroke for both sizes and the ratio of the medians.
Target: the 10,000-row median under 100 ms. Usage: `.venv/bin/python bench/tui_table.py [--keys N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.widgets import Input

from core import models
from core.client import CallResult
from core.operations import get_operation
from koretui.widgets.response_panel import ResponsePanel

FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kira", "Liam"]
LAST = ["Lee", "Martin", "Nguyen", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda"]
KEYS = [
    "a",
    "n",
    "a",
    "backspace",
    "backspace",
    "backspace",
    "t",
    "a",
    "n",
    "backspace",
    "backspace",
    "backspace",
    "4",
    "4",
    "2",
    "backspace",
    "backspace",
    "backspace",
]


def contacts(count: int) -> list[models.Contact]:
    return [
        models.Contact.model_validate(
            {
                "id": f"{index:024x}",
                "firstName": FIRST[index % len(FIRST)],
                "lastName": f"{LAST[index % len(LAST)]}-{index}",
                "cellPhone": {"phoneNumber": f"+44207946{index:04d}", "countryCode": "+44"},
                "status": "ACTIVE" if index % 3 else "INACTIVE",
            }
        )
        for index in range(count)
    ]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ResponsePanel("contact.list", show_timings=False, id="response")


def result_of(records: list[models.Contact]) -> CallResult:
    op = get_operation("contact.list")
    page = models.ContactPage(results=records, skip=0, limit=len(records), total_results=len(records))
    return CallResult(op, {}, 200, 0.01, {}, page, records=list(records), page=None)


async def keystroke_times(rows: int, keys: int) -> list[float]:
    app = TableApp()
    frames: list[tuple[float, str]] = []  # (time the frame was ready, the filter it shows)
    times: list[float] = []
    async with app.run_test(size=(160, 45)) as pilot:
        panel = app.query_one(ResponsePanel)
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # the bytes a terminal would get
                frames.append((time.perf_counter(), panel.table.filter_text))

        app._display = timed_display  # type: ignore[method-assign]
        panel.show_result(result_of(contacts(rows)))
        panel.table.focus()
        await pilot.press("slash")
        await pilot.pause()
        for index in range(keys):
            key = KEYS[index % len(KEYS)]
            expected = _after(panel.query_one("#filter", Input).value, key)
            started = time.perf_counter()
            event = events.Key(key, None if len(key) > 1 else key)
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)
            while not any(at > started and shown == expected for at, shown in frames):
                await asyncio.sleep(0.0005)
            times.append(min(at for at, shown in frames if at > started and shown == expected) - started)
            await pilot.pause()  # let the app settle before the next key, as between real keystrokes
    return times


def _after(value: str, key: str) -> str:
    return value[:-1] if key == "backspace" else value + key


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.9) - 1]


async def main_async(keys: int) -> None:
    small = await keystroke_times(100, keys)
    big = await keystroke_times(10_000, keys)
    small_median, small_p90 = summary(small)
    big_median, big_p90 = summary(big)
    print(f"100 rows:    median {small_median * 1000:.1f} ms, p90 {small_p90 * 1000:.1f} ms per keystroke")
    print(f"10,000 rows: median {big_median * 1000:.1f} ms, p90 {big_p90 * 1000:.1f} ms per keystroke")
    print(f"ratio of medians (10,000 / 100): {big_median / small_median:.2f}x")
    print("target: 10,000-row median under 100 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keys", type=int, default=54, help="keystrokes per table size")
    args: Any = parser.parse_args()
    asyncio.run(main_async(args.keys))


if __name__ == "__main__":
    main()
