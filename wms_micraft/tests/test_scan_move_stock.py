from datetime import timedelta

from odoo import fields

from .scan_common import ScanCase


class TestMoveStock(ScanCase):
    """Free "move stock" scenario: every step and every refused input."""

    def test_happy_path_moves_through_odoo(self):
        session, screen = self.open("move_stock")
        self.assertEqual((screen["state"], screen["expect"]), ("scan_source", ["bin"]))
        screen = session.scan("A010101")
        self.assertEqual(screen["state"], "scan_product")
        screen = session.scan("5901234123457")
        self.assertEqual((screen["state"], screen["input"]), ("quantity", "quantity"))
        screen = session.scan("5901234123457")  # each scan of the product counts one
        self.assertEqual(session.data["quantity"], 1.0)
        screen = session.act("quantity", 4)
        self.assertEqual(screen["state"], "scan_destination")
        screen = session.scan("A010102")
        self.assertEqual(screen["message"]["type"], "success")
        self.assertIn("Moved 4.0", screen["message"]["body"])
        self.assertEqual(screen["state"], "scan_source")
        self.assertEqual(self.qty(self.box, self.bin_a), 6)
        self.assertEqual(self.qty(self.box, self.bin_b), 4)
        picking = self.env["stock.picking"].search([("location_id", "=", self.bin_a.id)], order="id desc", limit=1)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        move = picking.move_ids
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "done")
        # one done line, in the transfer, exactly as scanned; nothing left reserved
        self.assertRecordValues(picking.move_line_ids, [{
            "move_id": move.id, "location_id": self.bin_a.id, "location_dest_id": self.bin_b.id,
            "quantity": 4.0, "picked": True, "state": "done", "lot_id": False}])
        self.assertEqual(sum(self.env["stock.quant"].search([("product_id", "=", self.box.id)]).mapped("reserved_quantity")), 0)
        self.assertFalse(move.is_in or move.is_out)
        self.assertEqual(move.value, 0.0)
        self.assertFalse(move.account_move_id)
        self.assertEqual(self.operator.wms_last_bin_id, self.bin_b)

    def test_gs1_product_lot_and_quantity_in_one_scan(self):
        session, _ = self.open("move_stock")
        session.scan("A010101")
        # (01) GTIN-14 of 4006381333931, (10) LOT-OK, FNC1, (30) 2
        screen = session.scan("0104006381333931" + "10LOT-OK" + "\x1d" + "302")
        self.assertEqual(screen["state"], "quantity", screen["message"])
        self.assertEqual(session.data["quantity"], 2.0)
        self.assertEqual(session.data["lot_id"], self.lot_ok.id)
        session.act("quantity")
        session.scan("A020101")
        self.assertEqual(self.qty(self.drug, self.bin_c, self.lot_ok), 2)
        self.assertEqual(self.qty(self.drug, self.bin_a, self.lot_ok), 3)
        picking = self.env["stock.picking"].search([("location_dest_id", "=", self.bin_c.id)], order="id desc", limit=1)
        self.assertRecordValues(picking.move_line_ids, [{"lot_id": self.lot_ok.id, "quantity": 2.0, "state": "done"}])
        self.assertEqual(sum(self.env["stock.quant"].search([("product_id", "=", self.drug.id)]).mapped("reserved_quantity")), 0)

    def test_lot_tracked_product_asks_for_lot(self):
        session, _ = self.open("move_stock")
        session.scan("A010101")
        screen = session.scan("4006381333931")
        self.assertEqual(screen["state"], "scan_lot")
        self.assertEqual(screen["message"]["type"], "warning")
        screen = session.scan("LOT-OK")
        self.assertEqual(screen["state"], "quantity")

    def test_refused_at_source(self):
        session, _ = self.open("move_stock")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "5901234123457", "expected a bin")
        self.assertRefused(session, lambda: session.scan("NOPE-404"), "Unknown barcode", "NOPE-404")
        self.assertRefused(session, lambda: session.scan(""), "Unreadable")
        self.assertRefused(session, lambda: session.scan("A01\x070101"), "Unreadable")

    def test_refused_product_and_lots(self):
        session, _ = self.open("move_stock")
        session.scan("A010102")  # empty bin
        self.assertRefused(session, lambda: session.scan("5901234123457"), "no Box available", "A-01-01-02")
        session.act("back")
        session.scan("A010101")
        self.assertRefused(session, lambda: session.scan("A010102"), "A010102", "expected a product or a lot")
        self.assertRefused(session, lambda: session.scan("LOT-OLD"), "LOT-OLD", "expired")
        self.assertRefused(session, lambda: session.scan("LOT-HELD"), "LOT-HELD", "on hold", "Recall 42")
        # an explicit expiry: Odoo's default (now + the product's 0 days) expires within the second
        other = self.env["stock.lot"].create({"name": "LOT-ELSEWHERE", "product_id": self.drug.id,
                                              "expiration_date": fields.Datetime.now() + timedelta(days=365)})
        self.assertTrue(other)
        self.assertRefused(session, lambda: session.scan("LOT-ELSEWHERE"), "LOT-ELSEWHERE", "not in")
        session.scan("4006381333931")
        self.assertRefused(session, lambda: session.scan("LOT-OLD"), "expired")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "expected a lot")

    def test_refused_quantities(self):
        session, _ = self.open("move_stock")
        session.scan("A010101")
        session.scan("5901234123457")
        self.assertRefused(session, lambda: session.act("quantity", 11), "11", "at most 10")
        self.assertRefused(session, lambda: session.act("quantity", -1), "-1")
        self.assertRefused(session, lambda: session.act("quantity", "abc"), "'abc'")
        self.assertRefused(session, lambda: session.act("explode"), "'explode'")
        # scanning another product while counting is refused
        self.assertRefused(session, lambda: session.scan("4006381333931"), "Wrong product", "Box")

    def test_refused_destination(self):
        session, _ = self.open("move_stock")
        session.scan("A010101")
        session.scan("5901234123457")
        session.act("quantity", 2)
        self.assertRefused(session, lambda: session.scan("A010101"), "A-01-01-01", "taking the stock from")
        self.bin_b.write({"wms_blocked": True, "wms_block_reason": "Broken beam"})
        self.assertRefused(session, lambda: session.scan("A010102"), "blocked", "Broken beam")
        self.bin_c.write({"wms_max_units": 1})
        self.assertRefused(session, lambda: session.scan("A020101"), "cannot take 2.0")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "expected a bin")

    def test_replayed_scan_applied_once(self):
        session, _ = self.open("move_stock")
        session.scan("A010101", request_id="r1")
        session.scan("5901234123457", request_id="r2")
        session.act("quantity", 3, request_id="r3")
        first = session.scan("A010102", request_id="r4")
        pickings = self.env["stock.picking"].search_count([("state", "=", "done")])
        again = session.scan("A010102", request_id="r4")
        self.assertTrue(again["replayed"])
        self.assertEqual(again["message"], first["message"])
        self.assertEqual(self.env["stock.picking"].search_count([("state", "=", "done")]), pickings)
        self.assertEqual(self.qty(self.box, self.bin_b), 3)
        self.assertEqual(self.qty(self.box, self.bin_a), 7)
        # an older request replayed does not rewind the session either
        replay = session.scan("A010101", request_id="r1")
        self.assertTrue(replay["replayed"])
        self.assertEqual(session.state, "scan_source")

    def test_cancel_and_back(self):
        session, _ = self.open("move_stock")
        session.scan("A010101")
        session.scan("5901234123457")
        screen = session.act("back")
        self.assertEqual(screen["state"], "scan_product")
        screen = session.scan("WMS:CANCEL")
        self.assertEqual(screen["state"], "scan_source")
        self.assertEqual(screen["message"]["type"], "warning")
        self.assertFalse(session.data)
