"""What the sandbox decides where Kore.ai's docs are silent: its own behaviour, plus the limits rows
it enforces that no doc states. The README's sandbox section shows `markdown()` (a test keeps them
equal: `python -m core.sandbox.decisions` prints the table); /openapi.json declares `entries()` in
`info.x-decisions` and each decision in the operations it names."""

from __future__ import annotations

from dataclasses import dataclass

from core.limits import LIMITS, SINGLE_LINE_WORDS, Limit


@dataclass(frozen=True)
class Decision:
    topic: str
    rule: str
    operations: tuple[str, ...] = ()
    """Catalog keys of the operations it is about (their OpenAPI descriptions say it); () for all."""


BEHAVIOUR: tuple[Decision, ...] = (
    Decision("`iid` header", "optional (the pages' samples leave it out); when sent it must be the app id"),
    Decision("`accountId`", "a header or a query parameter; when both are sent they must agree"),
    Decision(
        "JWT claims",
        "`appId` and an HS256 signature with the Client Secret; `exp`, `iat`, `nbf` checked when present "
        "(60 s of clock skew). `jti` only with `--enforce-jti`: then `jti`, `iat` and an `exp` at most "
        "1 hour after `iat` are required and a `jti` is good for one request (401, code 401, "
        '"... possibly a replay")',
    ),
    Decision(
        "rate limit",
        "a rolling 60-second window per account; over it, status 429 (the docs give only the text) with "
        "the documented text and `Retry-After` (`--no-retry-after` leaves it out); refused requests do "
        "not count",
    ),
    Decision("Get All Contact Lists", "answers GET and POST", ("contact_list.list",)),
    Decision("unknown body fields", "ignored"),
    Decision("unknown ids", '404 `{"errors":[{"msg":"Contact list <id> not found","code":404}]}`'),
    Decision(
        "deleting a contact list",
        "its contacts go with it; a list a campaign dials or checks as its DNC list is refused: 400 "
        "naming `contactListId` and the campaigns (the console documents the refusal)",
        ("contact_list.delete",),
    ),
    Decision(
        "campaign status path",
        "`view=status` and `view=contacts` answer on one POST path; another or no `view` is a 400 naming "
        "`view`. Both views check the paging body (`page`, `limit`); the status view ignores it",
        ("campaign.status", "campaign.contacts"),
    ),
    Decision(
        "campaign contact details",
        "the numbers of the campaign's lists as they are now, in list order; a number dialed has its "
        "outcome, one not yet dialed an empty `dialerOutcome` and 0 attempts, one on the campaign's DNC "
        "list `dialerOutcome: dnc_skip`",
        ("campaign.contacts",),
    ),
    Decision(
        "starting and stopping a voice campaign",
        "`trigger=play` on an Active campaign, or `trigger=stop` on one that is Stopped, Completed or "
        "Ready, is a 400 naming `trigger` that says the status; `campaignType` must be `voice` (an SMS "
        "campaign is a 400 naming it). A start opens a new run (`campaignInstanceId`); "
        "`totalCallsCompleted` counts the completed dial outcomes",
        ("campaign.start", "campaign.stop"),
    ),
    Decision(
        "the v2 contact-list service",
        "`/campaign/api/v2/public/{app_id}/campaign/contactList/...` answers every contact-list "
        "operation but Add Contacts from the same store as v1; its answers add `isGlobalDNC`, "
        "`isDefault` (false), `columns`, `allowDuplicates` and `mapping.contactPriority`, an update's "
        "echo adds `scope`. The seeded DNC list is the global one",
        (
            "contact_list.list",
            "contact_list.get",
            "contact_list.create",
            "contact_list.update",
            "contact_list.delete",
            "contact_list.contacts",
        ),
    ),
    Decision(
        "lists used by campaigns",
        "`isListInUse` and `campaignInUse` (`{id, name}` per campaign, DNC use included) follow the "
        "campaigns; campaigns name their lists as the lists are named now",
        ("contact_list.get", "contact_list.list", "campaign.get", "campaign.list"),
    ),
    Decision(
        "Add Contacts",
        "answers at once; the batch is applied `--async-delay-ms` later (default 500) by the first request "
        "after that moment, skipping numbers already in a list that allows no duplicates (and repeats "
        "within the batch), and is kept in the state file until then; a batch for a list deleted "
        "meanwhile is dropped. An unknown `contact_list_name` (compared ignoring case) is a 404 naming it",
        ("contact_list.add_contacts",),
    ),
    Decision(
        "Create a Contact",
        "an array of one or more contacts (the 1 MiB body bounds it), all created or none; `firstName`, "
        "`cellPhone.phoneNumber` and `cellPhone.countryCode` required, `lastName` and `salutation` default "
        "to empty, `extension` to `+`; a number an active contact has is a 400 naming "
        "`cellPhone.phoneNumber`",
        ("contact.create",),
    ),
    Decision(
        "Delete a Contact",
        "soft: the contact is kept with `status: INACTIVE`, leaves Get All Contacts, frees its number, and "
        "is a 404 to every later call",
        ("contact.delete",),
    ),
    Decision(
        "bulk results",
        "a malformed request (an item that is not a valid change, an id that is not a string of 1 to 256 "
        "characters) is a 400 naming the item, and nothing changes; a well-formed item that cannot be "
        "applied (no such active contact: 404; a number another contact has: 400) is listed in "
        "`failedRecords` as `{id, index, code, msg, field}` and the others go ahead",
        ("contact.bulk_update", "contact.bulk_delete"),
    ),
)


def silent_limits() -> list[Limit]:
    """Limits rows the sandbox enforces that no doc section states (decided here, or a uniqueness rule)."""
    return [
        row
        for row in LIMITS
        if "sandbox" in row.enforced_by
        and (row.kind == "unique" or "decided" in row.note.lower() or not row.note.startswith("§"))
    ]


def _rule(row: Limit) -> str:
    parts = [row.readable]
    if row.trimmed:
        parts.append("surrounding spaces trimmed")
    if row.single_line:
        parts.append(SINGLE_LINE_WORDS)
    return "; ".join(parts)


def decision(topic: str) -> Decision:
    """The behaviour decision on `topic` (KeyError names the topic)."""
    for item in BEHAVIOUR:
        if item.topic == topic:
            return item
    raise KeyError(f"no sandbox decision on {topic!r}")


def entries() -> list[dict[str, str]]:
    """Every decision as data (for /openapi.json): topic and rule; a limits row adds its key and status."""
    found = [{"topic": item.topic, "rule": item.rule} for item in BEHAVIOUR]
    found += [
        {"topic": f"`{row.wire_name}`", "rule": _rule(row), "limit": row.key, "status": str(row.status)}
        for row in silent_limits()
    ]
    return found


def markdown() -> str:
    lines = ["| topic | what the sandbox does |", "|---|---|"]
    lines += [f"| {item.topic} | {item.rule} |" for item in BEHAVIOUR]
    lines += [
        f"| `{row.wire_name}` (`{row.key}`) | {_rule(row)} (else {row.status}) |" for row in silent_limits()
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
