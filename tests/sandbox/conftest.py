"""Fixtures of the sandbox tests (helpers live in sandboxkit.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sandboxkit import FakeClock, client_for
from starlette.applications import Starlette

from core.sandbox.app import create_app
from core.sandbox.config import SandboxConfig


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> Starlette:
    return create_app(SandboxConfig(rate_limit=0, random_seed=7), clock=clock)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as http:
        yield http
