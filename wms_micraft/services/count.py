"""Count: a blind count of a bin, recorded as Odoo's own physical inventory.

Specification
-------------
``select``        (opened directly) scan the bin to count. From a ``count``
                  task (e.g. one a short pick or a refuted zero check created)
                  the bin is the task's.
``scan_bin``      (task) go to the bin and scan it; another bin is refused.
``scan_product``  scan what is in the bin: a product, a lot, or a GS1 label.
                  The count is blind: the screen never shows what Odoo
                  expects. A task for one product refuses other products.
                  ``empty`` declares the bin (or the task's product) empty.
``scan_lot``      lot-tracked product with no lot in the scan: scan the lot.
                  A lot Odoo does not know is refused (receive it instead).
                  A serial number counts one unit at once, and only once.
``quantity``      scan each unit or enter the quantity; the count is added to
                  what was already counted for that product and lot (the same
                  product may sit in two places of the bin).

``done`` ends the count: every quant of the bin (of the task's product) gets
the counted quantity as Odoo's ``inventory_quantity`` (0 when not found),
products found but unknown to Odoo there get a new counted quant. The count
is blind to packages and owners: several quants of one product and lot
(packages, consigned stock) each keep their quantity while the count covers
them, and the company's own loose stock takes the difference (see
``_spread_count``). Nothing
else is written: the warehouse's *count application* setting decides whether
the counts are applied at once (``action_apply_inventory``: Odoo's inventory
moves, Odoo's valuation) or wait in Odoo's Physical Inventory for a manager
to apply them. A bin count with no difference at all is applied whatever the
setting (it only records the count date); with the setting "a manager
applies", one difference keeps the whole bin's count waiting, the matching
lines included.

Actions: ``quantity`` (value), ``empty``, ``done``, ``back``, ``release``
(task) / ``cancel``. Every refused input changes nothing.
"""

from odoo import fields

from . import messages
from .scenario import Scenario


class Count(Scenario):
    name = "count"
    initial_state = "select"

    @property
    def location(self):
        return self.record("stock.location", "bin_id")

    def title(self):
        bin_name = self.data.get("bin_name")
        return self.env._("Count %s", bin_name) if bin_name else self.env._("Count")

    def start(self, task=None, **params):
        self.state, self.data = self.initial_state, {}
        if not task:
            return self.render()
        task.action_start()
        self.data.update(task_id=task.id, directed=True, bin_id=task.location_id.id,
                         bin_name=task.location_id.complete_name, only_product_id=task.product_id.id or False,
                         counts=[])
        self.state = "scan_bin"
        return self.render(messages.task_claimed(self.env, task.name))

    def allowed_actions(self):
        actions = ["pause", "release"] if self.data.get("directed") else ["cancel"]
        if self.state in ("scan_product", "scan_lot", "quantity"):
            actions.append("back")
        if self.state == "quantity":
            actions.append("quantity")
        if self.state == "scan_product":
            actions.append("empty" if not self.data.get("counts") else "done")
        return actions

    def action_labels(self):
        labels = super().action_labels()
        labels.update(empty=self.env._("Bin empty"), done=self.env._("Bin counted"))
        return labels

    # -- scans -----------------------------------------------------------------------
    def on_scan(self, scan):
        if scan.kind == "command":
            command = {"confirm": "quantity" if self.state == "quantity" else "done",
                       "cancel": "release" if self.data.get("directed") else "cancel"}.get(scan.command, scan.command)
            if command in self.allowed_actions():
                return self.on_action(command)
        return getattr(self, f"_scan_{self.state}")(scan)

    def _scan_select(self, scan):
        refusal = self.check_kind(scan, ["bin"])
        if refusal:
            return self.error(refusal)
        location = scan.record
        self.data.update(bin_id=location.id, bin_name=location.complete_name, counts=[], only_product_id=False)
        self.session.user_id.sudo().wms_last_bin_id = location
        self.state = "scan_product"
        return self.render(messages.bin_scanned(self.env, location.complete_name))

    def _scan_scan_bin(self, scan):
        refusal = self.check_kind(scan, ["bin"])
        if refusal:
            return self.error(refusal)
        if scan.record.id != self.data["bin_id"]:
            return self.error(messages.wrong_bin(self.env, scan.record.complete_name, self.data["bin_name"]))
        self.session.user_id.sudo().wms_last_bin_id = scan.record
        self.state = "scan_product"
        return self.render(messages.bin_scanned(self.env, self.data["bin_name"]))

    def _scan_scan_product(self, scan):
        refusal = self.check_kind(scan, ["product", "lot"])
        if refusal:
            return self.error(refusal)
        product = scan.record if scan.kind == "product" else scan.record.product_id
        only = self.env["product.product"].browse(self.data.get("only_product_id") or [])
        if only and product != only:
            return self.error(messages.count_other_product(self.env, product.display_name, only.display_name))
        lot = scan.record if scan.kind == "lot" else self.env["stock.lot"]
        if scan.kind == "product" and scan.lot_name:
            lot = self.env["stock.lot"]._wms_find(product, scan.lot_name, self.session.company_id)
            if not lot:
                return self.error(messages.lot_unknown(self.env, scan.lot_name, product.display_name))
        if product.tracking == "serial" and lot:
            return self._count_serial(product, lot)
        self.data.update(product_id=product.id, lot_id=lot.id or False, qty=0.0)
        if product.tracking != "none" and not lot:
            self.data["qty"] = scan.quantity or 1.0
            self.state = "scan_lot"
            return self.render(messages.lot_required(self.env, product.display_name))
        return self._count(scan.quantity or 1.0)

    def _scan_scan_lot(self, scan):
        if scan.kind == "unknown" and not scan.error:
            return self.error(messages.lot_unknown(self.env, scan.raw, self.product.display_name))
        refusal = self.check_kind(scan, ["lot"])
        if refusal:
            return self.error(refusal)
        if scan.record.product_id != self.product:
            return self.error(messages.wrong_product(self.env, scan.record.product_id.display_name,
                                                     self.product.display_name))
        if self.product.tracking == "serial":
            return self._count_serial(self.product, scan.record)
        self.data["lot_id"] = scan.record.id
        counted, self.data["qty"] = self.data.get("qty") or 1.0, 0.0
        return self._count(counted)

    def _scan_quantity(self, scan):
        if scan.kind == "product" and scan.record == self.product and not scan.lot_name:
            return self._count(scan.quantity or 1.0)
        if scan.kind == "lot" and scan.record.id == self.data.get("lot_id"):
            return self._count(1.0)
        refusal = self.check_kind(scan, ["product"])
        if refusal:
            return self.error(refusal)
        return self.error(messages.wrong_product(self.env, scan.record.display_name, self.product.display_name))

    def _count_serial(self, product, lot):
        """A serial number is one unit: counted at once, and only once."""
        if any(c["product_id"] == product.id and c["lot_id"] == lot.id for c in self.data.get("counts", [])):
            return self.error(messages.serial_counted(self.env, lot.name, product.display_name,
                                                      self.data["bin_name"]))
        self.data.update(product_id=product.id, lot_id=lot.id)
        return self.action_quantity(1.0)

    def _count(self, units):
        self.data["qty"] = (self.data.get("qty") or 0.0) + units
        self.state = "quantity"
        return self.render()

    # -- actions --------------------------------------------------------------------------
    def action_quantity(self, value=None):
        quantity, refusal = self.parse_quantity(value if value is not None else self.data.get("qty"),
                                                uom=self.product.uom_id, allow_zero=True)
        if refusal:
            return self.error(refusal)
        product = self.product
        key = [product.id, self.data.get("lot_id") or False]
        counts = self.data.setdefault("counts", [])
        for count in counts:
            if [count["product_id"], count["lot_id"]] == key:
                count["qty"] += quantity
                break
        else:
            counts.append({"product_id": key[0], "lot_id": key[1], "qty": quantity})
        self.data.update(product_id=False, lot_id=False, qty=0.0)
        self.state = "scan_product"
        lot = self.env["stock.lot"].browse(key[1] or []).name or ""
        return self.render(messages.counted(self.env, quantity, product.uom_id.name, product.display_name, lot))

    def action_back(self, value=None):
        self.data.update(product_id=False, lot_id=False, qty=0.0)
        self.state = "scan_product" if self.state != "scan_product" else self.state
        return self.render()

    def action_empty(self, value=None):
        return self.action_done(value)

    def action_done(self, value=None):
        applied, differences = self._record_counts()
        task = self.task
        summary = messages.count_result(self.env, self.data["bin_name"], differences, applied)
        if task:
            task._add_note(summary["body"])
            task._mark_done(sum(c["qty"] for c in self.data.get("counts", [])))
            return self.switch("next_task", message=summary)
        self.state, self.data = self.initial_state, {}
        return self.render(summary)

    def action_cancel(self, value=None):
        self.state, self.data = self.initial_state, {}
        return self.render(messages.cancelled(self.env))

    # -- Odoo's physical inventory ---------------------------------------------------------
    def _record_counts(self):
        """Set Odoo's counted quantities on the bin's quants; apply them when allowed.

        Returns (applied, differences) where differences lists
        ``(product display name, lot name, Odoo's quantity, counted)``.
        """
        location = self.location
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        domain = [("location_id", "=", location.id)]
        if self.data.get("only_product_id"):
            domain.append(("product_id", "=", self.data["only_product_id"]))
        quants = Quant.search(domain)
        counted = {(c["product_id"], c["lot_id"] or False): c["qty"] for c in self.data.get("counts", [])}
        system, groups = {}, {}
        for quant in quants:
            key = (quant.product_id.id, quant.lot_id.id or False)
            system[key] = system.get(key, 0.0) + quant.quantity
            groups[key] = groups.get(key, Quant) | quant
        today = fields.Date.context_today(Quant)
        loose = {}  # what no existing loose own quant can carry: new loose stock
        for key, group in groups.items():
            for quant, value in self._spread_count(counted.get(key, 0.0), group):
                quant.write({"inventory_quantity": value, "user_id": self.env.user.id, "inventory_date": today})
            rest = counted.get(key, 0.0) - sum(max(q.quantity, 0.0) for q in group)
            if not any(self._is_loose(q) for q in group) and group.product_id.uom_id.compare(rest, 0.0) > 0:
                loose[key] = rest
        loose.update({key: quantity for key, quantity in counted.items() if key not in system})
        if loose:
            quants |= Quant.create([{
                "product_id": product_id, "location_id": location.id, "lot_id": lot_id,
                "inventory_quantity": quantity, "user_id": self.env.user.id,
            } for (product_id, lot_id), quantity in loose.items()])
        quants.inventory_quantity_set = True
        differences = []
        Product, Lot = self.env["product.product"], self.env["stock.lot"]
        for key in sorted(set(system) | set(counted)):
            expected, found = system.get(key, 0.0), counted.get(key, 0.0)
            product = Product.browse(key[0])
            if product.uom_id.compare(expected, found) != 0:
                differences.append((product.display_name, Lot.browse(key[1] or []).name or "", expected, found))
        applied = not differences or self.session.warehouse_id.wms_count_apply == "auto"
        if applied and quants:
            result = quants.action_apply_inventory()
            applied = not isinstance(result, dict)  # a conflict wizard: left to a manager
        return applied, differences

    @staticmethod
    def _is_loose(quant):
        return not quant.package_id and not quant.owner_id

    def _spread_count(self, counted, quants):
        """[(quant, counted quantity)] for the quants of one product and lot in the bin.

        The count is blind to packages and owners: each package and each
        owner's quant keeps its quantity while the count covers it, and the
        company's own loose stock carries the difference (the last quant when
        there is none; more than all of them hold becomes new loose stock).
        """
        ordered = quants.sorted(lambda q: (self._is_loose(q), q.id))
        left, result = counted, []
        for index, quant in enumerate(ordered):
            last = index == len(ordered) - 1
            value = left if last and self._is_loose(quant) else min(left, max(quant.quantity, 0.0))
            result.append((quant, value))
            left -= value
        return result

    # -- screens ----------------------------------------------------------------------------
    def _count_rows(self):
        _ = self.env._
        Product, Lot = self.env["product.product"], self.env["stock.lot"]
        rows = []
        for count in self.data.get("counts", []):
            product = Product.browse(count["product_id"])
            lot = Lot.browse(count["lot_id"] or []).name or ""
            rows.append({"label": _("Counted"), "value": f"{count['qty']:g} {product.uom_id.name}",
                         "detail": f"{product.display_name} {lot}".strip()})
        return rows

    def _task_summary(self):
        return self.task._summary() if self.task else None

    def _screen_select(self):
        return {"instruction": self.env._("Scan the bin to count."), "expect": ["bin"]}

    def _screen_scan_bin(self):
        return {"instruction": self.env._("Go to bin %s and scan it.", self.data["bin_name"]), "expect": ["bin"],
                "task": self._task_summary()}

    def _screen_scan_product(self):
        only = self.env["product.product"].browse(self.data.get("only_product_id") or [])
        instruction = (self.env._("Count %(product)s in %(bin)s: scan it.", product=only.display_name,
                                  bin=self.data["bin_name"]) if only
                       else self.env._("Scan everything in %s, one product at a time.", self.data["bin_name"]))
        return {"instruction": instruction, "expect": ["product", "lot"], "lines": self._count_rows(),
                "task": self._task_summary()}

    def _screen_scan_lot(self):
        return {"instruction": self.env._("Scan the lot of %s.", self.product.display_name), "expect": ["lot"],
                "lines": self._count_rows(), "task": self._task_summary()}

    def _screen_quantity(self):
        product = self.product
        _ = self.env._
        lines = [{"label": _("Product"), "value": product.display_name, "detail": product.barcode or ""}]
        if self.data.get("lot_id"):
            lines.append({"label": _("Lot"), "value": self.env["stock.lot"].browse(self.data["lot_id"]).name,
                          "detail": ""})
        lines.append({"label": _("Counted"), "value": self.data.get("qty") or 0.0, "detail": product.uom_id.name})
        return {"instruction": _("Scan each unit or enter how many there are."),
                "expect": ["quantity", "product"], "input": "quantity", "lines": lines, "task": self._task_summary()}
