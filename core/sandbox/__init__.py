"""A local emulator of Kore.ai's contact-center endpoints (contact lists and their contacts, the
address book, voice campaigns: reads, start and stop), for development, demos and tests.

Routes come from the catalog (core/operations.py) and checks from the same limits table the client
uses; the handlers, validation and stored data (SQLite) are the sandbox's own. `kore-sandbox` serves
it on loopback; core/sandbox/embedded.py runs it in-process.
"""

from core.sandbox.config import SandboxConfig

__all__ = ["SandboxConfig"]
