"""A form generated from an operation's request model: one input per field, checked as you type.

Text fields get an `Input` with a validator wrapping core's own validation for that one field and
an error line under it; booleans get a `Switch` (or unchanged/yes/no when the field is optional);
nested models sit in a bordered group; id fields suggest the ids the app has seen, with names.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

import pydantic
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import Suggester
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch

from core.fields import FieldSpec, field_errors, fields_of, validate_flat
from core.operations import Operation
from koretui.known_ids import KnownIds
from koretui.widgets.limited_input import LimitedInput, LimitedTextArea
from koretui.widgets.progress_line import ProgressLine

UNCHANGED = "unchanged"
MULTILINE_FROM = 128
"""Text fields allowing this many characters or more get a multi-line area with a counter."""
PAGE_SIZE = 50
"""Every paged read starts at the same page size (the API's own defaults differ: 10 and 50)."""


def field_message(op: Operation, spec: FieldSpec, value: object) -> str | None:
    """The error for one field's value alone (other fields' errors are ignored), or None."""
    try:
        validate_flat(op, {spec.name: value})
    except pydantic.ValidationError as exc:
        return field_errors(exc).get(spec.name)
    return None


class FieldValidator(Validator):
    """Runs core's validation for one field, so the form and the client agree on the limits."""

    def __init__(self, op: Operation, spec: FieldSpec) -> None:
        super().__init__()
        self.op = op
        self.spec = spec

    def validate(self, value: str) -> ValidationResult:
        message = field_message(self.op, self.spec, value)
        return self.success() if message is None else self.failure(message)


class KnownIdSuggester(Suggester):
    """Completes an id field from the ids seen so far (newest first)."""

    def __init__(self, known: KnownIds, field: str) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = known
        self.field = field

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        for item in self.known.for_field(self.field):
            if item.id.startswith(value) and item.id != value:
                return item.id
        return None


def _label(spec: FieldSpec) -> Content:
    parts: list[str | tuple[str, str]] = [(spec.label, "bold")]
    if spec.required:
        parts.append((" *", "$text-error"))
    hint = spec.limit_text or ("" if spec.kind == "bool" else spec.help)
    if spec.is_id:
        hint = spec.help
    if hint:
        parts.append((f"  {hint}", "dim"))
    return Content.assemble(*parts)


def _groups(specs: Iterable[FieldSpec]) -> Iterator[tuple[str | None, list[FieldSpec]]]:
    """Consecutive fields with the same group, in order."""
    current: list[FieldSpec] = []
    group: str | None = None
    for spec in specs:
        if current and spec.group != group:
            yield group, current
            current = []
        group = spec.group
        current.append(spec)
    if current:
        yield group, current


class OperationForm(VerticalScroll):
    """The inputs of one operation. `values()` reads them; `set_values()` fills them."""

    can_focus = False  # its fields are the focus stops; the form scrolls to the focused one

    def __init__(
        self, op: Operation, known: KnownIds, *, send_key: str = "ctrl+s", id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="operation-form")
        self.op = op
        self.send_key = send_key  # as [keymap] binds main.send
        self.known = known
        self.specs = fields_of(op)
        self._by_name = {spec.name: spec for spec in self.specs}

    # --- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        kind = "destructive" if self.op.destructive else "read" if self.op.is_read else "write"
        method_style = f"bold $text-{_method_color(kind)}"
        yield Static(
            Content.assemble((f"{self.op.method} ", method_style), (self.op.title, "bold")),
            classes="form-title",
        )
        yield Static(Content.styled(self.op.help, "dim"), classes="form-help")
        if not self.specs:
            hint = f"No inputs: press Send ({self.send_key})."
            yield Static(Content.styled(hint, "italic"), classes="form-help")
        paging = [spec for spec in self.specs if spec.location == "query"]
        for group, specs in _groups(spec for spec in self.specs if spec.location != "query"):
            if group is None:
                for spec in specs:
                    yield from self._field(spec)
            else:
                box = Vertical(classes="field-group")
                box.border_title = group
                with box:
                    for spec in specs:
                        yield from self._field(spec)
        if paging:
            # Paging inputs share one line, so a read's table keeps the room at 80x24.
            with Horizontal(classes="paging-row"):
                for spec in paging:
                    hint = f"({spec.limit_text})" if spec.limit_text else ""
                    inline = Content.assemble((spec.label, "bold"), " ", (hint, "dim"))
                    yield Label(inline, classes="inline-label")
                    yield self._input(spec, compact=True)
            for spec in paging:
                yield Static("", id=f"error-{spec.name}", classes="field-error -hidden")
        yield Static("", id="form-error", classes="field-error -hidden")
        with Horizontal(classes="form-actions"):
            label = "Delete…" if self.op.destructive else "Send"
            yield Button(
                f"{label} ({self.send_key})", id="submit", compact=True,
                variant="error" if self.op.destructive else "primary",
            )
            yield ProgressLine(id="progress")

    def _field(self, spec: FieldSpec) -> Iterator[Widget]:
        yield Label(_label(spec), classes="field-label")
        if spec.kind == "bool":
            if spec.default is None:
                yield Select(
                    [("leave unchanged", UNCHANGED), ("yes", "true"), ("no", "false")],
                    value=UNCHANGED, allow_blank=False, compact=True, id=f"field-{spec.name}",
                    classes="tri-state",
                )
            else:
                yield Switch(value=bool(spec.default), id=f"field-{spec.name}")
            yield Static(Content.styled(spec.help, "dim"), classes="field-help")
        elif not spec.is_id and spec.max_length and spec.max_length >= MULTILINE_FROM:
            text = "" if spec.default is None else str(spec.default)
            yield LimitedTextArea(text, label=spec.label, max_length=spec.max_length, id=f"field-{spec.name}")
        else:
            yield self._input(spec)
            if spec.is_id:
                yield Select(
                    self._known_options(spec.name), compact=True,
                    prompt="known ids (name: id)" if spec.location == "path" else "known names",
                    id=f"pick-{spec.name}", classes="id-picker",
                )
        yield Static("", id=f"error-{spec.name}", classes="field-error -hidden")

    def _input(self, spec: FieldSpec, *, compact: bool = False) -> Input:
        default = "" if spec.default is None else str(spec.default)
        if spec.location == "query" and spec.name == "limit":
            default = str(PAGE_SIZE)
        return LimitedInput(
            label=spec.label,
            value=default,
            placeholder=spec.help if not spec.is_id else "type or pick below",
            validators=[FieldValidator(self.op, spec)],
            valid_empty=not spec.required,
            validate_on=["changed", "submitted"],
            max_length=spec.max_length or 0,
            type="integer" if spec.kind == "int" else "text",
            suggester=KnownIdSuggester(self.known, spec.name) if spec.is_id else None,
            compact=compact,
            id=f"field-{spec.name}",
        )

    def _known_options(self, field: str) -> list[tuple[str, str]]:
        return [
            (item.label if item.name == item.id else f"{item.label}: {item.id}", item.id)
            for item in self.known.for_field(field)
        ]

    def refresh_known(self) -> None:
        """Re-list the known ids in the pickers (after a read, a create or a delete)."""
        for spec in self.specs:
            if spec.is_id:
                picker = self.query_one(f"#pick-{spec.name}", Select)
                picker.set_options(self._known_options(spec.name))

    # --- reading and filling ----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Flat values as typed (strings; bools from switches); 'unchanged' booleans are left out."""
        values: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Switch):
                values[spec.name] = widget.value
            elif isinstance(widget, Select):
                if widget.value in ("true", "false"):
                    values[spec.name] = widget.value
            elif isinstance(widget, (Input, LimitedTextArea)):
                values[spec.name] = widget.value
        return values

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill fields from a history entry or a row action; unknown names are ignored."""
        for name, value in values.items():
            spec = self._by_name.get(name)
            if spec is None:
                continue
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Switch):
                widget.value = value is True or str(value).lower() == "true"
            elif isinstance(widget, Select):
                text = str(value).lower() if value is not None else UNCHANGED
                widget.value = text if text in ("true", "false") else UNCHANGED
            elif isinstance(widget, (Input, LimitedTextArea)):
                if isinstance(value, list | tuple):
                    value = ", ".join(str(item) for item in value)  # a list field, as typed
                widget.value = "" if value is None else str(value)

    def offer_current(
        self, fill: Mapping[str, str], hints: Mapping[str, str], previous: Mapping[str, str]
    ) -> None:
        """Fill an update form with a record's current values, keeping what the user typed.

        A field is overwritten only while it is empty or still holds the previous record's value;
        values the field would refuse are shown as its placeholder ("now: ...").
        """
        typed = self.values()
        for name, value in fill.items():
            mine = str(typed.get(name, "") or "").strip()
            if not mine or mine == previous.get(name) or name not in typed:
                self.set_values({name: value})
        for name, value in hints.items():
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Input):
                widget.placeholder = f"now: {value}"

    def clear_to_defaults(self) -> None:
        for spec in self.specs:
            self.set_values({spec.name: spec.default if spec.default is not None else ""})

    def first_input(self, filled: Collection[str] = ()) -> Widget | None:
        """The first field not among `filled` (the ones a row action or the history filled in), or
        Send when none is left: typing there then never overwrites the id that was chosen."""
        for spec in self.specs:
            if spec.name not in filled:
                return self.query_one(f"#field-{spec.name}")
        return self.query_one("#submit", Button)

    # --- errors -----------------------------------------------------------------------------

    def validate_all(self) -> bool:
        """Validate the whole form with core's model; show every error inline. True when valid."""
        values = self.values()
        errors: dict[str, str] = {}
        try:
            validate_flat(self.op, values)
        except pydantic.ValidationError as exc:
            errors = field_errors(exc)
        errors = self._onto_fields(errors)
        self.show_errors(errors)
        if errors:
            self.reveal_first_error(errors)
        return not errors

    def _onto_fields(self, errors: dict[str, str]) -> dict[str, str]:
        """An error about a whole group (the phone) is shown under the group's first field."""
        for name in [name for name in errors if name and name not in self._by_name]:
            first = next((spec for spec in self.specs if spec.path[0] == name and len(spec.path) > 1), None)
            if first is not None and first.name not in errors:
                errors[first.name] = errors.pop(name)
        return errors

    def reveal_first_error(self, errors: Mapping[str, str]) -> None:
        """Focus the first field in error (top to bottom) and scroll its ✗ line into view."""
        for spec in self.specs:
            if spec.name in errors:
                self.query_one(f"#field-{spec.name}").focus()
                line = self.query_one(f"#error-{spec.name}")
                self.call_after_refresh(self.scroll_to_widget, line, animate=False)
                return
        self.call_after_refresh(self.scroll_to_widget, self.query_one("#form-error"), animate=False)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """One line under each field in error ('' key: the form-level line above Send)."""
        for spec in self.specs:
            message = errors.get(spec.name, "")
            self._set_error(spec.name, message)
            widget = self.query_one(f"#field-{spec.name}")
            widget.set_class(bool(message), "-invalid")
        form_error = errors.get("", "")
        stray = [f"{name}: {msg}" for name, msg in errors.items() if name and name not in self._by_name]
        self._say(
            "form-error",
            Content.styled("✗ " + "; ".join([form_error, *stray]).strip("; "), "$text-error")
            if form_error or stray else "",
        )

    def _say(self, static_id: str, content: Content | str) -> None:
        """Show a message line, or hide it when empty so blank lines do not eat the form's room."""
        line = self.query_one(f"#{static_id}", Static)
        line.update(content)
        line.display = bool(content)

    def _set_error(self, name: str, message: str) -> None:
        self._say(f"error-{name}", Content.styled(f"✗ {message}", "$text-error") if message else "")

    @property
    def progress(self) -> ProgressLine:
        return self.query_one("#progress", ProgressLine)

    # --- events -----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        spec = self._by_name.get(name)
        if spec is None:
            return
        result = event.validation_result
        message = "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)
        if not message and spec.max_length and len(event.value) >= spec.max_length:
            limit = Content.styled(f"limit reached: {spec.max_length} characters", "$text-warning")
            self._say(f"error-{name}", limit)
            return
        self._set_error(name, message)
        if not message:
            self._say("form-error", "")

    def on_text_area_changed(self, event: LimitedTextArea.Changed) -> None:
        """A multi-line field is checked as you type, like the single-line ones."""
        name = (event.text_area.id or "").removeprefix("field-")
        spec = self._by_name.get(name)
        if spec is None:
            return
        message = field_message(self.op, spec, event.text_area.text) or ""
        self._set_error(name, message)
        if not message:
            self._say("form-error", "")

    def on_select_changed(self, event: Select.Changed) -> None:
        if not (event.select.id or "").startswith("pick-") or event.value is Select.NULL:
            return
        event.stop()
        name = (event.select.id or "").removeprefix("pick-")
        self.query_one(f"#field-{name}", Input).value = str(event.value)


def _method_color(kind: str) -> str:
    return {"destructive": "error", "read": "success", "write": "accent"}[kind]
