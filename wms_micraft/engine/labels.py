"""Warehouse bin labels: Code 128 barcodes as PDF (reportlab) or ZPL II text.

Plain Python, no Odoo import, so the rendering can be tested and timed
without a database; the Odoo layer only turns bins into plain dicts::

    {"name": "A-01-03-B", "barcode": "A0103B", "level": 3,
     "level_arrow": "up" | "down" | None, "zone": "Pick face",
     "zone_color": "#1f77b4" | None, "warehouse": "WH"}

Only ``name`` and ``barcode`` are required. ``level`` may be None (no level
block); ``zone_color`` None gives a white band with an outline.

The PDF bars are drawn as vector rectangles straight from
:func:`code128_modules`, i.e. python-barcode's encoding, so what is printed is
exactly what the tests decode. Text uses the standard PDF fonts (Helvetica),
which only cover Latin-1: bin names are expected to be ASCII-ish codes.

Layouts of :func:`render_pdf`:

* ``"single"``: one 100 x 50 mm page per label (label printers, roll media).
* ``"a4"``: A4 portrait, 2 columns x 7 rows of 99.1 x 38.1 mm labels
  (14 per page; the geometry of the common "L7163" label sheets: 4.65 mm
  side margins, 15.15 mm top/bottom margins, 2.5 mm column gap), filled row
  by row from the top left, as many pages as needed.
"""

import io
import re
from dataclasses import dataclass

import barcode
from barcode.errors import BarcodeError
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from .errors import EngineError

LAYOUTS = ("single", "a4")
ARROWS = ("up", "down")
QUIET_ZONE_MODULES = 10  # ISO/IEC 15417 minimum quiet zone, each side
LABEL_SIZE_MM = (100, 50)  # single PDF pages and ZPL labels
A4_COLUMNS, A4_ROWS = 2, 7
A4_PER_PAGE = A4_COLUMNS * A4_ROWS
_A4_LABEL = (99.1 * mm, 38.1 * mm)
_A4_MARGIN = (4.65 * mm, 15.15 * mm)  # left, top
_A4_GAP_X = 2.5 * mm
_FONT, _BOLD = "Helvetica", "Helvetica-Bold"
_CAP = 0.72  # Helvetica cap height / font size: centres text vertically
_BLACK, _WHITE = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)


class _Code128(barcode.get_barcode_class("code128")):
    """python-barcode's Code 128 without its leading-"99" bug.

    0.16.1 folds "START C + code-set switch" into a single start code but
    also takes a leading digit pair "99" (symbol value 99, same as CODE C)
    for a switch and drops it: "991234" is encoded as "1234", a valid
    barcode of ANOTHER bin (python-barcode issue #251, fixed upstream by
    PR #263). Only CODE B / CODE A after START C are folded here.
    """

    def _try_to_optimize(self, encoded):
        if encoded[0] == 105 and encoded[1:2] in ([100], [101]):  # START C, CODE B / CODE A
            encoded[:2] = [{100: 104, 101: 103}[encoded[1]]]  # START B / START A
        return encoded


@dataclass(frozen=True)
class _Label:
    name: str
    barcode: str
    modules: str
    level: str
    arrow: str  # "up", "down" or None
    zone: str
    color: tuple  # (r, g, b) in 0..1, or None
    warehouse: str


def code128_modules(value):
    """Return the Code 128 module string of ``value``: '1' bar, '0' space.

    The string WITHOUT quiet zones: it starts with the start character's first
    bar and ends with the stop pattern's final bar. Renderers add
    ``QUIET_ZONE_MODULES`` blank modules on each side. python-barcode picks
    the code sets (A/B/C) and appends the mod-103 checksum; ``_Code128``
    works around its one encoding bug.

    Raise ValueError for an empty value or characters outside ASCII 0-127:
    python-barcode would silently turn some Latin-1 letters (ñ, ó, ò, ô) into
    FNC function codes, which is never what a bin barcode means.
    """
    if not isinstance(value, str) or not value:
        raise EngineError("barcode_empty", f"Code 128 value must be a non-empty string, got {value!r}", "barcode")
    bad = "".join(sorted({ch for ch in value if ord(ch) > 127}))
    if bad:
        raise EngineError("barcode_not_ascii",
                          f"Code 128 cannot encode {bad!r} in {value!r}: only ASCII characters are allowed",
                          "barcode", barcode=value, characters=bad)
    try:
        return _Code128(value).build()[0]
    except BarcodeError as exc:
        raise EngineError("barcode_unencodable", f"Code 128 cannot encode {value!r}: {exc}", "barcode",
                          barcode=value) from exc


def parse_color(value):
    """``"#1f77b4"`` / ``"1f77b4"`` / ``"#17b"`` -> (r, g, b) floats in 0..1; None stays None."""
    if value is None or value is False:  # Odoo gives False for empty fields
        return None
    text = str(value).strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", text):
        raise EngineError("color_invalid", f"zone colour must be a hex colour like '#1f77b4', got {value!r}",
                          "zone_color", value=str(value))
    return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))


def readable_text_color(rgb):
    """Black or white, whichever contrasts more with ``rgb`` (WCAG luminance).

    The contrast ratio with black is (L + 0.05) / 0.05 and with white
    1.05 / (L + 0.05); comparing them avoids a magic threshold.
    """
    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
    return _BLACK if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else _WHITE


def _prepare(labels):
    """Validate every label before drawing anything: errors name the label."""
    labels = list(labels or ())
    if not labels:
        raise EngineError("no_labels", "labels: expected a non-empty list of label dicts", "labels")
    prepared = []
    for index, label in enumerate(labels):
        name = str(label.get("name") or "")
        try:
            arrow = label.get("level_arrow") or None
            if arrow not in (None,) + ARROWS:
                raise EngineError("arrow_invalid", f"level_arrow must be one of {ARROWS} or None, got {arrow!r}",
                                  "level_arrow", value=str(arrow), allowed=", ".join(ARROWS))
            level = label.get("level")
            value = label.get("barcode") or ""
            prepared.append(_Label(
                name=name,
                barcode=value,
                modules=code128_modules(value),
                level="" if level is None or level is False else str(level),
                arrow=arrow,
                zone=str(label.get("zone") or ""),
                color=parse_color(label.get("zone_color")),
                warehouse=str(label.get("warehouse") or ""),
            ))
        except EngineError as exc:
            raise EngineError(exc.code, f"label #{index} ({name!r}): {exc}", exc.field,
                              **exc.params, label=name, index=index) from exc
    return prepared


# --- PDF ---------------------------------------------------------------------

def render_pdf(labels, layout="single", title="Warehouse bin labels"):
    """Render ``labels`` (list of dicts, see module docstring) to PDF bytes.

    ``layout``: ``"single"`` (one 100 x 50 mm page per label) or ``"a4"``
    (2 x 7 labels of 99.1 x 38.1 mm per A4 page). ``title`` is the PDF
    metadata title, shown by viewers in the window title and tab.
    """
    if layout not in LAYOUTS:
        raise EngineError("layout_invalid", f"unknown layout {layout!r}: allowed values are {', '.join(LAYOUTS)}",
                          "layout", value=str(layout), allowed=", ".join(LAYOUTS))
    items = _prepare(labels)
    buf = io.BytesIO()
    if layout == "single":
        size = (LABEL_SIZE_MM[0] * mm, LABEL_SIZE_MM[1] * mm)
        pdf = canvas.Canvas(buf, pagesize=size, pageCompression=1)
        for item in items:
            _draw_label(pdf, item, 0, 0, *size)
            pdf.showPage()
    else:
        pdf = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
        width, height = _A4_LABEL
        for index, item in enumerate(items):
            slot = index % A4_PER_PAGE
            if slot == 0 and index:
                pdf.showPage()
            row, col = divmod(slot, A4_COLUMNS)
            x = _A4_MARGIN[0] + col * (width + _A4_GAP_X)
            y = A4[1] - _A4_MARGIN[1] - (row + 1) * height
            _draw_label(pdf, item, x, y, width, height)
        pdf.showPage()
    pdf.setTitle(title)
    pdf.save()
    return buf.getvalue()


def _fit(text, font, size, width):
    """Largest font size <= ``size`` at which ``text`` fits in ``width``."""
    text_width = stringWidth(text, font, size)
    return size if text_width <= width else size * width / text_width


def _draw_label(pdf, item, x, y, w, h):
    """Draw one label in the box (x, y, w, h); all sizes scale with the box.

    From top to bottom: zone band (20 % of the height), bin name with the
    level block on its right (30 %), barcode with its text (the rest).
    """
    pad = 0.04 * h
    inner_w = w - 2 * pad

    # Zone band, filled with the zone colour; text black or white by luminance.
    band_h = 0.2 * h
    band_y = y + h - pad - band_h
    fill = item.color or _WHITE
    pdf.setFillColorRGB(*fill)
    pdf.setStrokeColorRGB(*_BLACK)
    pdf.setLineWidth(0.5)
    pdf.rect(x + pad, band_y, inner_w, band_h, stroke=int(item.color is None), fill=1)
    pdf.setFillColorRGB(*readable_text_color(fill))
    size = 0.55 * band_h
    text_y = band_y + (band_h - _CAP * size) / 2
    pdf.setFont(_BOLD, size)
    wh_width = stringWidth(item.warehouse, _BOLD, size)
    pdf.drawRightString(x + w - 2 * pad, text_y, item.warehouse)
    zone_size = _fit(item.zone, _BOLD, size, inner_w - 2 * pad - wh_width - (pad if wh_width else 0))
    pdf.setFont(_BOLD, zone_size)
    pdf.drawString(x + 2 * pad, text_y, item.zone)

    # Bin name, large, left; level arrow and number, right.
    pdf.setFillColorRGB(*_BLACK)
    row_h = 0.3 * h
    row_y = band_y - 0.02 * h - row_h
    level_w = 0.28 * w if item.level else 0
    size = _fit(item.name, _BOLD, 0.8 * row_h, inner_w - level_w)
    pdf.setFont(_BOLD, size)
    pdf.drawString(x + pad, row_y + (row_h - _CAP * size) / 2, item.name)
    if item.level:
        side = 0.55 * row_h
        left = x + w - pad - level_w + 0.1 * level_w
        if item.arrow:
            bottom = row_y + (row_h - side) / 2
            tip, base = (bottom + side, bottom) if item.arrow == "up" else (bottom, bottom + side)
            path = pdf.beginPath()
            path.moveTo(left, base)
            path.lineTo(left + side, base)
            path.lineTo(left + side / 2, tip)
            path.close()
            pdf.drawPath(path, stroke=0, fill=1)
            left += side + 0.08 * level_w
        size = _fit(item.level, _BOLD, 0.7 * row_h, x + w - pad - left)
        pdf.setFont(_BOLD, size)
        pdf.drawString(left, row_y + (row_h - _CAP * size) / 2, item.level)

    # Barcode: one filled rectangle per bar, quiet zones left blank.
    text_size = 0.075 * h
    bars_y = y + pad + 1.3 * text_size
    bars_h = row_y - 0.04 * h - bars_y
    module = inner_w / (len(item.modules) + 2 * QUIET_ZONE_MODULES)
    bars_x = x + pad + QUIET_ZONE_MODULES * module
    for bar in re.finditer("1+", item.modules):
        pdf.rect(bars_x + bar.start() * module, bars_y, (bar.end() - bar.start()) * module, bars_h, stroke=0, fill=1)
    pdf.setFont(_FONT, _fit(item.barcode, _FONT, text_size, inner_w))
    pdf.drawCentredString(x + w / 2, y + pad, item.barcode)


# --- ZPL ---------------------------------------------------------------------

def render_zpl(labels, dpi=203):
    """Render ``labels`` to ZPL II: one ``^XA ... ^XZ`` block per 100 x 50 mm label.

    ``dpi``: printer resolution (203, 300 or 600 on Zebra printers); the
    label is ``^PW`` x ``^LL`` = floor(100 mm) x floor(50 mm) in dots, so it
    never exceeds the media. Field data is written with ``^FH`` hex escapes
    for ``^``, ``~`` and ``_`` (ZPL command prefixes and the escape itself),
    control and non-ASCII characters (UTF-8 bytes, with ``^CI28``).

    Thermal printers are monochrome: a dark zone colour prints as a solid
    black band with reversed text, a light or missing one as an outline.
    The barcode uses ``^BC`` automatic mode: the printer chooses the code
    sets itself, so the symbol decodes to the same value as the PDF one but
    may differ from it module for module.
    """
    if not isinstance(dpi, int) or dpi <= 0:
        raise EngineError("dpi_invalid", f"dpi must be a positive integer, got {dpi!r}", "dpi", value=str(dpi))
    return "".join(_zpl_label(item, dpi) for item in _prepare(labels))


def _zpl_escape(text, backslash=False):
    """Escape field data for ``^FH`` (escape character ``_``).

    ``backslash``: also double ``\\`` for ``^FB`` fields, where ``\\&`` is a
    line break.
    """
    out = []
    for ch in text:
        if ch in "^~_" or not " " <= ch <= "~":
            out.append("".join(f"_{byte:02X}" for byte in ch.encode("utf-8")))
        else:
            out.append("\\\\" if backslash and ch == "\\" else ch)
    return "".join(out)


def _zpl_font(text, max_h, width):
    """Font 0 height that fits ``text`` in ``width`` dots (about 0.6 h per char)."""
    return max(10, min(max_h, int(width / (0.6 * max(len(text), 1)))))


def _zpl_triangle(size, up):
    """``^GF`` bitmap of a filled isosceles triangle, ``size`` dots wide and high.

    ZPL has no polygon command; a bitmap keeps the arrow a single field.
    """
    per_row = (size + 7) // 8
    rows = []
    for row in range(size):
        width = row + 1 if up else size - row
        left = (size - width) // 2
        bits = ((1 << width) - 1) << (per_row * 8 - left - width)
        rows.append(f"{bits:0{per_row * 2}X}")
    total = per_row * size
    return f"^GFA,{total},{total},{per_row},{''.join(rows)}"


def _zpl_label(item, dpi):
    def d(mm_value):
        return round(mm_value * dpi / 25.4)

    width, height = (int(v * dpi / 25.4) for v in LABEL_SIZE_MM)
    dark = item.color is not None and readable_text_color(item.color) == _WHITE
    reverse = "^FR" if dark else ""
    zone_h = _zpl_font(item.zone, d(6), d(62))
    name_h = _zpl_font(item.name, d(12), d(68))
    text_h = _zpl_font(item.barcode, d(5), d(96))
    quiet_total = len(item.modules) + 2 * QUIET_ZONE_MODULES
    module = min(10, d(96) // quiet_total)
    if module < 1:
        raise EngineError("barcode_too_long", f"barcode {item.barcode!r} is too long for a 100 mm label at {dpi} dpi",
                          "barcode", barcode=item.barcode, dpi=dpi, label=item.name)
    bar_h = d(13)
    lines = ["^XA", "^CI28", f"^PW{width}", f"^LL{height}", "^LH0,0",
             f"^FO{d(2)},{d(2)}^GB{d(96)},{d(9)},{d(9) if dark else 3}^FS"]
    if item.zone:
        lines.append(f"^FO{d(4)},{d(3.5)}^A0N,{zone_h},{zone_h}{reverse}^FH^FD{_zpl_escape(item.zone)}^FS")
    if item.warehouse:
        lines.append(f"^FO{d(66)},{d(3.5)}^A0N,{d(6)},{d(6)}^FB{d(30)},1,0,R{reverse}"
                     f"^FH^FD{_zpl_escape(item.warehouse, backslash=True)}^FS")
    lines.append(f"^FO{d(3)},{d(13)}^A0N,{name_h},{name_h}^FH^FD{_zpl_escape(item.name)}^FS")
    if item.level:
        if item.arrow:
            lines.append(f"^FO{d(74)},{d(14)}{_zpl_triangle(d(9), item.arrow == 'up')}^FS")
        level_h = _zpl_font(item.level, d(10), d(13))
        lines.append(f"^FO{d(85)},{d(13.5)}^A0N,{level_h},{level_h}^FH^FD{_zpl_escape(item.level)}^FS")
    # Our own text field rather than the ^BC interpretation line, so the
    # human-readable size and position are set here, not by the firmware.
    lines += [
        f"^BY{module},2,{bar_h}",
        f"^FO{(width - module * len(item.modules)) // 2},{d(27)}"
        f"^BCN,{bar_h},N,N,N,A^FH^FD{_zpl_escape(item.barcode)}^FS",
        f"^FO{d(2)},{d(41.5)}^A0N,{text_h},{text_h}^FB{d(96)},1,0,C"
        f"^FH^FD{_zpl_escape(item.barcode, backslash=True)}^FS",
        "^XZ",
    ]
    return "\n".join(lines) + "\n"
