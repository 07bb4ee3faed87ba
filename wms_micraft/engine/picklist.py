"""Printed pick list: the lines of a transfer or batch in walking order.

Plain Python (reportlab, no Odoo): the caller passes the lines already in
route order and a subtitle (translated by the caller) with the route length
beside the length of Odoo's order.
"""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

COLUMNS = ("#", "Bin", "Product", "Lot", "Qty", "✓")


def render_picklist(title, lines, headers=None, subtitle=""):
    """PDF bytes of an A4 pick list.

    :param lines: dicts with ``sequence, bin, product, lot, quantity, uom``, in walking order
    :param headers: column titles (translated by the caller), default English
    """
    if not lines:
        raise ValueError("a pick list needs at least one line")
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title)
    story = [Paragraph(title, styles["Title"])]
    if subtitle:
        story.append(Paragraph(subtitle, styles["Normal"]))
    story.append(Spacer(1, 4 * mm))
    rows = [list(headers or COLUMNS)]
    for line in lines:
        quantity = line["quantity"]
        quantity = f"{quantity:g} {line.get('uom') or ''}".strip()
        rows.append([str(line["sequence"]), line["bin"], Paragraph(line["product"], styles["Normal"]),
                     line.get("lot") or "", quantity, ""])
    table = Table(rows, colWidths=[10 * mm, 42 * mm, 78 * mm, 25 * mm, 22 * mm, 9 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTSIZE", (1, 1), (1, -1), 12),
        ("FONTNAME", (1, 1), (1, -1), "Helvetica-Bold"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F5F5")]),
    ]))
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
