"""An import's messages stay within Slack's limits: five posts to a response_url in 30 minutes."""

from __future__ import annotations

from pathlib import Path

import pytest
from botkit import ALICE, Bot, seed_lists
from bulkkit import SandboxAdds, configure, csv_of, dry_run, list_named, numbers_in, pending_of

from core.bulk.sending import Timing
from slackbot.bulk import Estimate
from slackbot.services import Executor
from slackbot.updates import USES

LIST = "Renewal Due"


class Clock:
    """Time that moves only when a batch is sent (`step` seconds a batch)."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        return self.now


def timed(bot: Bot, tmp_path: Path, clock: Clock, *, every: float) -> None:
    class Slow(SandboxAdds):
        async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None:
            await super().add_batch(list_name, items)
            clock.now += clock.step

    async def no_sleep(_: float) -> None:
        return None

    def gateway(kore: Executor, estimate: Estimate | None) -> SandboxAdds:
        return Slow(kore, bot, estimate)

    configure(
        bot,
        tmp_path,
        gateway=gateway,
        clock=clock,
        progress_every=every,
        timing=Timing(clock=clock, sleep=no_sleep, verify_timeout=0.0, in_flight=1),
    )


def numbers(count: int) -> bytes:
    return csv_of([["phoneNumber"]] + [[f"+1415555{index:04d}"] for index in range(count)])


@pytest.fixture
async def ibot(bot: Bot) -> Bot:
    seed_lists(bot, [LIST])
    return bot


async def test_a_long_import_posts_start_three_progress_lines_and_the_result_and_no_more(
    ibot: Bot, tmp_path: Path
) -> None:
    timed(ibot, tmp_path, Clock(step=30.0), every=1.0)
    await ibot.click(
        "kore_import_confirm", pending_of(await dry_run(ibot, LIST, "crm.csv", numbers(40))), token="go"
    )
    final = await ibot.fake.wait_outcome("go", "confirmed* in the list")
    await ibot.audit()
    posts = ibot.fake.responses("go")
    assert len(posts) == USES and posts[-1] is final
    assert "confirmed" in posts[0].text and "re-checking the list" in posts[0].text
    progress = [post for post in posts if "Importing into" in post.text]
    assert len(progress) == 3 and all("sent" in post.text and " of 40" in post.text for post in progress)
    assert all(post.body["replace_original"] is True for post in posts)
    assert "40 sent, *40 confirmed* in the list" in final.text
    assert len(numbers_in(ibot, list_named(ibot, LIST))) == 40


async def test_progress_is_spaced_by_time_not_by_batch(ibot: Bot, tmp_path: Path) -> None:
    timed(ibot, tmp_path, Clock(step=1.0), every=60.0)
    await ibot.click(
        "kore_import_confirm", pending_of(await dry_run(ibot, LIST, "crm.csv", numbers(40))), token="go"
    )
    await ibot.fake.wait_outcome("go", "confirmed* in the list")
    await ibot.audit()
    assert [post for post in ibot.fake.responses("go") if "Importing into" in post.text] == []
    assert len(ibot.fake.responses("go")) == 2  # confirmed, then the result: 20 batches in 20 s


async def test_a_result_after_the_response_urls_half_hour_comes_as_a_direct_message(
    ibot: Bot, tmp_path: Path
) -> None:
    timed(ibot, tmp_path, Clock(step=20 * 60.0), every=60.0)
    await ibot.click(
        "kore_import_confirm", pending_of(await dry_run(ibot, LIST, "crm.csv", numbers(4))), token="go"
    )
    direct = await ibot.fake.wait_for(
        lambda c: c.name == "chat.postMessage" and c.body.get("channel") == ALICE and "confirmed" in c.text
    )
    assert "4 sent, *4 confirmed* in the list" in direct[0].text
    assert not any("confirmed* in the list" in post.text for post in ibot.fake.responses("go"))


class Recorder:
    def __init__(self) -> None:
        self.posts: list[dict[str, object]] = []

    async def __call__(self, **kwargs: object) -> None:
        self.posts.append(kwargs)


def _sending(sent: int) -> object:
    from core.bulk.sending import Progress

    return Progress("sending", sent, 1000, batches=sent // 10, batches_total=100)


@pytest.mark.parametrize(("queued_note", "progress_posts"), [(False, 3), (True, 2)])
async def test_progress_never_takes_the_results_post_and_counts_the_queued_note(
    queued_note: bool, progress_posts: int
) -> None:
    from slackbot.blocks import notice
    from slackbot.queue import Ticket
    from slackbot.updates import Updates

    clock = Clock(step=0)
    respond = Recorder()
    ticket = Ticket("import", told_queued=queued_note)
    updates = Updates(respond, clock=clock, every=1.0, ticket=ticket)
    updates.job("abc123", LIST)
    await updates.post(notice("confirmed"))
    for sent in range(10, 1000, 10):
        clock.now += 10
        updates.progress(_sending(sent))  # type: ignore[arg-type]
    await updates.final(notice("result"))
    assert updates.progress_posts == progress_posts
    assert len(respond.posts) + int(queued_note) == USES
    assert respond.posts[-1]["text"] == "result"


async def test_the_import_gateway_asks_the_bots_pacer_how_long_the_budget_makes_the_rest_take(
    fake_slack: object, tmp_path: Path
) -> None:
    from botkit import make_bot

    from core.pacing import LocalPacer
    from slackbot.app import KoreCommands
    from slackbot.importing import Imports

    bot = await make_bot(fake_slack, tmp_path, pacer=LocalPacer(60))  # type: ignore[arg-type]
    try:
        gateway = Imports(KoreCommands(bot.services, bot.app.client), bot.app.client).gateway()
        assert await gateway.estimate_wait(1) == 0  # type: ignore[attr-defined]
        assert await gateway.estimate_wait(61) > 59  # type: ignore[attr-defined]
    finally:
        await bot.kore.inner.aclose()
        bot.services.tasks.work.close()
