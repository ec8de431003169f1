"""Who may run what, and where: rules keyed on stable Slack ids (users U..., user groups S...).

Three levels: `read` (help and GET operations), `write` (other mutations), `delete` (operations the
catalog marks destructive). Group membership is looked up with `usergroups.users.list` and cached
for `group_ttl` seconds (KORE_SLACK_GROUP_CACHE_TTL); a lookup that fails counts as "not a member",
so an outage never grants access, and the failure is cached too, so an outage (or a workspace
without user groups) costs one call and one warning per group per TTL, not one per command.
Commands arriving together share one lookup in flight.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from core.operations import Operation

log = logging.getLogger("slackbot.access")

Level = Literal["read", "write", "delete"]
GroupLookup = Callable[[str], Awaitable[list[str]]]
"""Members (user ids) of one user group; raises when the lookup fails."""

GROUP_CACHE_SECONDS = 300.0


def _problem(exc: Exception) -> str:
    """One line: Slack's error code (`paid_teams_only`), not the SDK's two-line message with the URL."""
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None and hasattr(response, "get") else None
    return str(error) if error else type(exc).__name__


def level_of(op: Operation | None) -> Level:
    """The permission an operation needs; None stands for help."""
    if op is None or op.is_read:
        return "read"
    return "delete" if op.destructive else "write"


@dataclass(frozen=True)
class Rule:
    """A set of user and user-group ids, or everyone (`*`)."""

    everyone: bool = False
    users: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str) -> Rule:
        """`U123, S456, *` -> Rule; ids starting with S are user groups (subteams)."""
        items = [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]
        return cls(
            everyone="*" in items,
            users=frozenset(item for item in items if item != "*" and not item.startswith("S")),
            groups=frozenset(item for item in items if item.startswith("S")),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.everyone or self.users or self.groups)


EVERYONE = Rule(everyone=True)
NOBODY = Rule()


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


_NEEDS = {
    "read": ("use this command", "KORE_SLACK_READERS"),
    "write": ("create or change things in Kore.ai", "KORE_SLACK_WRITERS"),
    "delete": ("delete things, or start and stop campaigns, in Kore.ai", "KORE_SLACK_DELETERS"),
}


class AccessPolicy:
    """The bot's access rules; `check()` is called on the command and again on every click."""

    def __init__(
        self,
        *,
        readers: Rule = EVERYONE,
        writers: Rule = NOBODY,
        deleters: Rule = NOBODY,
        channels: frozenset[str] | None = None,
        group_lookup: GroupLookup | None = None,
        clock: Callable[[], float] = time.monotonic,
        group_ttl: float = GROUP_CACHE_SECONDS,
    ) -> None:
        self.rules: dict[Level, Rule] = {"read": readers, "write": writers, "delete": deleters}
        self.channels = channels
        self._lookup = group_lookup
        self._clock = clock
        self._group_ttl = group_ttl
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}
        self._in_flight: dict[tuple[int, str], asyncio.Future[frozenset[str]]] = {}
        """Lookups under way, by event loop and group: a burst of commands makes one call."""

    @classmethod
    def from_settings(
        cls,
        *,
        readers: str | None,
        writers: str | None,
        deleters: str | None,
        channels: str | None,
        open_mutations: bool,
        group_lookup: GroupLookup | None = None,
        group_ttl: float = GROUP_CACHE_SECONDS,
    ) -> AccessPolicy:
        """Unset writers/deleters mean everyone when `open_mutations` (the sandbox), else nobody."""
        default = EVERYONE if open_mutations else NOBODY
        channel_ids = Rule.parse(channels) if channels else None
        return cls(
            readers=Rule.parse(readers) if readers else EVERYONE,
            writers=Rule.parse(writers) if writers else default,
            deleters=Rule.parse(deleters) if deleters else default,
            channels=(channel_ids.users | channel_ids.groups) if channel_ids else None,
            group_lookup=group_lookup,
            group_ttl=group_ttl,
        )

    def startup_warnings(self) -> list[str]:
        """Lines to log at start when mutations are closed to everybody."""
        warnings = []
        for level in ("write", "delete"):
            if self.rules[level].is_empty:
                what, variable = _NEEDS[level]
                warnings.append(
                    f"{variable} is not set: nobody may {what} from Slack. "
                    f"Set {variable} to Slack user ids and user-group ids (U0123,S0456) or * for everyone."
                )
        return warnings

    async def _members(self, group: str) -> frozenset[str]:
        now = self._clock()
        cached = self._groups.get(group)
        if cached is not None and now - cached[0] < self._group_ttl:
            return cached[1]
        if self._lookup is None:
            return frozenset()
        key = (id(asyncio.get_running_loop()), group)
        running = self._in_flight.get(key)
        if running is None:
            running = asyncio.ensure_future(self._look_up(group, now))
            self._in_flight[key] = running
            running.add_done_callback(lambda _: self._in_flight.pop(key, None))
        return await asyncio.shield(running)

    async def _look_up(self, group: str, now: float) -> frozenset[str]:
        assert self._lookup is not None
        try:
            members = frozenset(await self._lookup(group))
        except Exception as exc:  # any failure: not a member, said once per group and TTL
            log.warning(
                "cannot read members of user group %s (%s); treating it as empty for %d s",
                group, _problem(exc), self._group_ttl,
            )
            members = frozenset()
        self._groups[group] = (now, members)
        return members

    async def _matches(self, rule: Rule, user_id: str) -> bool:
        if rule.everyone or user_id in rule.users:
            return True
        for group in sorted(rule.groups):
            if user_id in await self._members(group):
                return True
        return False

    async def may(self, user_id: str, level: Level) -> bool:
        """True when the user holds `level`; write and delete also need read."""
        if not await self._matches(self.rules["read"], user_id):
            return False
        return level == "read" or await self._matches(self.rules[level], user_id)

    async def check(self, user_id: str, channel_id: str, op: Operation | None) -> Decision:
        """May `user_id` run `op` (None: help) in `channel_id`? The reason is shown to the user."""
        return await self.check_level(user_id, channel_id, level_of(op), in_channels=op is not None)

    async def check_level(
        self, user_id: str, channel_id: str, level: Level, *, in_channels: bool = True
    ) -> Decision:
        """May `user_id` act at `level` in `channel_id` (a bulk import is `write`, an export `read`)?"""
        if in_channels and self.channels is not None and channel_id not in self.channels:
            where = ", ".join(f"<#{channel}>" for channel in sorted(self.channels))
            return Decision(False, f"`/kore` commands work only in {where}.")
        if await self.may(user_id, level):
            return Decision(True)
        what, variable = _NEEDS[level]
        return Decision(
            False, f"You are not allowed to {what}; ask an admin to add you to {variable}. Nothing was run."
        )
