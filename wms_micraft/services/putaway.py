"""Putaway: take the goods of a putaway task to the bins directed putaway chose.

Specification
-------------
A ``putaway`` task (from "my next task", or a scanned task barcode) holds the
planned move lines of a receipt (one-step reception: the receipt's own lines)
or of a storage transfer (two/three steps: goods waiting at Input). Each line
is planned to a bin by the engine; the operator works through them in order.
Progress lives in those lines (a stored part is a ``picked`` line), so a
session can be resumed by anyone.

``scan_bin``      go to the bin of the next line and scan it. Another bin is
                  accepted only if it passes the engine's own rules for this
                  product and lot (not blocked, same temperature class,
                  quarantine only for goods on hold, empty/same-product
                  category rules, no lot of another expiry, room for at least
                  one unit); the suggestion then records where and why
                  ("stored in X instead of Y"). Refused otherwise, naming the
                  scanned bin, the broken rule and the suggested bin.
``scan_product``  scan the product, its lot, or a GS1 string (product + lot
                  [+ expiry] [+ quantity]). The product must be the task's; a
                  lot must be the line's lot. On a receipt line without a lot
                  yet, a lot of the product is selected, or created when the
                  operation type creates lots (GS1 (17) sets its expiry). Held
                  lots are refused except into a quarantine bin; expired lots
                  are refused.
``scan_lot``      a lot-tracked product scanned without its lot: scan the lot.
``quantity``      enter the quantity (action ``quantity``) or scan the product
                  again (one more each time; a GS1 count adds that count). At
                  most what is left on the line and, in another bin, what the
                  bin has room for. Confirming stores it: the stored part
                  becomes a picked line to that bin. When the whole task is
                  stored, its lines are validated through Odoo
                  (``button_validate`` on the task's own moves: quants and
                  valuation are Odoo's) and the session returns to "my next
                  task"; otherwise the operator goes on to the next bin.

Actions: ``full`` (``WMS:FULL``, in every state): the current bin is full:
the rest of the line is planned again by the engine, never into a bin
declared full in this task, and the replaced suggestion records why.
``done``: validate what is stored now; the rest stays in an Odoo backorder
(planned again, with a new task). ``back``, ``quantity`` (value),
``release`` (give the task back, stored parts stay stored).
Every refused input returns the same screen with an error message and
changes nothing in the database.
"""

from . import messages
from .scenario import Scenario


class Putaway(Scenario):
    name = "putaway"
    initial_state = "scan_bin"

    # -- records from data -------------------------------------------------------
    @property
    def bin(self):
        return self.record("stock.location", "bin_id")

    @property
    def line(self):
        """The line being put away: the task's first line not stored yet."""
        return self.task._wms_todo_lines()[:1]

    def title(self):
        return self.env._("Putaway %(task)s", task=self.task.name or "")

    # -- start -------------------------------------------------------------------
    def start(self, task=None, **params):
        if not task:  # putaway always works on a task: take one from the queue
            return self.switch("next_task")
        self.state, self.data = self.initial_state, {"task_id": task.id, "full": []}
        task.action_start()
        return self.render(messages.task_claimed(self.env, task.name))

    def allowed_actions(self):
        actions = []
        if self.state != "scan_bin":
            actions.append("back")
        if self.state == "quantity":
            actions.append("quantity")
        if self.line:
            actions.append("full")
        if self.task._wms_placed_quantity():
            actions.append("done")
        actions += ["pause", "release"]
        return actions

    def action_labels(self):
        labels = super().action_labels()
        labels.update(full=self.env._("Bin full"), done=self.env._("Done: validate"))
        return labels

    # -- scans ---------------------------------------------------------------------
    def on_scan(self, scan):
        if scan.kind == "command" and scan.command in ("back", "release", "full", "done") \
                and scan.command in self.allowed_actions():
            return self.on_action(scan.command)
        return getattr(self, f"_scan_{self.state}")(scan)

    def _scan_scan_bin(self, scan):
        refusal = self.check_kind(scan, ["bin"])
        if refusal:
            return self.error(refusal)
        line, location = self.line, scan.record
        if not line:
            return self.error(messages.nothing_found(self.env, self.task.name))
        suggested = line.location_dest_id
        if location != suggested:
            refusal = self._bin_refusal(location, line)
            if refusal:
                return self.error(refusal)
        self.data.update(bin_id=location.id, product_id=False, lot_id=False, quantity=0.0)
        self.session.user_id.sudo().wms_last_bin_id = location
        self.state = "scan_product"
        return self.render(messages.bin_scanned(self.env, location.display_name))

    def _bin_refusal(self, location, line):
        """The message refusing ``location`` for the line, or None (the engine's rules, see docstring)."""
        reasons = messages.putaway_refusal_reasons(self.env)
        expected = line.location_dest_id.display_name
        if location.id in self.data.get("full", []):
            return messages.bin_refused(self.env, location.display_name, reasons["capacity"], expected)
        area = line.move_id.location_dest_id
        reason, _room = area._wms_check_bin(location, line.product_id, line.quantity_product_uom,
                                            lot=line.lot_id or None, exclude_sml_ids=line.ids)
        if reason:
            return messages.bin_refused(self.env, location.display_name, reasons[reason], expected)
        return None

    def _scan_scan_product(self, scan):
        line = self.line
        product, refusal = self.scanned_product(scan, line.product_id)
        if refusal:
            return self.error(refusal)
        self.data.update(product_id=product.id, lot_id=False, quantity=0.0)
        lot_scanned = scan.kind == "lot" or scan.lot_name
        if lot_scanned:
            lot, refusal = self._lot_from_scan(scan, line)
            if refusal:
                return self.error(refusal)
            self.data["lot_id"] = lot.id
        elif product.tracking != "none" and not line.lot_id:
            self.state = "scan_lot"
            return self.render(messages.lot_required(self.env, product.display_name))
        self.state = "quantity"
        if scan.quantity:
            return self._set_quantity(scan.quantity)
        return self.render()

    def _scan_scan_lot(self, scan):
        line = self.line
        product, refusal = self.scanned_product(scan, line.product_id, kinds=("lot", "product"))
        if refusal:
            return self.error(refusal)
        if scan.kind == "product" and not scan.lot_name:
            return self.error(messages.wrong_kind(self.env, scan.raw, scan.kind, ["lot"]))
        lot, refusal = self._lot_from_scan(scan, line)
        if refusal:
            return self.error(refusal)
        self.data["lot_id"] = lot.id
        self.state = "quantity"
        if scan.quantity:
            return self._set_quantity(scan.quantity)
        return self.render()

    def _lot_from_scan(self, scan, line):
        """(lot, None) for a scanned lot the line may take, or (None, message refusing it)."""
        Lot = self.env["stock.lot"]
        lot = scan.record if scan.kind == "lot" else Lot._wms_find(line.product_id, scan.lot_name, line.company_id)
        name = lot.name or scan.lot_name
        if line.lot_id and lot != line.lot_id:
            return None, messages.wrong_lot(self.env, name, line.lot_id.name)
        if not lot:
            expiry = scan.expiration_date
            if Lot._wms_expiry_passed(expiry):
                return None, messages.lot_expired(self.env, name, expiry.isoformat())
            picking_type = line.picking_id.picking_type_id
            if not picking_type.use_create_lots:
                return None, messages.lot_unknown_not_created(self.env, name, picking_type.display_name)
            lot = Lot._wms_create(line.product_id, name, expiry, line.company_id)
        refusal = self.lot_refusal(lot)
        if refusal and not (lot.wms_hold and not lot._wms_is_expired() and self.bin.wms_zone_id.zone_type == "quarantine"):
            return None, refusal
        if not line.lot_id:
            # The bin was chosen (or scanned) before the lot was known: the lot's own
            # rules (expiry mix, quarantine) are checked now, on the same terms.
            reason, _room = line.move_id.location_dest_id._wms_check_bin(
                self.bin, line.product_id, line.quantity_product_uom, lot=lot, exclude_sml_ids=line.ids)
            if reason:
                return None, messages.bin_refused(self.env, self.bin.display_name,
                                                  messages.putaway_refusal_reasons(self.env)[reason],
                                                  line.location_dest_id.display_name)
        return lot, None

    def _scan_quantity(self, scan):
        if scan.kind == "product" and scan.record == self.product and not scan.lot_name:
            return self._set_quantity(self.data.get("quantity", 0.0) + (scan.quantity or 1.0))
        if scan.kind == "lot" and scan.record == self.lot:
            return self._set_quantity(self.data.get("quantity", 0.0) + (scan.quantity or 1.0))
        refusal = self.check_kind(scan, ["product"])
        if refusal:
            return self.error(refusal)
        return self.error(messages.wrong_product(self.env, scan.record.display_name, self.product.display_name))

    def _maximum(self):
        """What may be stored now: what is left on the line, and what another bin has room for."""
        line, location = self.line, self.bin
        maximum = line.quantity_product_uom
        if location != line.location_dest_id:
            _reason, room = line.move_id.location_dest_id._wms_check_bin(
                location, line.product_id, maximum, lot=self.lot or line.lot_id or None, exclude_sml_ids=line.ids)
            maximum = min(maximum, room)
        return maximum

    def _set_quantity(self, quantity, confirm=False):
        quantity, refusal = self.parse_quantity(quantity, self._maximum(), self.product.uom_id)
        if refusal:
            return self.error(refusal)
        self.data["quantity"] = quantity
        if confirm:
            return self._store(quantity)
        return self.render()

    def action_quantity(self, value=None):
        return self._set_quantity(value if value is not None else self.data.get("quantity"), confirm=True)

    def _store(self, quantity):
        task, line, location = self.task, self.line, self.bin
        suggested = line.location_dest_id
        placed = task._wms_place(line, location, quantity, lot=self.lot or None)
        if location != suggested:
            self.env["stock.location"]._wms_lock_bins([location.id])
            placed.wms_putaway_suggestion_ids.sudo().write({"reason": messages.reason_other_bin(
                self.env, location.display_name, suggested.display_name, self.env.user.name)})
        done = messages.stored(self.env, quantity, self.product.uom_id.name, self.product.display_name,
                               location.display_name)
        self.data.update(bin_id=False, product_id=False, lot_id=False, quantity=0.0)
        self.state = "scan_bin"
        if not task._wms_todo_lines():
            return self._validate()
        return self.render(done)

    # -- actions -------------------------------------------------------------------
    def action_full(self, value=None):
        line = self.line
        full_bin = self.bin or line.location_dest_id
        self.data["full"] = sorted(set(self.data.get("full", [])) | {full_bin.id})
        reason = messages.reason_bin_full(self.env, full_bin.display_name, self.env.user.name)
        following = self.task._wms_replan(line, self.data["full"], reason)
        self.data.update(bin_id=False, product_id=False, lot_id=False, quantity=0.0)
        self.state = "scan_bin"
        if following.location_dest_id.wms_is_bin:
            return self.render(messages.bin_full_replanned(self.env, full_bin.display_name,
                                                           following.location_dest_id.display_name))
        return self.render(messages.no_bin_left(self.env, following.quantity_product_uom,
                                                following.product_id.uom_id.name, following.product_id.display_name))

    def action_done(self, value=None):
        if not self.task._wms_placed_quantity():
            return self.error(messages.nothing_stored(self.env, self.task.name))
        return self._validate()

    def _validate(self):
        task = self.task
        picking = task._wms_validate_putaway()
        return self.switch("next_task", message=messages.putaway_validated(self.env, task.name, picking.name))

    def action_back(self, value=None):
        previous = {"scan_product": "scan_bin", "scan_lot": "scan_product", "quantity": "scan_product"}
        self.state = previous.get(self.state, self.initial_state)
        if self.state == "scan_bin":
            self.data["bin_id"] = False
        return self.render()

    # -- screens ------------------------------------------------------------------------
    def _lines(self):
        _ = self.env._
        line, task = self.line, self.task
        rows = []
        if line:
            rows.append({"label": _("Product"), "value": line.product_id.display_name, "detail": ""})
            if line.lot_id or self.lot:
                rows.append({"label": _("Lot"), "value": (self.lot or line.lot_id).name, "detail": ""})
            rows.append({"label": _("To store here"), "value": line.quantity_product_uom,
                         "detail": line.product_id.uom_id.name})
        if self.bin:
            rows.append({"label": _("Bin"), "value": self.bin.display_name, "detail": ""})
        if self.data.get("quantity"):
            rows.append({"label": _("Quantity"), "value": self.data["quantity"], "detail": self.product.uom_id.name})
        rows.append({"label": _("Left in task"), "value": sum(task._wms_todo_lines().mapped("quantity_product_uom")),
                     "detail": ""})
        return rows

    def _common(self, screen):
        task = self.task
        screen["task"] = task._summary()
        screen["progress"] = {"done": task._wms_placed_quantity(), "total": task.quantity}
        screen["lines"] = self._lines()
        return screen

    def _screen_scan_bin(self):
        _ = self.env._
        line = self.line
        if not line:
            instruction = _("Everything is stored: press Done to validate.")
        elif line.location_dest_id.wms_is_bin:
            instruction = _("Go to bin %s and scan it.", line.location_dest_id.display_name)
        else:
            instruction = _("No bin was found for the rest: scan a bin that can take it, or press Done.")
        return self._common({"instruction": instruction, "expect": ["bin"]})

    def _screen_scan_product(self):
        _ = self.env._
        return self._common({"instruction": _("Scan %s.", self.line.product_id.display_name),
                             "expect": ["product", "lot"]})

    def _screen_scan_lot(self):
        _ = self.env._
        line = self.line
        instruction = _("Scan lot %s.", line.lot_id.name) if line.lot_id else _("Scan the lot.")
        return self._common({"instruction": instruction, "expect": ["lot"]})

    def _screen_quantity(self):
        _ = self.env._
        return self._common({
            "instruction": _("Enter the quantity stored in %(bin)s (at most %(max)s %(uom)s), or scan each unit.",
                             bin=self.bin.display_name, max=self._maximum(), uom=self.product.uom_id.name),
            "expect": ["quantity", "product"],
            "input": "quantity",
        })
