from .scan_common import ScanCase


class TestBinInquiry(ScanCase):
    def test_bin_product_and_lot(self):
        session, screen = self.open("bin_inquiry")
        self.assertEqual(screen["expect"], ["bin", "product", "lot"])
        screen = session.scan("A010101")
        labels = {line["label"]: line for line in screen["lines"]}
        self.assertEqual(labels["Box"]["value"], 10)
        drug_lines = [line for line in screen["lines"] if line["label"] == "Drug"]
        self.assertEqual(len(drug_lines), 3)
        self.assertTrue(any("LOT-OK" in line["detail"] for line in drug_lines))
        screen = session.scan("5901234123457")
        self.assertEqual([(line["label"], line["value"]) for line in screen["lines"]], [("WH/Stock/A-01-01-01", 10)])
        screen = session.scan("LOT-OK")
        self.assertEqual([line["value"] for line in screen["lines"]], [5])
        self.assertEqual(self.operator.wms_last_bin_id, self.bin_a)

    def test_reserved_quantity_shown(self):
        self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "location_dest_id": self.bin_b.id, "product_id": self.box.id, "quantity": 4,
        })
        session, _ = self.open("bin_inquiry")
        screen = session.scan("A010101")
        box = next(line for line in screen["lines"] if line["label"] == "Box")
        self.assertIn("reserved 4.0", box["detail"])

    def test_empty_bin_and_refusals(self):
        session, _ = self.open("bin_inquiry")
        screen = session.scan("A030402")
        self.assertEqual(screen["lines"], [])
        self.assertIn("Nothing stored", screen["message"]["body"])
        self.assertRefused(session, lambda: session.scan("XYZ-UNKNOWN"), "Unknown barcode", "XYZ-UNKNOWN")
        self.assertRefused(session, lambda: session.scan("\x00\x01"), "Unreadable")
        self.assertRefused(session, lambda: session.scan("WMS:EXPLODE"), "Unreadable")

    def test_api_misuse_raises(self):
        from odoo.exceptions import AccessError, UserError

        session, _ = self.open("bin_inquiry")
        with self.assertRaises(UserError):
            self.env["wms.scan.session"].with_user(self.operator).open_session("dance")
        with self.assertRaises(UserError):
            session.scan(42)
        with self.assertRaises(UserError):
            session.scan("A010101", request_id="x" * 65)
        with self.assertRaises(AccessError):
            session.with_user(self.operator2).scan("A010101")
        plain_user = self.env["res.users"].create({"name": "Sales", "login": "sales_only",
                                                   "group_ids": [(6, 0, self.env.ref("base.group_user").ids)]})
        with self.assertRaises(AccessError):
            self.env["wms.scan.session"].with_user(plain_user).open_session("bin_inquiry")

    def test_ambiguous_lot_says_why(self):
        other = self.make_product("Drug bis", tracking="lot")
        self.env["stock.lot"].create([{"name": "TWIN", "product_id": p.id} for p in (self.drug, other)])
        session, _ = self.open("bin_inquiry")
        self.assertRefused(session, lambda: session.scan("TWIN"), "TWIN", "several products", "scan the product first")
