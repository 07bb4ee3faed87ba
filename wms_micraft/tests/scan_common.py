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
