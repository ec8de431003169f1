"""Reading colours off the rendered screen, and how well text on them reads (WCAG contrast).

Truecolor themes are measured as drawn. ANSI themes (ansi-dark, ansi-light) leave colours to the
terminal: they are measured in xterm's default palette, the terminal's default colours being the
ones the theme says it expects ($ansi-foreground on $ansi-background), so text drawn in the same
colour as its background (1:1) or in colours close in any usual palette fails as it should.
"""

from __future__ import annotations

from typing import Any

from rich.color import Color, ColorType
from rich.color_triplet import ColorTriplet
from rich.style import Style

XTERM_PALETTE = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
    (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
    (255, 0, 255), (0, 255, 255), (255, 255, 255),
]


Strips = list[Any]
"""The screen as rendered: one strip of styled segments per line (`rendered`)."""


def rendered(app: Any) -> Strips:
    """Render the app's current screen once, to read several cells from it."""
    return list(app.screen._compositor.render_strips())


def style_at(screen: Any, needle: str) -> Style:
    """The rendered style of the first cell of `needle` on screen (an app, or `rendered(app)`)."""
    strips = screen if isinstance(screen, list) else rendered(screen)
    for y, strip in enumerate(strips):
        index = "".join(segment.text for segment in strip).find(needle)
        if index >= 0:
            return style_of_cell(strips, index, y)
    raise AssertionError(f"{needle!r} is not on screen")


def style_of_cell(screen: Any, x: int, y: int) -> Style:
    """The rendered style of the cell at column `x` (in characters) of screen line `y`."""
    strips = screen if isinstance(screen, list) else rendered(screen)
    position = 0
    for segment in strips[y]:
        if position <= x < position + len(segment.text):
            assert segment.style is not None
            return segment.style
        position += len(segment.text)
    raise AssertionError(f"no cell at {x},{y}")


def _rgb(color: Color | None, default: str, app: Any) -> ColorTriplet:
    if color is None or color.type == ColorType.DEFAULT:
        variables = app.current_theme.variables if app is not None else {}
        fallback = "ansi_white" if default == "ansi-foreground" else "ansi_black"
        color = Color.parse(str(variables.get(default, fallback)).removeprefix("ansi_"))
    if color.type == ColorType.STANDARD and color.number is not None:
        return ColorTriplet(*XTERM_PALETTE[color.number])
    return color.get_truecolor()


def _luminance(rgb: ColorTriplet) -> float:
    channels = []
    for value in rgb:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(style: Style, app: Any = None) -> float:
    """WCAG contrast ratio between a rendered cell's text and its background (1 to 21). Pass the app
    for ANSI themes: its theme says which colours the terminal's defaults are."""
    text = _rgb(style.color, "ansi-foreground", app)
    background = _rgb(style.bgcolor, "ansi-background", app)
    if style.dim:  # the terminal draws it at about half intensity, toward the background
        text = ColorTriplet(*((t + b) // 2 for t, b in zip(text, background, strict=True)))
    light, dark = sorted((_luminance(text), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
