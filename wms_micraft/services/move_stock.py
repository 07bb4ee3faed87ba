"""Move stock: take a quantity of a product (and lot) from one bin to another.

Specification
-------------
States and what the operator does in each:

``scan_source``       scan the bin to take from (a blocked bin can be emptied).
``scan_product``      scan the product, or its lot, or a GS1 string carrying
                      product + lot (+ quantity). The product must be available
                      (not reserved) in the source bin.
``scan_lot``          lot-tracked product: scan the lot. A held lot, an
                      expired lot, or a lot that is not in the bin is refused.
``quantity``          enter the quantity (action ``quantity`` with a value) or
                      scan the product again: each scan adds one. More than
                      is available (or, for a task, reserved) is refused.
``scan_destination``  scan the bin to put into; it must differ from the
                      source, not be blocked, and pass the capacity rules
                      (``_check_can_be_used``). The move is then validated
                      through Odoo (an internal transfer, ``button_validate``),
                      so quants and valuation are Odoo's own.

Directed mode (a ``move`` task from the queue): every scan must match the
task: wrong bin / product / lot / destination are refused naming what was
expected; a smaller quantity is a short move and the rest stays in an Odoo
backorder. When done, the session goes back to "my next task".

Actions: ``cancel`` (start again, nothing moved), ``back`` (one step back),
``quantity`` (value), ``release`` (directed: give the task back).
Every refused input returns the same screen with an error message and
changes nothing in the database.
"""

from odoo import Command

from . import messages
from .scenario import Scenario

STEPS = ("scan_source", "scan_product", "scan_lot", "quantity", "scan_destination")


class MoveStock(Scenario):
    name = "move_stock"
    initial_state = "scan_source"

    # -- records from data -------------------------------------------------------
    @property
    def source(self):
        return self.record("stock.location", "source_id")

    def title(self):
        task = self.task
        return self.env._("Move %(task)s", task=task.name) if task else self.env._("Move stock")

    # -- start -------------------------------------------------------------------
    def start(self, task=None, **params):
        self.state, self.data = self.initial_state, {}
        if task:
            task.action_start()
            self.data["task_id"] = task.id
        return self.render(messages.task_claimed(self.env, task.name) if task else None)

    def allowed_actions(self):
        actions = ["cancel"]
        if self.state != "scan_source":
            actions.append("back")
        if self.state == "quantity":
            actions.append("quantity")
        if self.task:
            actions += ["pause", "release"]
        return actions

    # -- availability --------------------------------------------------------------
    def _available(self, product, location, lot=None):
        """Unreserved quantity of product (and lot) in the bin; for a task, what the task reserved."""
        task = self.task
        if task:
            return sum(task.move_line_ids.mapped("quantity_product_uom"))
        domain = [("product_id", "=", product.id), ("location_id", "=", location.id)]
        if lot:
            domain.append(("lot_id", "=", lot.id))
        groups = self.env["stock.quant"]._read_group(domain, [], ["quantity:sum", "reserved_quantity:sum"])
        quantity, reserved = groups[0] if groups else (0.0, 0.0)
        return (quantity or 0.0) - (reserved or 0.0)

    # -- scans ---------------------------------------------------------------------
    def on_scan(self, scan):
        if scan.kind == "command" and scan.command in ("cancel", "back", "release") and scan.command in self.allowed_actions():
            return self.on_action(scan.command)
        return getattr(self, f"_scan_{self.state}")(scan)

    def _scan_scan_source(self, scan):
        refusal = self.check_kind(scan, ["bin"])
        if refusal:
            return self.error(refusal)
        location = scan.record
        expected = self.task.location_id
        if expected and location != expected:
            return self.error(messages.wrong_bin(self.env, location.display_name, expected.display_name))
        self.data["source_id"] = location.id
        self.session.user_id.sudo().wms_last_bin_id = location
        self.state = "scan_product"
        return self.render(messages.bin_scanned(self.env, location.display_name))

    def _scan_scan_product(self, scan):
        refusal = self.check_kind(scan, ["product", "lot"])
        if refusal:
            return self.error(refusal)
        product = scan.record if scan.kind == "product" else scan.record.product_id
        lot = scan.record if scan.kind == "lot" else self.env["stock.lot"]
        if scan.kind == "product" and scan.lot_name:
            lot = self.env["stock.lot"]._wms_find(product, scan.lot_name, self.session.company_id)
            if not lot:
                return self.error(messages.lot_not_in_bin(self.env, scan.lot_name, self.source.display_name))
        expected = self.task.product_id
        if expected and product != expected:
            return self.error(messages.wrong_product(self.env, product.display_name, expected.display_name))
        if lot:
            refusal = self._check_lot(lot)
            if refusal:
                return self.error(refusal)
        elif self._available(product, self.source) <= 0:
            return self.error(messages.product_not_in_bin(self.env, product.display_name, self.source.display_name))
        self.data.update(product_id=product.id, lot_id=lot.id or False, quantity=0.0)
        if product.tracking != "none" and not lot:
            self.state = "scan_lot"
            return self.render(messages.lot_required(self.env, product.display_name))
        self.state = "quantity"
        if scan.quantity:
            return self._set_quantity(scan.quantity)
        return self.render()

    def _check_lot(self, lot):
        refusal = self.lot_refusal(lot)
        if refusal:
            return refusal
        expected = self.task.lot_id
        if expected and lot != expected:
            return messages.wrong_lot(self.env, lot.name, expected.name)
        if self._available(lot.product_id, self.source, lot) <= 0:
            return messages.lot_not_in_bin(self.env, lot.name, self.source.display_name)
        return None

    def _scan_scan_lot(self, scan):
        refusal = self.check_kind(scan, ["lot"])
        if refusal:
            return self.error(refusal)
        lot = scan.record
        if lot.product_id != self.product:
            return self.error(messages.wrong_product(self.env, lot.product_id.display_name, self.product.display_name))
        refusal = self._check_lot(lot)
        if refusal:
            return self.error(refusal)
        self.data["lot_id"] = lot.id
        self.state = "quantity"
        return self.render()

    def _scan_quantity(self, scan):
        # Each scan of the same product (or lot) counts one more unit.
        if scan.kind == "product" and scan.record == self.product and not scan.lot_name:
            return self._set_quantity(self.data.get("quantity", 0.0) + (scan.quantity or 1.0))
        if scan.kind == "lot" and scan.record == self.lot:
            return self._set_quantity(self.data.get("quantity", 0.0) + 1.0)
        refusal = self.check_kind(scan, ["product"])
        if refusal:
            return self.error(refusal)
        return self.error(messages.wrong_product(self.env, scan.record.display_name, self.product.display_name))

    def _set_quantity(self, quantity, confirm=False):
        maximum = self._available(self.product, self.source, self.lot or None)
        quantity, refusal = self.parse_quantity(quantity, maximum, self.product.uom_id)
        if refusal:
            return self.error(refusal)
        self.data["quantity"] = quantity
        if confirm:
            self.state = "scan_destination"
        return self.render()

    def action_quantity(self, value=None):
        return self._set_quantity(value if value is not None else self.data.get("quantity"), confirm=True)

    def _scan_scan_destination(self, scan):
        refusal = self.check_kind(scan, ["bin"])
        if refusal:
            return self.error(refusal)
        destination = scan.record
        expected = self.task.location_dest_id
        if expected and destination != expected:
            return self.error(messages.wrong_bin(self.env, destination.display_name, expected.display_name))
        if destination == self.source:
            return self.error(messages.same_bin(self.env, destination.display_name))
        # One read for both bins: Odoo reads the source again to reserve and move the stock.
        destination = destination.with_prefetch((destination | self.source)._ids)
        if destination.wms_blocked:
            return self.error(messages.bin_blocked(self.env, destination.display_name, destination.wms_block_reason))
        quantity = self.data["quantity"]
        if not self.task and not destination._check_can_be_used(self.product, quantity=quantity):
            return self.error(messages.bin_cannot_take(
                self.env, destination.display_name, quantity, self.product.display_name))
        refusal, parts = self._validation_refusal(quantity, destination)
        if refusal:
            return self.error(refusal)
        self._validate(destination, quantity, parts)
        done = messages.moved(self.env, quantity, self.product.uom_id.name, self.product.display_name,
                              self.source.display_name, destination.display_name)
        self.session.user_id.sudo().wms_last_bin_id = destination
        if self.task:
            self.task._mark_done(quantity)
            return self.switch("next_task", message=done)
        self.state, self.data = self.initial_state, {}
        return self.render(done)

    def action_back(self, value=None):
        previous = {"scan_product": "scan_source", "scan_lot": "scan_product", "quantity": "scan_product",
                    "scan_destination": "quantity"}
        self.state = previous.get(self.state, self.initial_state)
        return self.render()

    # -- validation through Odoo ------------------------------------------------------
    def _validation_refusal(self, quantity, destination):
        """(message, None) when ``quantity`` cannot be moved now, else (None, the source parts of a free move).

        Checked again at validation from Odoo's records, never from what the
        session stored: since the quantity was entered, the lot may have been
        put on hold or expired and the stock reserved or moved by others.
        """
        product, source, task = self.product, self.source, self.task
        for lot in task.move_line_ids.lot_id if task else self.lot:
            refusal = self.lot_refusal(lot)
            if refusal:
                return refusal, None
        parts = None
        if task:
            lines = task.move_line_ids.filtered(lambda line: line.state not in ("done", "cancel"))
            available = sum(lines.mapped("quantity_product_uom"))
        elif source.usage != "internal" or source.warehouse_id != self.session.warehouse_id:
            return messages.record_of_other_warehouse(
                self.env, source._name, source.complete_name, source.warehouse_id.name or "-",
                self.session.warehouse_id.name), None
        elif self.lot and self.lot.product_id != product:
            return messages.wrong_product(self.env, self.lot.product_id.display_name, product.display_name), None
        else:
            # Odoo's removal strategy (read here and by the transfer) and the bins' display
            # names walk up their parents one read per level: read all of them at once.
            parent_ids = {int(i) for bin_ in source | destination for i in bin_.parent_path.split("/")[:-1]}
            self.env["stock.location"].browse(parent_ids).mapped("removal_strategy_id")
            # What is free in the source's quants now (reserved or moved by others since the
            # quantity was entered is not), one part per quant: packages and owners kept.
            parts, missing = self._source_parts(quantity)
            available = quantity - missing
        if product.uom_id.compare(quantity, available) > 0:
            return messages.not_enough_in_bin(self.env, quantity, available, product.uom_id.name,
                                              product.display_name, source.display_name), None
        return None, parts

    def _validate(self, destination, quantity, parts=None):
        if self.task:
            picking = self._prepare_task_lines(destination, quantity)
        else:
            picking = self._prepare_free_transfer(destination, quantity, parts)
        # The lot was checked at scan time (not expired, not held); a lot past
        # its removal date may still be moved inside the warehouse.
        picking._wms_validate_scanned()
        return picking

    def _source_parts(self, quantity):
        """([(quant, quantity)], missing): the source's quants the move takes ``quantity`` from.

        One line per quant, so a unit taken out of a package, or owned by a
        consignor, leaves that package or owner in Odoo too (a line without
        them would take from loose own stock that is not there): loose own
        stock first, then packages, then consigned stock, oldest first; only
        what is not reserved.
        """
        domain = [("product_id", "=", self.product.id), ("location_id", "=", self.source.id),
                  ("lot_id", "=", self.lot.id or False)]
        quants = self.env["stock.quant"].search_fetch(
            domain, ["lot_id", "package_id", "owner_id", "quantity", "reserved_quantity", "in_date"])
        uom, left, parts = self.product.uom_id, quantity, []
        for quant in quants.sorted(lambda q: (bool(q.owner_id), bool(q.package_id), q.in_date, q.id)):
            take = min(quant.quantity - quant.reserved_quantity, left)
            if uom.compare(take, 0.0) > 0:
                parts.append((quant, take))
                left -= take
        return parts, max(left, 0.0)

    def _prepare_free_transfer(self, destination, quantity, parts):
        """A draft internal transfer whose one move already carries the picked lines (one per source quant).

        The move is created with its lines, so Odoo itself marks it assigned
        (``stock.move.line.create`` reserves the quants, ``_recompute_state``):
        no reservation pass that would pick its own lines (and apply putaway)
        only for ``_action_done`` to delete them again beside ours.
        """
        # (The bins' parents were read at once by _validation_refusal.)
        source, product = self.source, self.product
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.session.warehouse_id.int_type_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
        })
        self.env["stock.move"].create({
            "picking_id": picking.id,
            "product_id": product.id,
            "product_uom_qty": quantity,
            "product_uom": product.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "move_line_ids": [Command.create({
                "picking_id": picking.id,
                "product_id": product.id,
                "product_uom_id": product.uom_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "lot_id": self.lot.id or False,
                "package_id": quant.package_id.id,
                "owner_id": quant.owner_id.id,
                "quantity": part,
                "picked": True,
            }) for quant, part in parts],
        })
        return picking

    def _prepare_task_lines(self, destination, quantity):
        """Pick ``quantity`` from the task's reserved lines (a short move leaves the rest to a backorder)."""
        remaining = quantity
        for line in self.task.move_line_ids.sorted("id"):
            take = min(line.quantity, remaining)
            if take <= 0:
                line.unlink()
                continue
            line.write({"quantity": take, "picked": True, "location_dest_id": destination.id})
            remaining -= take
        return self.task.picking_id

    # -- screens ------------------------------------------------------------------------
    def _lines(self):
        _ = self.env._
        lines = []
        if self.source:
            lines.append({"label": _("From"), "value": self.source.display_name, "detail": ""})
        if self.product:
            lines.append({"label": _("Product"), "value": self.product.display_name, "detail": ""})
        if self.lot:
            lines.append({"label": _("Lot"), "value": self.lot.name, "detail": ""})
        if self.data.get("quantity"):
            lines.append({"label": _("Quantity"), "value": self.data["quantity"], "detail": self.product.uom_id.name})
        return lines

    def _directed(self, screen):
        task = self.task
        if task:
            screen["task"] = task._summary()
            screen["progress"] = {"done": STEPS.index(self.state), "total": len(STEPS)}
        return screen

    def _screen_scan_source(self):
        _ = self.env._
        task = self.task
        instruction = (_("Go to bin %s and scan it.", task.location_id.display_name) if task
                       else _("Scan the bin to take stock from."))
        return self._directed({"instruction": instruction, "expect": ["bin"], "lines": self._lines()})

    def _screen_scan_product(self):
        _ = self.env._
        task = self.task
        instruction = (_("Scan %s.", task.product_id.display_name) if task
                       else _("Scan the product (or its lot)."))
        return self._directed({"instruction": instruction, "expect": ["product", "lot"], "lines": self._lines()})

    def _screen_scan_lot(self):
        _ = self.env._
        task = self.task
        instruction = _("Scan lot %s.", task.lot_id.name) if task.lot_id else _("Scan the lot.")
        return self._directed({"instruction": instruction, "expect": ["lot"], "lines": self._lines()})

    def _screen_quantity(self):
        _ = self.env._
        maximum = self._available(self.product, self.source, self.lot or None)
        return self._directed({
            "instruction": _("Enter the quantity (at most %(max)s %(uom)s), or scan each unit.",
                             max=maximum, uom=self.product.uom_id.name),
            "expect": ["quantity", "product"],
            "input": "quantity",
            "lines": self._lines(),
        })

    def _screen_scan_destination(self):
        _ = self.env._
        task = self.task
        instruction = (_("Take it to bin %s and scan it.", task.location_dest_id.display_name) if task
                       else _("Scan the destination bin."))
        return self._directed({"instruction": instruction, "expect": ["bin"], "lines": self._lines()})
