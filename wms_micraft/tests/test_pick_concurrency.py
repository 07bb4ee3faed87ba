import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPickConcurrency(TransactionCase):
    """Two pickers scanning the same transfer at the same time, through two real connections.

    The data is committed (no data in the test transaction: its locks would
    block the other connections) and removed afterwards. The product is a
    non-storable consumable, so Odoo reserves it without quants and the test
    leaves no stock behind.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = env.ref("wms_micraft.group_wms_operator")
            users = env["res.users"].create([
                {"name": f"Picker {i}", "login": f"wms_picker_{i}", "group_ids": [(6, 0, group.ids)]} for i in (1, 2)
            ])
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            product = env["product.product"].create({"name": "Race cone", "type": "consu", "is_storable": False})
            customer = env.ref("stock.stock_location_customers")
            picking = env["stock.picking"].create({
                "picking_type_id": warehouse.out_type_id.id, "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": customer.id,
                "move_ids": [Command.create({
                    "product_id": product.id, "product_uom_qty": 2, "product_uom": product.uom_id.id,
                    "location_id": warehouse.lot_stock_id.id, "location_dest_id": customer.id,
                })],
            })
            picking.action_confirm()
            picking.action_assign()
            sessions = [env["wms.scan.session"].with_user(user).open_session("pick")["session_id"] for user in users]
            self.ids = {"users": users.ids, "product": product.id, "picking": picking.id, "sessions": sessions,
                        "name": picking.name}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            picking = env["stock.picking"].browse(self.ids["picking"])
            env["wms.task"].search([("picking_id", "=", picking.id)]).unlink()
            env["wms.scan.session"].browse(self.ids["sessions"]).unlink()
            picking.action_cancel()
            picking.unlink()
            env["product.product"].browse(self.ids["product"]).action_archive()
            env["res.users"].browse(self.ids["users"]).unlink()

    def _session(self, cr, index):
        env = api.Environment(cr, self.ids["users"][index], {})
        return env["wms.scan.session"].browse(self.ids["sessions"][index])

    def test_second_picker_waits_then_is_refused(self):
        cr1 = self.registry.cursor()
        self.addCleanup(cr1.close)
        first = self._session(cr1, 0).scan(self.ids["name"])
        self.assertEqual(first["state"], "scan_bin", first["message"])
        # Picker 1 has inserted its pick task but not committed: picker 2 scans the same transfer now.
        result = {}

        def second_picker():
            with self.registry.cursor() as cr2:
                result["screen"] = self._session(cr2, 1).scan(self.ids["name"])

        thread = threading.Thread(target=second_picker)
        thread.start()
        thread.join(timeout=2)
        self.assertTrue(thread.is_alive(), "picker 2 must wait on picker 1's uncommitted task, not pass it")
        cr1.commit()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        screen = result["screen"]
        self.assertEqual(screen["message"]["type"], "error")
        self.assertIn(self.ids["name"], screen["message"]["body"])
        self.assertIn("another operator", screen["message"]["body"])
        self.assertEqual(screen["state"], "select")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tasks = env["wms.task"].search([("picking_id", "=", self.ids["picking"])])
            self.assertEqual(len(tasks), 1)
            self.assertEqual(tasks.user_id.id, self.ids["users"][0])

    def test_after_commit_the_second_picker_is_told_who_picks(self):
        with self.registry.cursor() as cr1:
            self._session(cr1, 0).scan(self.ids["name"])
        with self.registry.cursor() as cr2:
            screen = self._session(cr2, 1).scan(self.ids["name"])
            self.assertEqual(screen["message"]["type"], "error")
            self.assertIn("Picker 1", screen["message"]["body"])
            picking = api.Environment(cr2, SUPERUSER_ID, {})["stock.picking"].browse(self.ids["picking"])
            self.assertFalse(any(picking.move_line_ids.mapped("picked")))
