from datetime import timedelta

from odoo import fields

from .common import WmsCase


class ScanCase(WmsCase):
    """Bins of zone A (24, see WmsCase) with stock, lots and a second operator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate()
        cls.company.nomenclature_id = cls.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")
        cls.bin_a, cls.bin_b, cls.bin_c = cls.bin("A010101"), cls.bin("A010102"), cls.bin("A020101")
        cls.box = cls.make_product("Box", weight=1.0, volume=0.01, barcode="5901234123457")
        cls.drug = cls.make_product("Drug", weight=0.1, volume=0.001, tracking="lot", barcode="4006381333931",
                                    use_expiration_date=True)
        now = fields.Datetime.now()
        Lot = cls.env["stock.lot"]
        cls.lot_ok = Lot.create({"name": "LOT-OK", "product_id": cls.drug.id, "expiration_date": now + timedelta(days=365)})
        cls.lot_old = Lot.create({"name": "LOT-OLD", "product_id": cls.drug.id, "expiration_date": now - timedelta(days=3)})
        cls.lot_held = Lot.create({"name": "LOT-HELD", "product_id": cls.drug.id, "expiration_date": now + timedelta(days=365),
                                   "wms_hold": True, "wms_hold_reason": "Recall 42"})
        cls.put_stock(cls.box, cls.bin_a, 10)
        cls.put_stock(cls.drug, cls.bin_a, 5, cls.lot_ok)
        cls.put_stock(cls.drug, cls.bin_a, 5, cls.lot_old)
        cls.put_stock(cls.drug, cls.bin_a, 5, cls.lot_held)
        cls.operator2 = cls.env["res.users"].create({
            "name": "Second operator", "login": "wms_operator2",
            "group_ids": [(6, 0, cls.env.ref("wms_micraft.group_wms_operator").ids)],
        })

    def qty(self, product, location, lot=None):
        quants = self.env["stock.quant"].search([("product_id", "=", product.id), ("location_id", "=", location.id),
                                                 ("lot_id", "=", lot.id if lot else False)])
        return sum(quants.mapped("quantity"))

    def snapshot(self, session):
        """Everything a refused scan must leave untouched."""
        self.env.flush_all()
        self.env.invalidate_all()
        quants = self.env["stock.quant"].search_read([("location_id.usage", "=", "internal")],
                                                     ["product_id", "location_id", "lot_id", "quantity", "reserved_quantity"],
                                                     order="id")
        return {
            "session": (session.scenario, session.state, session.data),
            "quants": quants,
            "pickings": self.env["stock.picking"].search_count([]),
            "move_lines": self.env["stock.move.line"].search_count([]),
            "tasks": self.env["wms.task"].search_read([], ["state", "user_id", "quantity_done"], order="id"),
            "requests": self.env["wms.scan.request"].search_count([]),
        }

    def assertRefused(self, session, call, *words):
        """``call`` answers an error naming ``words`` and changes nothing."""
        before = self.snapshot(session)
        screen = call()
        self.assertEqual(screen["message"]["type"], "error", screen["message"])
        for word in words:
            self.assertIn(word, screen["message"]["body"])
        self.assertEqual(self.snapshot(session), before)
        return screen

    def open(self, scenario, user=None):
        Session = self.env["wms.scan.session"].with_user(user or self.operator)
        screen = Session.open_session(scenario)
        return Session.browse(screen["session_id"]), screen

    # -- query budgets ---------------------------------------------------------
    def measure_step(self, counts, name, call, budget=20):
        """Run one scan step with a cold record cache; record its queries in ``counts`` and bound them."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with self.assertQueryCount(wms_operator=budget):
            result = call()
            self.env.flush_all()
        counts[name] = self.env.cr.sql_log_count - before
        return result

    def grow_warehouse(self):
        """2,000 more bins in zone A: a step's query count must not change."""
        self.env["wms.bin.generator"].sudo().create({
            "warehouse_id": self.warehouse.id, "zone_id": self.zone.id, "aisle_from": 4, "aisle_to": 28,
            "bay_from": 1, "bay_to": 20, "level_from": 1, "level_to": 4,
        }).action_generate()
        self.assertEqual(self.env["stock.location"].sudo().search_count([("wms_zone_id", "=", self.zone.id)]), 2024)

    def assertFlatSteps(self, steps):
        """``steps()`` returns {step: queries}: the same with 24 bins as with 2,024 (after a warming run)."""
        steps()  # warm the registry caches (ACLs, rules)
        small = steps()
        self.grow_warehouse()
        large = steps()
        for step, count in small.items():
            self.assertEqual(large[step], count, f"{step}: {count} queries with 24 bins, {large[step]} with 2,024")
        return small

    def run_steps(self, scenario, steps, budget=20, budgets=None):
        """Open ``scenario``, run ``steps`` = [(name, "scan" | "act", *args)], each measured; return {name: queries}.

        ``budgets`` bounds the named steps otherwise (e.g. one that takes a transfer and creates its task).
        """
        Session = self.env["wms.scan.session"]
        session = Session.browse(Session.open_session(scenario)["session_id"])
        self.run_no = getattr(self, "run_no", 0) + 1
        counts = {}
        for index, (name, method, *args) in enumerate(steps):
            request_id = f"{scenario}-{self.run_no}-{index}"
            self.measure_step(counts, name, lambda: getattr(session, method)(*args, request_id=request_id),
                              (budgets or {}).get(name, budget))
        session.act("cancel")
        return counts
