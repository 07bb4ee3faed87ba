from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestScannerTour(HttpCase):
    """The scanner app on a phone: scenarios driven through the browser, checked in the database.

    Zone "Q": bins Q-01-01-01 (barcode Q010101) with 10 units of "WMS Scan
    Widget" (barcode 5012345678900), Q-01-01-02 and Q-01-02-01, all empty,
    and a move task of 3 units from Q-01-01-01 to Q-01-01-02.
    """

    browser_size = "360x640"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.operator = new_test_user(cls.env, "scan_op", groups="wms_micraft.group_wms_operator", password="scan_op")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.zone = cls.env["wms.zone"].create({
            "name": "Scanner zone", "code": "Q", "warehouse_id": cls.warehouse.id, "zone_type": "pick",
        })
        cls.env["wms.bin.generator"].create({
            "warehouse_id": cls.warehouse.id, "zone_id": cls.zone.id,
            "aisle_from": 1, "aisle_to": 1, "bay_from": 1, "bay_to": 2, "level_from": 1, "level_to": 2,
        }).action_generate()
        Location = cls.env["stock.location"]
        cls.bin_a = Location.search([("barcode", "=", "Q010101")])
        cls.bin_b = Location.search([("barcode", "=", "Q010102")])
        cls.bin_c = Location.search([("barcode", "=", "Q010201")])
        cls.product = cls.env["product.product"].create({
            "name": "WMS Scan Widget", "is_storable": True, "barcode": "5012345678900",
        })
        cls.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": cls.product.id, "location_id": cls.bin_a.id, "inventory_quantity": 10,
        }).action_apply_inventory()

    def qty(self, location):
        quants = self.env["stock.quant"].search([("product_id", "=", self.product.id),
                                                 ("location_id", "=", location.id)])
        return sum(quants.mapped("quantity"))

    def test_seed(self):
        """The data the tours rely on, checked without a browser."""
        self.assertEqual((self.bin_a.name, self.bin_b.name, self.bin_c.name), ("Q-01-01-01", "Q-01-01-02", "Q-01-02-01"))
        self.assertEqual(self.qty(self.bin_a), 10)
        self.assertTrue(self.operator.has_group("wms_micraft.group_wms_operator"))
        self.assertFalse(self.operator.has_group("wms_micraft.group_wms_manager"))

    def test_next_task_tour(self):
        task = self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "location_dest_id": self.bin_b.id, "product_id": self.product.id, "quantity": 3,
        })
        picking = task.picking_id
        self.assertEqual(picking.state, "assigned", "creating the task reserves its transfer")

        self.start_tour("/odoo/action-wms_micraft.action_wms_scanner", "wms_micraft_scanner_tour", login="scan_op")

        self.env.invalidate_all()
        self.assertEqual(task.state, "done")
        self.assertEqual(task.user_id, self.operator)
        self.assertEqual(task.quantity_done, 3)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 3)
        self.assertEqual(self.qty(self.bin_b), 3)
        self.assertEqual(self.qty(self.bin_a), 7)
        self.assertEqual(self.operator.wms_last_bin_id, self.bin_b)
        # Every scan and action carried its own request id.
        sessions = self.env["wms.scan.session"].search([("user_id", "=", self.operator.id)])
        request_ids = sessions.request_ids.mapped("request_id")
        self.assertGreaterEqual(len(request_ids), 6)
        self.assertEqual(len(request_ids), len(set(request_ids)))

    def test_move_stock_tour(self):
        self.start_tour("/odoo/action-wms_micraft.action_wms_scanner", "wms_micraft_scanner_move_stock_tour",
                        login="scan_op")

        self.env.invalidate_all()
        self.assertEqual(self.qty(self.bin_c), 2)
        self.assertEqual(self.qty(self.bin_a), 8)
        self.assertEqual(self.qty(self.bin_b), 0)
        picking = self.env["stock.picking"].search([("location_id", "=", self.bin_a.id),
                                                    ("location_dest_id", "=", self.bin_c.id)])
        self.assertEqual(len(picking), 1, "one internal transfer per move, refused inputs left nothing behind")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)

    def test_not_an_operator_tour(self):
        """A stock user without the WMS operator group gets the server's refusal on screen, not a crash."""
        new_test_user(self.env, "scan_stock_user", groups="stock.group_stock_user", password="scan_stock_user")
        with mute_logger("odoo.http"):  # the refused call is logged by the server
            self.start_tour("/odoo/action-wms_micraft.action_wms_scanner", "wms_micraft_scanner_denied_tour",
                            login="scan_stock_user")
        self.assertFalse(self.env["wms.scan.session"].search_count([("user_id.login", "=", "scan_stock_user")]))

    def test_pick_tour(self):
        out_type = self.warehouse.out_type_id
        out_type.wms_short_pick_policy = "backorder"
        customer = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create({
            "name": "PICK-TOUR-1", "picking_type_id": out_type.id, "location_id": self.warehouse.lot_stock_id.id,
            "location_dest_id": customer.id,
            "move_ids": [(0, 0, {
                "product_id": self.product.id, "product_uom_qty": 3, "product_uom": self.product.uom_id.id,
                "location_id": self.warehouse.lot_stock_id.id, "location_dest_id": customer.id,
            })],
        })
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.location_id, self.bin_a)

        self.start_tour("/odoo/action-wms_micraft.action_wms_scanner", "wms_micraft_scanner_pick_tour",
                        login="scan_op")

        self.env.invalidate_all()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 2)
        self.assertEqual(self.qty(self.bin_a), 8)
        backorder = self.env["stock.picking"].search([("backorder_id", "=", picking.id)])
        self.assertEqual(backorder.move_ids.product_uom_qty, 1)
        count = self.env["wms.task"].search([("task_type", "=", "count"), ("location_id", "=", self.bin_a.id)])
        self.assertEqual(len(count), 1)
        task = self.env["wms.task"].search([("picking_id", "=", picking.id), ("task_type", "=", "pick")])
        self.assertEqual((task.state, task.user_id, task.quantity_done), ("done", self.operator, 2))

    def test_receive_tour(self):
        supplier = self.env.ref("stock.stock_location_suppliers")
        stock = self.warehouse.lot_stock_id
        picking = self.env["stock.picking"].create({
            "name": "RCV-TOUR-1", "picking_type_id": self.warehouse.in_type_id.id, "location_id": supplier.id,
            "location_dest_id": stock.id,
            "move_ids": [(0, 0, {
                "product_id": self.product.id, "product_uom_qty": 5, "product_uom": self.product.uom_id.id,
                "location_id": supplier.id, "location_dest_id": stock.id,
            })],
        })
        picking.action_confirm()
        before = self.product.with_context(location=stock.id).qty_available

        self.start_tour("/odoo/action-wms_micraft.action_wms_scanner", "wms_micraft_scanner_receive_tour",
                        login="scan_op")

        self.env.invalidate_all()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 5)
        self.assertEqual(self.product.with_context(location=stock.id).qty_available - before, 5)
