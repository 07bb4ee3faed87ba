import json

from odoo import fields
from odoo.tests import users, warmup

from .scan_common import ScanCase


class TestCount(ScanCase):
    """Blind bin counts recorded as Odoo's physical inventory.

    Bin A010101 holds Box 10 and Drug lots LOT-OK, LOT-OLD, LOT-HELD 5 each (ScanCase).
    """

    def count_everything(self, session, box=10.0):
        session.scan("5901234123457")
        session.act("quantity", box)
        for lot in ("LOT-OK", "LOT-OLD", "LOT-HELD"):
            screen = session.scan(lot)
            self.assertEqual(screen["state"], "quantity", screen["message"])
            session.act("quantity", 5)

    def assertBlind(self, screen, *hidden):
        """No word of ``hidden`` (what Odoo holds but the operator has not counted) is on ``screen``."""
        shown = json.dumps(screen)
        for word in hidden:
            self.assertNotIn(word, shown)

    def box_quant(self):
        return self.env["stock.quant"].search([("product_id", "=", self.box.id), ("location_id", "=", self.bin_a.id)])

    def test_count_matching_odoo_is_applied_and_changes_no_stock(self):
        moves_before = self.env["stock.move"].search([])
        session, screen = self.open("count")
        self.assertEqual((screen["state"], screen["expect"]), ("select", ["bin"]))
        screen = session.scan("A010101")
        self.assertEqual(screen["state"], "scan_product")
        # Blind: nothing on the screen tells what Odoo holds in the bin (Box 10, three Drug lots of 5).
        self.assertBlind(screen, "Box", "Drug", "LOT-OK", "LOT-OLD", "LOT-HELD")
        session.scan("5901234123457")
        screen = session.act("quantity", 10)
        self.assertEqual(screen["lines"], [{"label": "Counted", "value": "10 Units", "detail": "Box"}])
        self.assertBlind(screen, "Drug", "LOT-OK", "LOT-OLD", "LOT-HELD")
        for lot in ("LOT-OK", "LOT-OLD", "LOT-HELD"):
            session.scan(lot)
            session.act("quantity", 5)
        screen = session.act("done")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertIn("matches", screen["message"]["body"])
        # Odoo logs each confirmed count as a done inventory move of quantity 0.
        logged = self.env["stock.move"].search([]) - moves_before
        self.assertEqual(len(logged), 4)
        self.assertEqual(set(logged.mapped("quantity")), {0.0})
        self.assertTrue(all(logged.mapped("is_inventory")))
        quant = self.box_quant()
        self.assertEqual(quant.quantity, 10)
        self.assertFalse(quant.inventory_quantity_set)
        self.assertEqual(self.bin_a.last_inventory_date, fields.Date.today())

    def test_differences_wait_for_a_manager_in_physical_inventory(self):
        session, _ = self.open("count")
        session.scan("A010101")
        self.count_everything(session, box=8)
        screen = session.act("done")
        self.assertEqual(screen["message"]["type"], "warning")
        self.assertIn("wait for a manager", screen["message"]["body"])
        self.assertIn("Odoo 10.0, counted 8.0", screen["message"]["body"])
        quant = self.box_quant()
        self.assertEqual((quant.quantity, quant.inventory_quantity, quant.inventory_quantity_set), (10, 8, True))
        self.assertEqual(quant.user_id, self.operator)
        # The manager applies Odoo's physical inventory: Odoo's own inventory move.
        quant.with_user(self.manager).with_context(inventory_mode=True).action_apply_inventory()
        self.assertEqual(self.box_quant().quantity, 8)
        move = self.env["stock.move"].search([("product_id", "=", self.box.id), ("is_inventory", "=", True)],
                                             order="id desc", limit=1)
        self.assertEqual((move.quantity, move.location_id, move.state), (2, self.bin_a, "done"))

    def test_auto_apply_and_a_product_odoo_did_not_know_there(self):
        self.warehouse.wms_count_apply = "auto"
        widget = self.make_product("Widget", barcode="4012345000009")
        session, _ = self.open("count")
        session.scan("A010101")
        self.count_everything(session, box=7)
        session.scan("4012345000009")
        session.scan("4012345000009")
        session.act("quantity")
        screen = session.act("done")
        self.assertIn("differences applied", screen["message"]["body"])
        self.assertEqual(self.qty(self.box, self.bin_a), 7)
        self.assertEqual(self.qty(widget, self.bin_a), 2)
        self.assertEqual(self.qty(self.drug, self.bin_a, self.lot_ok), 5)

    def test_not_found_means_zero_and_empty_bin(self):
        self.warehouse.wms_count_apply = "auto"
        session, _ = self.open("count")
        session.scan("A010101")
        screen = session.act("empty")
        self.assertIn("differences applied", screen["message"]["body"])
        self.assertEqual(self.qty(self.box, self.bin_a), 0)
        self.assertEqual(self.qty(self.drug, self.bin_a, self.lot_held), 0)

    def test_directed_count_task(self):
        task = self.env["wms.task"].create({
            "task_type": "count", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "product_id": self.box.id, "note": "Short pick on WH/OUT/1",
        })
        session, _ = self.open("next_task")
        screen = session.act("next")
        self.assertEqual((screen["scenario"], screen["state"]), ("count", "scan_bin"))
        self.assertRefused(session, lambda: session.scan("A010102"), "Wrong bin", "A-01-01-02", "A-01-01-01")
        session.scan("A010101")
        self.assertRefused(session, lambda: session.scan("LOT-OK"), "for Box only", "Drug")
        session.scan("5901234123457")
        session.act("quantity", 10)
        screen = session.act("done")
        self.assertEqual((screen["scenario"], screen["state"]), ("next_task", "idle"))
        self.assertEqual(task.state, "done")
        self.assertIn("matches", task.note)
        # Only the task's product was counted: the drug lots were not touched.
        self.assertFalse(self.env["stock.quant"].search([("product_id", "=", self.drug.id),
                                                         ("inventory_quantity_set", "=", True)]))

    def test_bad_inputs_are_refused_and_change_nothing(self):
        session, _ = self.open("count")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "a bin")
        self.assertRefused(session, lambda: session.scan("NO-SUCH-BIN"), "Unknown barcode", "NO-SUCH-BIN")
        self.assertRefused(session, lambda: session.scan("A01\x070101"), "Unreadable")
        session.scan("A010101")
        self.assertRefused(session, lambda: session.scan("0104006381333931" + "10NOT-A-LOT"), "NOT-A-LOT", "unknown")
        session.scan("4006381333931")
        self.assertRefused(session, lambda: session.scan("MYSTERY-LOT"), "MYSTERY-LOT", "unknown")
        session.scan("LOT-OK")
        self.assertRefused(session, lambda: session.act("quantity", -1), "not a quantity")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "Wrong product", "Box", "Drug")
        session.act("quantity", 5, request_id="c-1")
        again = session.act("quantity", 5, request_id="c-1")
        self.assertTrue(again["replayed"])
        self.assertEqual(session.data["counts"], [{"product_id": self.drug.id, "lot_id": self.lot_ok.id, "qty": 5.0}])


class TestCountQueryCount(ScanCase):
    def _steps(self):
        return self.run_steps("count", [
            ("scan_bin", "scan", "A010101"),
            ("scan_product", "scan", "5901234123457"),
            ("scan_again", "scan", "5901234123457"),
            ("quantity", "act", "quantity", 4),
            ("unknown_refused", "scan", "NOPE"),
        ])

    @users("wms_operator")
    @warmup
    def test_steps_within_budget_and_flat(self):
        self.assertFlatSteps(self._steps)
