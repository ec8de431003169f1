"""One typed method per catalog operation, mixed into KoreClient.

Each method's parameters are its operation's input fields (tests/core/test_client_methods.py checks
that), and it runs the operation through `KoreClient.call`, so it is paced, retried and validated
like any call. Helpers that take more than one call (add, then wait) sit next to them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel

from core import models
from core import models_contacts as contacts
from core import models_contacts as contacts_models
from core.adding import AddedContacts, Phone, add_contacts_and_wait, batches_of
from core.models_add_contacts import AddContactsAccepted

if TYPE_CHECKING:
    from core.client import KoreClient
    from core.settings import KoreSettings

M = TypeVar("M", bound=BaseModel)


class OperationMethods:
    """The typed methods; KoreClient supplies `call`, `settings` and `_sleep`."""

    settings: KoreSettings
    _sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def call(self, op_key: str, /, **fields: Any) -> BaseModel:  # pragma: no cover - KoreClient's
        raise NotImplementedError

    async def list_contact_lists(self) -> models.ContactListsEnvelope:
        return await self._typed("contact_list.list", models.ContactListsEnvelope)

    async def get_contact_list(self, contact_list_id: str) -> models.ContactListEnvelope:
        return await self._typed(
            "contact_list.get", models.ContactListEnvelope, contact_list_id=contact_list_id
        )

    async def create_contact_list(
        self, name: str, description: str, allow_duplicates: bool = False
    ) -> models.ContactListEnvelope:
        return await self._typed(
            "contact_list.create",
            models.ContactListEnvelope,
            name=name,
            description=description,
            allow_duplicates=allow_duplicates,
        )

    async def update_contact_list(
        self,
        contact_list_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        allow_duplicates: bool | None = None,
    ) -> models.ContactListUpdateEnvelope:
        return await self._typed(
            "contact_list.update",
            models.ContactListUpdateEnvelope,
            contact_list_id=contact_list_id,
            name=name,
            description=description,
            allow_duplicates=allow_duplicates,
        )

    async def delete_contact_list(self, contact_list_id: str) -> models.ContactListEnvelope:
        return await self._typed(
            "contact_list.delete", models.ContactListEnvelope, contact_list_id=contact_list_id
        )

    async def list_contacts_of_list(
        self, contact_list_id: str, *, skip: int = 0, limit: int = 50
    ) -> models.ListContactsEnvelope:
        return await self._typed(
            "contact_list.contacts",
            models.ListContactsEnvelope,
            contact_list_id=contact_list_id,
            skip=skip,
            limit=limit,
        )

    async def add_contacts(self, contact_list_name: str, phones: list[str]) -> AddContactsAccepted:
        """Queue numbers for the list named `contact_list_name`: one request per
        settings.add_contacts_batch_size numbers (500; Kore.ai takes 1,000). Every answer only says
        "in progress"; `add_contacts_and_wait` also waits for them to arrive."""
        size = self.settings.add_contacts_batch_size
        answer = None
        for batch in batches_of(phones, size) if len(phones) > size else [phones]:
            answer = await self._typed(
                "contact_list.add_contacts", AddContactsAccepted, contact_list_name=contact_list_name,
                phones=batch,
            )
        assert answer is not None
        return answer

    async def add_contacts_and_wait(
        self, contact_list_name: str, phones: Sequence[Phone], *, timeout: float = 60.0, poll_every: float = 1
    ) -> AddedContacts:
        """Add (in batches), then read the list, paced, until the numbers arrive or `timeout` passes;
        says how many arrived (core/adding.py). Items may be numbers or whole `{phoneNumber, ...}` objects."""
        return await add_contacts_and_wait(
            cast("KoreClient", self), contact_list_name, phones,
            timeout=timeout, poll_every=poll_every, sleep=self._sleep,
        )

    async def list_contacts(self, skip: int = 0, limit: int = 10) -> models.ContactPage:
        return await self._typed("contact.list", models.ContactPage, skip=skip, limit=limit)

    async def update_contact(
        self,
        contact_id: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        salutation: str | None = None,
        phone_number: str | None = None,
        country_code: str | None = None,
        extension: str | None = None,
    ) -> models.Contact:
        return await self._typed(
            "contact.update",
            models.Contact,
            contact_id=contact_id,
            first_name=first_name,
            last_name=last_name,
            salutation=salutation,
            phone_number=phone_number,
            country_code=country_code,
            extension=extension,
        )

    async def create_contact(
        self,
        first_name: str,
        phone_number: str,
        country_code: str,
        *,
        last_name: str | None = None,
        salutation: str | None = None,
        extension: str | None = None,
    ) -> contacts.ContactsCreated:
        """Create a Contact (sent as a one-item array); the answer is the array of created contacts."""
        return await self._typed(
            "contact.create",
            contacts.ContactsCreated,
            first_name=first_name,
            phone_number=phone_number,
            country_code=country_code,
            last_name=last_name,
            salutation=salutation,
            extension=extension,
        )

    async def delete_contact(self, contact_id: str) -> models.Contact:
        """Delete a Contact: a soft delete, the contact comes back `status: INACTIVE`."""
        return await self._typed("contact.delete", models.Contact, contact_id=contact_id)

    async def update_contacts(self, contacts: list[dict[str, Any]]) -> contacts_models.BulkUpdateResult:
        """Update Bulk Contacts: each item `{id, ...fields}` (dicts or BulkUpdateItem); failures are listed
        in the answer, not raised (`failed_records`: id, index, code, msg, field)."""
        return await self._typed("contact.bulk_update", contacts_models.BulkUpdateResult, contacts=contacts)

    async def delete_contacts(self, ids: list[str]) -> contacts_models.BulkDeleteResult:
        """Delete Bulk Contacts (soft): ids that are unknown or already inactive come back in
        `failed_records` with code 404."""
        return await self._typed("contact.bulk_delete", contacts_models.BulkDeleteResult, ids=ids)

    async def _typed(self, op_key: str, expected: type[M], **fields: Any) -> M:
        model = await self.call(op_key, **{k: v for k, v in fields.items() if v is not None})
        assert isinstance(model, expected)
        return model

