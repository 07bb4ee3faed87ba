from .scan_common import ScanCase


class TestNextTaskScenario(ScanCase):
    """"My next task" dispatching a move task to a directed "move stock"."""

    def move_task(self, quantity=4, **values):
        return self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "location_dest_id": self.bin_b.id, "product_id": self.box.id, "quantity": quantity, **values,
        })

    def test_directed_move_end_to_end(self):
        task = self.move_task()
        session, screen = self.open("next_task")
        self.assertEqual(screen["state"], "idle")
        screen = session.act("next")
        self.assertEqual((screen["scenario"], screen["state"]), ("move_stock", "scan_source"))
        self.assertEqual(screen["task"]["id"], task.id)
        self.assertIn("A-01-01-01", screen["instruction"])
        self.assertEqual(task.state, "in_progress")
        session.scan("A010101")
        session.scan("5901234123457")
        session.act("quantity", 4)
        screen = session.scan("A010102")
        self.assertEqual((screen["scenario"], screen["state"]), ("next_task", "idle"))
        self.assertEqual(screen["message"]["type"], "success")
        self.assertEqual(task.state, "done")
        self.assertEqual(task.quantity_done, 4)
        self.assertEqual(task.picking_id.state, "done")
        self.assertEqual(self.qty(self.box, self.bin_b), 4)
        self.assertEqual(self.qty(self.box, self.bin_a), 6)

    def test_directed_refusals_name_what_was_expected(self):
        self.move_task()
        session, _ = self.open("next_task")
        session.act("next")
        self.assertRefused(session, lambda: session.scan("A010102"), "Wrong bin", "A-01-01-02", "A-01-01-01")
        session.scan("A010101")
        self.assertRefused(session, lambda: session.scan("4006381333931"), "Wrong product", "Drug", "Box")
        session.scan("5901234123457")
        self.assertRefused(session, lambda: session.act("quantity", 5), "at most 4")
        session.act("quantity", 4)
        self.assertRefused(session, lambda: session.scan("A020101"), "Wrong bin", "A-02-01-01", "A-01-01-02")

    def test_directed_wrong_lot(self):
        self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "location_dest_id": self.bin_b.id, "product_id": self.drug.id, "lot_id": self.lot_ok.id, "quantity": 2,
        })
        other = self.env["stock.lot"].create({"name": "LOT-OTHER", "product_id": self.drug.id,
                                              "expiration_date": self.lot_ok.expiration_date})
        self.put_stock(self.drug, self.bin_a, 3, other)
        session, _ = self.open("next_task")
        session.act("next")
        session.scan("A010101")
        self.assertRefused(session, lambda: session.scan("LOT-OTHER"), "Wrong lot", "LOT-OTHER", "LOT-OK")
        self.assertRefused(session, lambda: session.scan("LOT-HELD"), "on hold")
        screen = session.scan("LOT-OK")
        self.assertEqual(screen["state"], "quantity")

    def test_short_move_leaves_a_backorder(self):
        task = self.move_task(quantity=5)
        session, _ = self.open("next_task")
        session.act("next")
        session.scan("A010101")
        session.scan("5901234123457")
        session.act("quantity", 3)
        session.scan("A010102")
        self.assertEqual(task.state, "done")
        self.assertEqual(task.quantity_done, 3)
        self.assertEqual(self.qty(self.box, self.bin_b), 3)
        backorder = self.env["stock.picking"].search([("backorder_id", "=", task.picking_id.id)])
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        self.assertNotIn(backorder.state, ("done", "cancel"))

    def test_task_of_another_operator_refused(self):
        task = self.move_task()
        task.write({"state": "assigned", "user_id": self.operator2.id})
        session, _ = self.open("next_task")
        screen = session.act("next")
        self.assertEqual(screen["message"]["type"], "info")  # queue empty for this operator
        self.assertEqual(task.user_id, self.operator2)
        # operator 1 scans the task name: refused, task unchanged (hidden by record rules: unknown)
        self.assertRefused(session, lambda: session.scan(task.name), task.name)
        self.assertEqual(task.user_id, self.operator2)

    def test_scan_a_ready_task_takes_it_and_release_gives_it_back(self):
        task = self.move_task()
        session, _ = self.open("next_task")
        screen = session.scan(task.name)
        self.assertEqual(screen["task"]["id"], task.id)
        self.assertEqual(task.user_id, self.operator)
        screen = session.act("release")
        self.assertEqual((screen["scenario"], screen["state"]), ("next_task", "idle"))
        self.assertEqual((task.state, task.user_id.id), ("ready", False))
        done = self.move_task()
        done.write({"state": "done"})
        self.assertRefused(session, lambda: session.scan(done.name), done.name, "Done")

    def test_replayed_next_is_applied_once(self):
        first_task, second_task = self.move_task(quantity=1), self.move_task(quantity=1)
        session, _ = self.open("next_task")
        screen = session.act("next", request_id="n-1")
        again = session.act("next", request_id="n-1")
        self.assertTrue(again["replayed"])
        self.assertEqual(again["task"], screen["task"])
        claimed = (first_task | second_task).filtered("user_id")
        self.assertEqual(len(claimed), 1)
