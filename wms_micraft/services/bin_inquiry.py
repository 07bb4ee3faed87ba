"""Bin inquiry: what is where, how much, and how much is reserved.

Specification
-------------
One state, ``scan``: the operator scans

- a bin: one line per product / lot / package in it, quantity and reserved;
- a product: one line per bin holding it (internal bins of the warehouse);
- a lot: one line per bin holding it.

Anything else (unknown or malformed barcode, a task, a command other than
``cancel``) is refused with a message; an inquiry never changes the database.
"""

from . import messages
from .scenario import Scenario

MAX_LINES = 50


class BinInquiry(Scenario):
    name = "bin_inquiry"
    initial_state = "scan"

    def title(self):
        return self.env._("Bin inquiry")

    def on_scan(self, scan):
        if scan.kind == "command" and scan.command == "cancel":
            return self.on_action("cancel")
        refusal = self.check_kind(scan, ["bin", "product", "lot"])
        if refusal:
            return self.error(refusal)
        self.data = {"kind": scan.kind, "id": scan.record.id, "label": scan.record.display_name}
        if scan.kind == "bin":
            self.session.user_id.sudo().wms_last_bin_id = scan.record
        return self.render()

    def _quant_lines(self):
        kind, record_id = self.data.get("kind"), self.data.get("id")
        if not kind:
            return []
        domain = [("quantity", "!=", 0)]
        if kind == "bin":
            domain.append(("location_id", "=", record_id))
        else:
            domain += [("location_id.usage", "=", "internal"),
                       ("location_id.warehouse_id", "=", self.session.warehouse_id.id),
                       ("product_id" if kind == "product" else "lot_id", "=", record_id)]
        quants = self.env["stock.quant"].search_read(
            domain, ["location_id", "product_id", "lot_id", "package_id", "quantity", "reserved_quantity"],
            order="location_id, product_id, lot_id", limit=MAX_LINES)
        _ = self.env._
        lines = []
        for q in quants:
            where = q["product_id"][1] if kind == "bin" else q["location_id"][1]
            extra = [x[1] for x in (q["lot_id"], q["package_id"]) if x]
            lines.append({
                "label": where,
                "value": q["quantity"],
                "detail": " · ".join(extra + ([_("reserved %s", q["reserved_quantity"])] if q["reserved_quantity"] else [])),
            })
        return lines

    def render(self, message=None):
        screen = super().render(message)
        if message is None and self.data.get("kind") and not screen["lines"]:
            screen["message"] = messages.nothing_found(self.env, self.data["label"])
        return screen

    def _screen_scan(self):
        screen = {
            "instruction": self.env._("Scan a bin, a product or a lot."),
            "expect": ["bin", "product", "lot"],
            "lines": self._quant_lines(),
        }
        if self.data.get("label"):
            screen["title"] = self.env._("Bin inquiry: %s", self.data["label"])
        return screen
