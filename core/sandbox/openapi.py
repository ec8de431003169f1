"""A hand-written OpenAPI 3.1 description of the emulated endpoints, served at /openapi.json."""

from __future__ import annotations

from typing import Any

from core.operations import V1
from core.sandbox.config import SandboxConfig
from core.sandbox.records import SUMMARY_VIEW_KEYS
from core.sandbox.validation import DESCRIPTION_MAX, NAME_MAX

BASE = V1


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _param(
    name: str, where: str, description: str, schema: dict[str, Any], required: bool = True
) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "Invalid input; `errors[0].msg` names the field",
        401: "Invalid SDK credentials (code 4002)",
        404: "Unknown id",
        413: "Body too large",
        429: "Rate limit exceeded; see Retry-After",
        503: "Injected failure (sandbox fail_rate)",
    }
    responses = {str(code): {"$ref": f"#/components/responses/E{code}"} for code in codes}
    for code in codes:
        responses[str(code)]["description"] = text[code]
    return responses


def _envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status", "message", "data"],
        "properties": {
            "status": {"type": "string", "const": "success"},
            "message": {"type": "string"},
            "data": data,
        },
    }


def _paged(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["results", "skip", "limit", "hasMore", "totalPages", "totalResults"],
        "properties": {
            "results": {"type": "array", "items": item},
            "skip": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100},
            "hasMore": {"type": "boolean"},
            "totalPages": {"type": "integer"},
            "totalResults": {"type": "integer"},
        },
    }


def build_openapi(config: SandboxConfig) -> dict[str, Any]:
    """The document; `config` supplies example ids so a reader can copy working values."""
    app_id = _param(
        "app_id",
        "path",
        "App / stream id (`st-<uuid>`), also called IID or streamId",
        {"type": "string", "example": config.app_id},
    )
    list_id = _param("contact_list_id", "path", "Contact list id (`cl-<uuid>`)", {"type": "string"})
    iid = _param(
        "iid",
        "header",
        "The app id again; must equal the path's app_id",
        {"type": "string", "example": config.app_id},
    )
    account = _param(
        "accountId", "header", "Account id (24 hex)", {"type": "string", "example": config.account_id}
    )
    account_query = _param(
        "accountId",
        "query",
        "Account id (24 hex); accepted instead of the header",
        {"type": "string"},
        required=False,
    )
    skip = _param("skip", "query", "Offset", {"type": "integer", "minimum": 0, "default": 0}, required=False)

    def limit(default: int) -> dict[str, Any]:
        return _param(
            "limit",
            "query",
            "Page size",
            {"type": "integer", "minimum": 1, "maximum": 100, "default": default},
            required=False,
        )

    campaign = [app_id, iid, account]
    list_ops = ["Contact lists"]
    paths: dict[str, Any] = {
        f"{BASE}/campaign/contactList/createContactList": {
            "post": {
                "tags": list_ops,
                "operationId": "createContactList",
                "summary": "Create Contact List",
                "parameters": campaign,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("CreateContactList")}},
                },
                "responses": {
                    "200": _json(_envelope(_ref("ContactListCreated")), "Created"),
                    **_errors(400, 401, 413, 429, 503),
                },
            }
        },
        f"{BASE}/campaign/contactList/getAllListDetails": {
            op: {
                "tags": list_ops,
                "operationId": f"getAllContactLists{op.title()}",
                "summary": "Get All Contact Lists",
                "parameters": [
                    *campaign,
                    _param(
                        "type", "query", "List type filter, e.g. `call`", {"type": "string"}, required=False
                    ),
                ],
                "responses": {
                    "200": _json(
                        _envelope({"type": "array", "items": _ref("ContactListSummary")}),
                        "Lists, newest first",
                    ),
                    **_errors(401, 429, 503),
                },
            }
            for op in ("get", "post")
        },
        f"{BASE}/campaign/contactList/{{contact_list_id}}": {
            "get": {
                "tags": list_ops,
                "operationId": "getContactList",
                "summary": "Get Contact List Details",
                "parameters": [*campaign, list_id],
                "responses": {
                    "200": _json(_envelope(_ref("ContactList")), "The list"),
                    **_errors(401, 404, 429, 503),
                },
            },
            "put": {
                "tags": list_ops,
                "operationId": "updateContactList",
                "summary": "Update Contact List by ID",
                "parameters": [*campaign, list_id],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("UpdateContactList")}},
                },
                "responses": {
                    "200": _json(_envelope(_ref("ContactListUpdated")), "Updated"),
                    **_errors(400, 401, 404, 413, 429, 503),
                },
            },
            "delete": {
                "tags": list_ops,
                "operationId": "deleteContactList",
                "summary": "Delete Contact List",
                "parameters": [*campaign, list_id],
                "responses": {
                    "200": _json(_envelope(_ref("ContactList")), "The deleted list"),
                    **_errors(401, 404, 429, 503),
                },
            },
        },
        f"{BASE}/campaign/contactList/{{contact_list_id}}/getAllContacts": {
            "get": {
                "tags": list_ops,
                "operationId": "getContactsOfContactList",
                "summary": "Get Contacts of a Contact List",
                "parameters": [*campaign, list_id, account_query, skip, limit(50)],
                "responses": {
                    "200": _json(_envelope(_paged(_ref("ListContact"))), "One page"),
                    **_errors(400, 401, 404, 429, 503),
                },
            }
        },
        f"{BASE}/contacts": {
            "get": {
                "tags": ["Contacts"],
                "operationId": "getAllContacts",
                "summary": "Get All Contacts (ACTIVE only)",
                "parameters": [app_id, account, skip, limit(10)],
                "responses": {
                    "200": _json(_paged(_ref("Contact")), "One page, no envelope"),
                    **_errors(400, 401, 429, 503),
                },
            }
        },
        f"{BASE}/contacts/{{contact_id}}": {
            "put": {
                "tags": ["Contacts"],
                "operationId": "updateContact",
                "summary": "Update a Contact (partial)",
                "parameters": [
                    app_id,
                    account,
                    _param("contact_id", "path", "Contact id (24 hex)", {"type": "string"}),
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("UpdateContact")}},
                },
                "responses": {
                    "200": _json(_ref("Contact"), "The updated contact, no envelope"),
                    **_errors(400, 401, 404, 413, 429, 503),
                },
            }
        },
    }
    string = {"type": "string"}
    timestamp = {"type": "string", "format": "date-time", "example": "2025-06-27T07:37:17.489Z"}
    mapping = {"type": "object", "additionalProperties": {"type": "string"}}
    list_fields: dict[str, Any] = {
        "_id": {"type": "string", "pattern": "^cl-"},
        "isActive": {"type": "boolean"},
        "orgId": string,
        "name": string,
        "lname": string,
        "description": string,
        "totalRecordCount": {"type": "integer"},
        "status": string,
        "createdBy": string,
        "updatedBy": string,
        "mapping": mapping,
        "isListInUse": {"type": "boolean"},
        "iId": string,
        "listType": string,
        "campaignInUse": {"type": "array", "items": {}},
        "accountId": string,
        "source": string,
        "apiConfigurations": {
            "type": "object",
            "properties": {
                "dataSyncMode": {"type": "string", "enum": ["allowDuplicates", "dontAllowDuplicates"]}
            },
        },
        "files": {"type": "array", "items": {}},
        "createdAt": timestamp,
        "updatedAt": timestamp,
        "allowDuplicates": {"type": "boolean"},
    }
    error = {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["msg", "code"],
                    "properties": {"msg": string, "code": {"type": "integer"}, "field": string},
                },
            }
        },
    }
    responses = {
        f"E{code}": {"description": str(code), "content": {"application/json": {"schema": _ref("Error")}}}
        for code in (400, 401, 404, 413, 429, 503)
    }
    responses["E429"]["headers"] = {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}}
    phone = {
        "type": "object",
        "properties": {
            "phoneNumber": {"type": "string", "pattern": "^[0-9]{1,15}$"},
            "countryCode": {"type": "string", "pattern": "^\\+[0-9]{1,4}$"},
            "extension": string,
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kore-sandbox: Kore.ai contact lists and contacts",
            "version": "1.0.0",
            "description": (
                "Local emulator of the Kore.ai contact-center endpoints. Every API request needs "
                "`auth` (HS256 JWT signed with the client secret; claims appId, iat, "
                "exp <= iat+3600, unique jti) and `accountId`; contact-list endpoints also need `iid`."
            ),
        },
        "security": [{"auth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"auth": {"type": "apiKey", "in": "header", "name": "auth"}},
            "responses": responses,
            "schemas": {
                "Error": error,
                "CreateContactList": {
                    "type": "object",
                    "required": ["name", "description", "source"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
                        "description": {"type": "string", "maxLength": DESCRIPTION_MAX},
                        "source": {"type": "string", "enum": ["passiveApi", "passiveApiIntegration"]},
                        "allowDuplicates": {"type": "boolean", "default": False},
                    },
                },
                "UpdateContactList": {
                    "type": "object",
                    "minProperties": 1,
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
                        "description": {"type": "string", "maxLength": DESCRIPTION_MAX},
                        "allowDuplicates": {"type": "boolean"},
                    },
                },
                "ContactList": {"type": "object", "properties": list_fields},
                "ContactListCreated": {
                    "type": "object",
                    "properties": {
                        key: value
                        for key, value in list_fields.items()
                        if key not in ("orgId", "lname", "iId", "accountId")
                    },
                },
                "ContactListSummary": {
                    "type": "object",
                    "properties": {key: list_fields[key] for key in SUMMARY_VIEW_KEYS},
                },
                "ContactListUpdated": {
                    "type": "object",
                    "properties": {
                        "contactListId": string,
                        "body": {
                            "type": "object",
                            "properties": {
                                "name": string,
                                "description": string,
                                "allowDuplicates": {"type": "boolean"},
                                "orgId": string,
                                "iId": string,
                                "listType": string,
                                "accountId": string,
                                "updatedBy": string,
                            },
                        },
                    },
                },
                "ListContact": {
                    "type": "object",
                    "properties": {
                        "_id": {"type": "string", "pattern": "^cc-"},
                        "createdAt": timestamp,
                        "updatedAt": timestamp,
                        "phoneNumber": string,
                    },
                },
                "Contact": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "pattern": "^[0-9a-f]{24}$"},
                        "firstName": string,
                        "lastName": string,
                        "fullName": string,
                        "salutation": string,
                        "cellPhone": phone,
                        "status": {"type": "string", "enum": ["ACTIVE", "INACTIVE"]},
                        "instanceBotId": string,
                        "orgId": string,
                        "accountId": string,
                        "createdBy": string,
                        "createdByAId": string,
                        "address": {"type": "array", "items": {}},
                        "twitterDetails": {"type": "array", "items": {}},
                        "createdAt": timestamp,
                        "updatedAt": timestamp,
                        "updatedBy": string,
                        "updatedByAId": string,
                    },
                },
                "UpdateContact": {
                    "type": "object",
                    "minProperties": 1,
                    "properties": {
                        "firstName": string,
                        "lastName": string,
                        "salutation": string,
                        "cellPhone": phone,
                    },
                },
            },
        },
    }
