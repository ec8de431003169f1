"""A local emulator of the Kore.ai contact-list and contact endpoints, for development and tests."""

from core.sandbox.config import SandboxConfig

__all__ = ["SandboxConfig"]
