"""Pending confirmations (and the replay memory) in Redis, shared by every replica.

Each move out of `pending` is one Lua script, so a double click landing on two replicas runs the
operation once (slackbot.pending explains the states). Deadlines also go into one sorted set, so a
replica's expiry sweeper finds what is due with one range read; the expiry itself is another Lua
script, so exactly one replica (or one late click) moves each confirmation to `expired`.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict
from typing import Any

from slackbot.pending import KEEP_SECONDS, Pending, Refusal, State

# KEYS[1] = the hash; ARGV = user_id, now, new state, check expiry (1/0).
# Returns 'ok' or the reason: 'missing', 'user', 'used', 'expired'.
_MOVE_SCRIPT = """
local data = redis.call('HMGET', KEYS[1], 'user_id', 'state', 'expires_at')
if not data[1] then return 'missing' end
if data[1] ~= ARGV[1] then return 'user' end
if data[2] == 'expired' then return 'expired' end
if data[2] ~= 'pending' then return 'used' end
if ARGV[4] == '1' and tonumber(data[3]) <= tonumber(ARGV[2]) then return 'expired' end
redis.call('HSET', KEYS[1], 'state', ARGV[3])
return 'ok'
"""

# KEYS[1] = the hash, KEYS[2] = the deadlines; ARGV = pending id, now. 1 when this call moved it.
# An id that is gone or no longer pending leaves the deadlines too; one not yet due stays.
_EXPIRE_SCRIPT = """
local data = redis.call('HMGET', KEYS[1], 'state', 'expires_at')
if data[1] == 'pending' and tonumber(data[2]) > tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
if data[1] ~= 'pending' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'expired')
return 1
"""

_REASONS = {
    "missing": Refusal.NOT_FOUND,
    "user": Refusal.OTHER_USER,
    "used": Refusal.USED,
    "expired": Refusal.EXPIRED,
}


TIMEOUT = 2.0
"""Seconds a Redis connect or answer may take: a Redis that went silent (a network partition) is
then a 503 within Slack's 3 s, not a request that hangs until the OS gives up on TCP."""


class RedisPendingStore:
    """Pending operations in Redis, shared by every replica; transitions run as one Lua script."""

    def __init__(self, url: str, *, prefix: str = "kore:slack:pending:", timeout: float = TIMEOUT) -> None:
        self._url = url
        self._prefix = prefix
        self._timeout = timeout
        self._where = url.split("@")[-1]  # never keep a password in reprs or logs
        # One client per event loop: the bot acks on one loop and works on another, and a
        # Redis connection belongs to the loop that opened it.
        self._clients: dict[asyncio.AbstractEventLoop, tuple[Any, Any, Any]] = {}
        self._deadlines = f"{prefix}@deadlines"  # "@" is never in an id (slackbot.pending.new_id)

    def _client(self) -> tuple[Any, Any, Any]:
        """(Redis client, move script, expire script) of the running loop."""
        loop = asyncio.get_running_loop()
        found = self._clients.get(loop)
        if found is None:
            import redis.asyncio as redis  # imported here: only this store needs it

            client = redis.Redis.from_url(
                self._url,
                decode_responses=True,
                socket_connect_timeout=self._timeout,
                socket_timeout=self._timeout,
            )
            scripts = (client.register_script(_MOVE_SCRIPT), client.register_script(_EXPIRE_SCRIPT))
            found = self._clients[loop] = (client, *scripts)
        return found

    @property
    def _redis(self) -> Any:
        return self._client()[0]

    @property
    def _move(self) -> Any:
        return self._client()[1]

    @property
    def _expire(self) -> Any:
        return self._client()[2]

    def __repr__(self) -> str:
        return f"RedisPendingStore({self._where!r})"

    def _key(self, pending_id: str) -> str:
        return self._prefix + pending_id

    async def ping(self) -> None:
        await self._redis.ping()

    async def create(self, pending: Pending) -> None:
        record = asdict(pending)
        mapping: dict[str, str] = {
            key: json.dumps(value) if isinstance(value, dict) else str(value) for key, value in record.items()
        }
        key = self._key(pending.id)
        ttl = max(1, int(pending.expires_at - pending.created_at) + KEEP_SECONDS)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping=mapping)
            pipe.expire(key, ttl)
            pipe.zadd(self._deadlines, {pending.id: pending.expires_at})
            await pipe.execute()

    async def get(self, pending_id: str) -> Pending | None:
        raw = await self._redis.hgetall(self._key(pending_id))
        data = {str(key): str(value) for key, value in raw.items()}
        if not data:
            return None
        return Pending(
            id=data["id"],
            op_key=data["op_key"],
            inputs=json.loads(data["inputs"]),
            user_id=data["user_id"],
            team_id=data["team_id"],
            channel_id=data["channel_id"],
            summary=data["summary"],
            created_at=float(data["created_at"]),
            expires_at=float(data["expires_at"]),
            state=data["state"],  # type: ignore[arg-type]
            outcome=data.get("outcome", ""),
            extra=json.loads(data.get("extra") or "{}"),
            response_url=data.get("response_url", ""),
        )

    async def _transition(
        self, pending_id: str, user_id: str, now: float, to: State, check: bool
    ) -> Pending | Refusal:
        result = await self._move(
            keys=[self._key(pending_id)], args=[user_id, repr(now), to, "1" if check else "0"]
        )
        if result != "ok":
            return _REASONS.get(str(result), Refusal.USED)
        found = await self.get(pending_id)
        return found if found is not None else Refusal.NOT_FOUND

    async def claim(self, pending_id: str, user_id: str, now: float) -> Pending | Refusal:
        return await self._transition(pending_id, user_id, now, "executing", True)

    async def cancel(self, pending_id: str, user_id: str, now: float) -> Pending | Refusal:
        return await self._transition(pending_id, user_id, now, "cancelled", False)

    async def finish(self, pending_id: str, outcome: str) -> None:
        await self._redis.hset(self._key(pending_id), mapping={"state": "done", "outcome": outcome})

    async def due(self, now: float, limit: int) -> list[str]:
        found = await self._redis.zrangebyscore(self._deadlines, "-inf", repr(now), start=0, num=limit)
        return [str(pending_id) for pending_id in found]

    async def expire(self, pending_id: str, now: float) -> Pending | None:
        keys = [self._key(pending_id), self._deadlines]
        moved = await self._expire(keys=keys, args=[pending_id, repr(now)])
        return await self.get(pending_id) if moved == 1 else None

    async def first_use(self, key: str, now: float, ttl: float) -> bool:
        created = await self._redis.set(f"kore:slack:seen:{key}", "1", nx=True, ex=max(1, round(ttl)))
        return bool(created)

    async def aclose(self) -> None:
        """Close this loop's client; other loops' clients go with their loops."""
        found = self._clients.pop(asyncio.get_running_loop(), None)
        if found is not None:
            await found[0].aclose()
