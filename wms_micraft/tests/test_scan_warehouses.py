from odoo import Command

from .scan_common import ScanCase


class TestScanWarehouses(ScanCase):
    """Two warehouses of one company: a session works in its own warehouse only, whatever is scanned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["stock.warehouse"].create({"name": "North", "code": "NTH", "company_id": cls.company.id})
        Location = cls.env["stock.location"]
        cls.north_bin = Location.create({"name": "N-01", "barcode": "NTH-N01", "usage": "internal",
                                         "location_id": cls.other.lot_stock_id.id})
        cls.north_bin2 = Location.create({"name": "N-02", "barcode": "NTH-N02", "usage": "internal",
                                          "location_id": cls.other.lot_stock_id.id})
        cls.put_stock(cls.box, cls.north_bin, 7)
        cls.here = cls.warehouse.name

    def move_task(self, warehouse, source, destination, **values):
        return self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": warehouse.id, "location_id": source.id,
            "location_dest_id": destination.id, "product_id": self.box.id, "quantity": 2, **values})

    def assertOtherWarehouse(self, session, call, what, name):
        self.assertRefused(session, call, f"{what} {name} belongs to warehouse North",
                           f"this session works in {self.here}")

    def test_next_task_only_gives_tasks_of_the_session_warehouse(self):
        north = self.move_task(self.other, self.north_bin, self.north_bin2, priority="3")
        session, _ = self.open("next_task")
        screen = session.act("next")
        self.assertEqual(screen["message"]["type"], "info", screen["message"])  # nothing here
        self.assertEqual((north.state, north.user_id.id), ("ready", False))
        here = self.move_task(self.warehouse, self.bin_a, self.bin_b)
        screen = session.act("next")
        self.assertEqual(screen["task"]["id"], here.id)
        self.assertEqual(north.state, "ready")

    def test_an_open_task_of_another_warehouse_is_not_resumed_here(self):
        north = self.move_task(self.other, self.north_bin, self.north_bin2)
        north.write({"state": "assigned", "user_id": self.operator.id})
        session, _ = self.open("next_task")
        screen = session.act("next")
        self.assertEqual(screen["message"]["type"], "info", screen["message"])
        self.assertEqual(session.state, "idle")

    def test_a_task_of_another_warehouse_scanned_is_refused(self):
        north = self.move_task(self.other, self.north_bin, self.north_bin2)
        session, _ = self.open("next_task")
        self.assertOtherWarehouse(session, lambda: session.scan(north.name), "Task", north.name)
        self.assertEqual((north.state, north.user_id.id), ("ready", False))

    def test_free_move_refuses_bins_of_another_warehouse(self):
        session, _ = self.open("move_stock")
        self.assertOtherWarehouse(session, lambda: session.scan("NTH-N01"), "Bin", self.north_bin.complete_name)
        session.scan("A010101")
        session.scan("5901234123457")
        session.act("quantity", 3)
        self.assertOtherWarehouse(session, lambda: session.scan("NTH-N02"), "Bin", self.north_bin2.complete_name)
        self.assertEqual((self.qty(self.box, self.bin_a), self.qty(self.box, self.north_bin2)), (10, 0))
        screen = session.scan("A010102")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual((self.qty(self.box, self.bin_a), self.qty(self.box, self.bin_b)), (7, 3))

    def test_count_and_inquiry_refuse_a_bin_of_another_warehouse(self):
        count, _ = self.open("count")
        self.assertOtherWarehouse(count, lambda: count.scan("NTH-N01"), "Bin", self.north_bin.complete_name)
        inquiry, _ = self.open("bin_inquiry")
        self.assertOtherWarehouse(inquiry, lambda: inquiry.scan("NTH-N01"), "Bin", self.north_bin.complete_name)

    def test_pick_and_receive_refuse_a_transfer_of_another_warehouse(self):
        delivery = self.env["stock.picking"].create({
            "picking_type_id": self.other.out_type_id.id, "location_id": self.north_bin.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "move_ids": [Command.create({
                "product_id": self.box.id, "product_uom_qty": 2, "product_uom": self.box.uom_id.id,
                "location_id": self.north_bin.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id})],
        })
        delivery.action_confirm()
        delivery.action_assign()
        pick, _ = self.open("pick")
        self.assertOtherWarehouse(pick, lambda: pick.scan(delivery.name), "Transfer", delivery.name)
        supplier = self.env.ref("stock.stock_location_suppliers")
        receipt = self.env["stock.picking"].create({
            "picking_type_id": self.other.in_type_id.id, "location_id": supplier.id,
            "location_dest_id": self.other.lot_stock_id.id,
            "move_ids": [Command.create({
                "product_id": self.box.id, "product_uom_qty": 2, "product_uom": self.box.uom_id.id,
                "location_id": supplier.id, "location_dest_id": self.other.lot_stock_id.id})],
        })
        receipt.action_confirm()
        receive, _ = self.open("receive")
        self.assertOtherWarehouse(receive, lambda: receive.scan(receipt.name), "Transfer", receipt.name)
        self.assertRefused(receive, lambda: receive.scan("5901234123457"), "No open receipt of", self.here)

    def test_a_session_in_the_other_warehouse_works_there(self):
        Session = self.env["wms.scan.session"].with_user(self.operator)
        session = Session.browse(Session.open_session("move_stock", warehouse_id=self.other.id)["session_id"])
        self.assertRefused(session, lambda: session.scan("A010101"), "Bin", "belongs to warehouse", self.here,
                           "this session works in North")
        session.scan("NTH-N01")
        session.scan("5901234123457")
        session.act("quantity", 2)
        screen = session.scan("NTH-N02")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual((self.qty(self.box, self.north_bin), self.qty(self.box, self.north_bin2)), (5, 2))
        self.assertEqual(self.env["stock.picking"].search([], order="id desc", limit=1).picking_type_id,
                         self.other.int_type_id)
