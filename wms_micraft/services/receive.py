"""Receive: count what arrives on a receipt by scanning it, then validate it through Odoo.

Specification
-------------
``select``        scan the receipt (its name), or a product: the earliest open
                  receipt of this warehouse that expects the product is taken.
                  Taking a receipt starts its receive task: one open receive
                  task per receipt (a unique index), so a receipt another
                  operator is receiving is refused, naming them.
``scan_product``  scan a product of the receipt (a GS1 label may carry lot,
                  expiry and quantity). A product the receipt does not expect
                  is refused naming what it expects.
``scan_lot``      lot-tracked product and no lot in the scan: scan the lot
                  label or type the supplier's lot name. A new name creates
                  the lot at validation (with the GS1 expiry when one was
                  scanned); a lot on hold, or an expiry already past, is
                  refused. A serial number counts one unit at once and the
                  next serial is asked; a serial already counted on this
                  receipt, or already in stock, is refused.
``quantity``      scan each unit again or enter the quantity; more than the
                  receipt still expects of that product is refused. The count
                  is then kept and the next product is asked.

Counts live in the session until ``done``: then, in one step, the receipt's
move lines are rewritten from the counts (lots created where new; a count
is spread over the open moves of its product up to each one's demand, the
excess on the last, and written in the move's unit when it converts
exactly, as Odoo's ``_prepare_move_line_vals`` does), Odoo's
putaway is applied to them (``_apply_putaway_strategy``: the directed
putaway of wms_micraft where configured) and the receipt is validated with
``button_validate``: what was not counted goes to Odoo's backorder. Quants
and valuation are therefore exactly Odoo's.

Actions: ``quantity`` (value), ``done`` (validate what is counted),
``back``, ``cancel`` (forget the counts and give the receipt up; nothing
was written).
Every refused input returns the same screen with an error and changes nothing.
"""

from odoo import Command, fields

from ..models.wms_task import OPEN_STATES
from . import messages
from .scenario import Scenario


class Receive(Scenario):
    name = "receive"
    initial_state = "select"
    accepts = ("transfer",)

    @property
    def picking(self):
        return self.record("stock.picking", "picking_id")

    def title(self):
        name = self.data.get("picking_name")
        return self.env._("Receive %s", name) if name else self.env._("Receive")

    def allowed_actions(self):
        if self.state == "select":
            return ["cancel"]
        actions = ["cancel"]
        if self.state != "scan_product":
            actions.append("back")
        if self.state == "quantity":
            actions.append("quantity")
        if self.data.get("counts"):
            actions.append("done")
        return actions

    # -- what the receipt expects ------------------------------------------------------
    def _expected(self, product):
        """Quantity of ``product`` the receipt still expects (demand less what is counted)."""
        moves = self.picking.move_ids.filtered(lambda m: m.product_id == product and m.state not in ("done", "cancel"))
        demand = sum(moves.mapped("product_qty"))
        counted = sum(c["qty"] for c in self.data.get("counts", []) if c["product_id"] == product.id)
        return demand - counted

    # -- scans ---------------------------------------------------------------------------
    def on_scan(self, scan):
        if scan.kind == "command":
            command = "quantity" if scan.command == "confirm" and self.state == "quantity" else scan.command
            if command in self.allowed_actions():
                return self.on_action(command)
        return getattr(self, f"_scan_{self.state}")(scan)

    def _scan_select(self, scan):
        refusal = self.check_kind(scan, ["transfer", "product"])
        if refusal:
            return self.error(refusal)
        if scan.kind == "transfer":
            picking = scan.record
            if picking._name != "stock.picking" or picking.picking_type_code != "incoming":
                return self.error(messages.not_a_receipt(self.env, picking.name))
            if picking.state in ("draft", "done", "cancel"):
                return self.error(messages.receipt_not_open(self.env, picking.name))
            refusal = self._putaway_tasks_refusal(picking) or self._take(picking)
            if refusal:
                return self.error(refusal)
            return self.render(messages.receipt_started(self.env, picking.name, len(picking.move_ids)))
        picking = self._receipt_for_product(scan.record)
        if not picking:
            return self.error(messages.no_receipt_for_product(self.env, scan.record.display_name,
                                                              self.session.warehouse_id.name))
        refusal = self._putaway_tasks_refusal(picking) or self._take(picking)
        if refusal:
            return self.error(refusal)
        return self._scan_scan_product(scan)

    def _receipt_for_product(self, product):
        """The earliest open receipt of this warehouse expecting ``product``, preferring those nobody receives."""
        Picking = self.env["stock.picking"]
        domain = [("picking_type_code", "=", "incoming"),
                  ("picking_type_id.warehouse_id", "=", self.session.warehouse_id.id),
                  ("state", "in", ("assigned", "confirmed", "waiting")), ("product_id", "=", product.id)]
        held = self.env["wms.task"].sudo()._search([
            ("task_type", "=", "receive"), ("state", "in", OPEN_STATES), ("user_id", "!=", self.env.uid),
            ("picking_id", "!=", False)]).subselect("picking_id")
        return (Picking.search(domain + [("id", "not in", held)], order="scheduled_date, id", limit=1)
                or Picking.search(domain, order="scheduled_date, id", limit=1))

    def _putaway_tasks_refusal(self, picking):
        """A one-step receipt planned into putaway tasks is received by storing it (putaway scenario)."""
        tasks = self.env["wms.task"].sudo().search([
            ("task_type", "=", "putaway"), ("state", "not in", ("done", "cancel")),
            ("move_line_ids", "in", picking.move_line_ids.ids)], limit=1)
        return messages.receipt_by_putaway(self.env, picking.name, tasks.name) if tasks else None

    def _take(self, picking, task=None):
        """Take ``picking`` with its receive task; the refusal message when another operator receives it."""
        if not task:
            # Operators may not create tasks in general, only take a receipt they can read.
            picking.check_access("read")
            task = self.env["wms.task"].sudo()._receive_task_for(picking.sudo(), self.env.user)
        if task.user_id != self.env.user:
            return messages.receipt_being_received(self.env, picking.name, task.user_id.name)
        self.data.update(picking_id=picking.id, picking_name=picking.name, counts=[], task_id=task.id)
        self.state = "scan_product"
        return None

    def start(self, task=None, **params):
        """Opened directly, or from "my next task" with a receive task (e.g. one a supervisor assigned)."""
        self.state, self.data = self.initial_state, {}
        if not task:
            return self.render()
        task.action_start()
        refusal = self._take(task.picking_id, task)
        return self.render(refusal or messages.receipt_started(self.env, task.picking_id.name,
                                                               len(task.picking_id.move_ids)))

    def _scan_scan_product(self, scan):
        refusal = self.check_kind(scan, ["product", "lot"])
        if refusal:
            return self.error(refusal)
        product = scan.record if scan.kind == "product" else scan.record.product_id
        expected_products = self.picking.move_ids.product_id
        if product not in expected_products:
            return self.error(messages.product_not_on_receipt(
                self.env, product.display_name, self.data["picking_name"],
                ", ".join(expected_products[:5].mapped("display_name"))))
        if product.uom_id.compare(self._expected(product), 0) <= 0:
            return self.error(messages.over_quantity(self.env, scan.quantity or 1.0, 0.0, product.uom_id.name))
        self.data.update(product_id=product.id, lot_id=False, lot_name=False, expiry=False, qty=0.0)
        if product.tracking != "none":
            lot_refusal = self._take_lot(scan, product)
            if lot_refusal:
                return self.error(lot_refusal)
            if not (self.data["lot_id"] or self.data["lot_name"]):
                self.state = "scan_lot"
                return self.render(messages.lot_required(self.env, product.display_name))
            if product.tracking == "serial":
                return self._count_serial()
        return self._count(scan.quantity or 1.0)

    def _take_lot(self, scan, product):
        """Keep the lot of ``scan`` (existing or new name); the refusal message if it cannot be received."""
        expiry = scan.expiration_date
        if self.env["stock.lot"]._wms_expiry_passed(expiry):
            return messages.expiry_past(self.env, scan.lot_name or scan.raw, expiry.isoformat())
        lot = scan.record if scan.kind == "lot" else self.env["stock.lot"]
        if not lot and scan.lot_name:
            lot = self.env["stock.lot"]._wms_find(product, scan.lot_name, self.session.company_id)
        if product.tracking == "serial":
            refusal = self._serial_refusal(product, lot, lot.name or scan.lot_name, scan.quantity)
            if refusal:
                return refusal
        if lot:
            if lot.wms_hold:
                return messages.lot_held(self.env, lot.name, lot.wms_hold_reason)
            if lot._wms_is_expired():
                return messages.lot_expired(self.env, lot.name, lot.expiration_date.date().isoformat())
            self.data["lot_id"] = lot.id
        elif scan.lot_name:
            if product.use_expiration_date and not expiry and not product.expiration_time:
                # Odoo would date the new lot "expired now": the label's date is needed.
                return messages.expiry_required(self.env, scan.lot_name, product.display_name)
            self.data["lot_name"] = scan.lot_name
        if expiry:
            self.data["expiry"] = expiry.isoformat()
        return None

    def _scan_scan_lot(self, scan):
        product = self.product
        if scan.kind == "unknown" and not scan.gs1 and not scan.error:
            # A supplier's lot name typed or scanned from its own label: a new lot.
            scan.lot_name = scan.raw
        elif scan.kind == "product" and scan.record == product and scan.lot_name:
            pass
        else:
            refusal = self.check_kind(scan, ["lot"])
            if refusal:
                return self.error(refusal)
            if scan.record.product_id != product:
                return self.error(messages.wrong_product(self.env, scan.record.product_id.display_name,
                                                         product.display_name))
        refusal = self._take_lot(scan, product)
        if refusal:
            return self.error(refusal)
        if product.tracking == "serial":
            return self._count_serial()
        counted, self.data["qty"] = self.data.get("qty") or 0.0, 0.0
        return self._count(scan.quantity or counted or 1.0)

    def _scan_quantity(self, scan):
        product = self.product
        if scan.kind == "product" and scan.record == product and not scan.lot_name:
            return self._count(scan.quantity or 1.0)
        refusal = self.check_kind(scan, ["product"])
        if refusal:
            return self.error(refusal)
        return self.error(messages.wrong_product(self.env, scan.record.display_name, product.display_name))

    def _count(self, units):
        product = self.product
        quantity = (self.data.get("qty") or 0.0) + units
        expected = self._expected(product)
        if product.uom_id.compare(quantity, expected) > 0:
            return self.error(messages.over_quantity(self.env, quantity, expected, product.uom_id.name))
        self.data["qty"] = quantity
        self.state = "quantity"
        return self.render()

    # -- serial numbers: one unit each -----------------------------------------------------
    def _serial_refusal(self, product, lot, name, quantity):
        """Message refusing serial ``name`` (a label for several units, counted already, in stock), or None."""
        if not name:
            return None
        if quantity and product.uom_id.compare(quantity, 1.0) != 0:
            return messages.serial_one_unit(self.env, name, product.display_name, quantity)
        for count in self.data.get("counts", []):
            if count["product_id"] == product.id and (count["lot_name"] == name or lot and count["lot_id"] == lot.id):
                return messages.serial_counted(self.env, name, product.display_name, self.data["picking_name"])
        if lot:
            quants = self.env["stock.quant"].search([
                ("lot_id", "=", lot.id), ("quantity", ">", 0), ("location_id.usage", "in", ("internal", "transit"))])
            if quants:
                return messages.serial_in_stock(self.env, name, product.display_name,
                                                ", ".join(quants.location_id.mapped("display_name")))
        return None

    def _count_serial(self):
        """Count the serial just scanned as one unit; ask the next serial while the receipt expects more."""
        product = self.product
        if product.uom_id.compare(self._expected(product), 1.0) < 0:
            return self.error(messages.over_quantity(self.env, 1.0, self._expected(product), product.uom_id.name))
        message = self._record_count(product, 1.0)
        if product.uom_id.compare(self._expected(product), 0) > 0:
            self.data["product_id"] = product.id
            self.state = "scan_lot"
        return self.render(message)

    # -- actions --------------------------------------------------------------------------
    def action_quantity(self, value=None):
        product = self.product
        quantity, refusal = self.parse_quantity(value if value is not None else self.data.get("qty"),
                                                self._expected(product), product.uom_id)
        if refusal:
            return self.error(refusal)
        return self.render(self._record_count(product, quantity))

    def _record_count(self, product, quantity):
        """Keep the count of ``quantity`` (product unit) with the current lot; back to "scan a product"."""
        self.data.setdefault("counts", []).append({
            "product_id": product.id, "qty": quantity, "lot_id": self.data.get("lot_id") or False,
            "lot_name": self.data.get("lot_name") or False, "expiry": self.data.get("expiry") or False,
        })
        lot = self.data.get("lot_name") or self.env["stock.lot"].browse(self.data.get("lot_id") or []).name or ""
        self.data.update(product_id=False, lot_id=False, lot_name=False, expiry=False, qty=0.0)
        self.state = "scan_product"
        return messages.counted(self.env, quantity, product.uom_id.name, product.display_name, lot)

    def action_back(self, value=None):
        self.data.update(product_id=False, lot_id=False, lot_name=False, expiry=False, qty=0.0)
        self.state = "scan_product"
        return self.render()

    def action_cancel(self, value=None):
        self.task._receive_cancel()
        self.state, self.data = self.initial_state, {}
        return self.render(messages.cancelled(self.env))

    def action_done(self, value=None):
        picking, task = self.picking, self.task.sudo()
        picking.check_access("write")
        if picking.state in ("done", "cancel"):
            return self.error(messages.receipt_not_open(self.env, picking.name))
        if task.state not in OPEN_STATES or task.user_id != self.env.user:
            # Reassigned or closed by a supervisor meanwhile: these counts are not to be validated.
            return self.error(messages.receipt_being_received(self.env, picking.name, task.user_id.name))
        lines = self._write_counts(picking)
        task.write({"move_line_ids": [Command.set(lines.ids)]})
        backorder = picking._wms_validate_scanned()[:1]
        if task.state != "done":
            task._mark_done(sum(c["qty"] for c in self.data["counts"]))
        done = messages.received(self.env, picking.name, len(self.data["counts"]), backorder.name)
        self.state, self.data = self.initial_state, {}
        return self.render(done)

    def _write_counts(self, picking):
        """Replace the receipt's open move lines by the counted ones, then let Odoo's putaway place them.

        A count is spread over the open moves of its product (two purchase
        lines of one product are two moves) in order, each up to its demand
        less what is already picked on it, the excess on the last; each part
        is written in the move's unit when it converts exactly (Odoo's own
        ``_prepare_move_line_vals``), else in the product's.
        """
        counts = self.data["counts"]
        moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")).sorted(
            lambda m: (m.sequence, m.id))
        moves.move_line_ids.filtered(lambda ml: not ml.picked).unlink()
        room = {move.id: move.product_qty - sum(move.move_line_ids.mapped("quantity_product_uom")) for move in moves}
        vals_list = []
        for count in counts:
            product = self.env["product.product"].browse(count["product_id"])
            lot = self._count_lot(count, product, picking)
            product_moves = moves.filtered(lambda m: m.product_id == product)
            left = count["qty"]
            for index, move in enumerate(product_moves):
                last = index == len(product_moves) - 1
                take = left if last else min(left, max(room[move.id], 0.0))
                if product.uom_id.compare(take, 0.0) <= 0:
                    continue
                room[move.id] -= take
                left -= take
                vals_list.append(dict(move._prepare_move_line_vals(quantity=take), picked=True, lot_id=lot.id or False))
        lines = self.env["stock.move.line"].create(vals_list)
        lines._apply_putaway_strategy()
        return lines

    def _count_lot(self, count, product, picking):
        """The lot of ``count``: the scanned one, or the new name created now (with the label's expiry)."""
        Lot = self.env["stock.lot"]
        lot = Lot.browse(count["lot_id"] or [])
        if not lot and count["lot_name"]:
            lot = Lot._wms_find(product, count["lot_name"], picking.company_id)
            if not lot:
                lot = Lot._wms_create(product, count["lot_name"], fields.Date.from_string(count["expiry"]) or None,
                                      picking.company_id)
        return lot

    # -- screens ----------------------------------------------------------------------------
    def _count_rows(self):
        _ = self.env._
        rows = []
        Product = self.env["product.product"]
        for count in self.data.get("counts", []):
            product = Product.browse(count["product_id"])
            lot = count["lot_name"] or self.env["stock.lot"].browse(count["lot_id"] or []).name or ""
            rows.append({"label": _("Counted"), "value": f"{count['qty']:g} {product.uom_id.name}",
                         "detail": f"{product.display_name} {lot}".strip()})
        return rows

    def _progress(self):
        moves = self.picking.move_ids
        total = sum(moves.mapped("product_qty"))
        counted = sum(c["qty"] for c in self.data.get("counts", []))
        return {"done": counted, "total": total}

    def _screen_select(self):
        return {"instruction": self.env._("Scan the receipt, or a product arriving."),
                "expect": ["transfer", "product"]}

    def _screen_scan_product(self):
        return {"instruction": self.env._("Scan a product of %s.", self.data["picking_name"]),
                "expect": ["product", "lot"], "lines": self._count_rows(), "progress": self._progress()}

    def _screen_scan_lot(self):
        product = self.product
        instruction = (self.env._("Scan the serial number of the next %s.", product.display_name)
                       if product.tracking == "serial" else self.env._("Scan or type the lot of %s.", product.display_name))
        return {"instruction": instruction,
                "expect": ["lot"], "lines": self._count_rows(), "progress": self._progress()}

    def _screen_quantity(self):
        product = self.product
        _ = self.env._
        lot = self.data.get("lot_name") or self.env["stock.lot"].browse(self.data.get("lot_id") or []).name
        lines = [{"label": _("Product"), "value": product.display_name, "detail": product.barcode or ""}]
        if lot:
            lines.append({"label": _("Lot"), "value": lot, "detail": self.data.get("expiry") or ""})
        lines.append({"label": _("Counted"), "value": self.data.get("qty") or 0.0, "detail": product.uom_id.name})
        return {"instruction": _("Scan each unit or enter the quantity (at most %(max)s %(uom)s).",
                                 max=self._expected(product), uom=product.uom_id.name),
                "expect": ["quantity", "product"], "input": "quantity", "lines": lines,
                "progress": self._progress()}

