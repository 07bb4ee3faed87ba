import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReceiveConcurrency(TransactionCase):
    """Two receivers scanning the same receipt at the same time, through two real connections.

    The data is committed (no data in the test transaction: its locks would
    block the other connections) and removed afterwards. The product is a
    non-storable consumable: no stock is left behind.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = env.ref("wms_micraft.group_wms_operator")
            users = env["res.users"].create([
                {"name": f"Receiver {i}", "login": f"wms_receiver_{i}", "group_ids": [(6, 0, group.ids)]}
                for i in (1, 2)
            ])
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            product = env["product.product"].create({"name": "Race pallet", "type": "consu", "is_storable": False,
                                                     "barcode": "WMS-RACE-PALLET"})
            supplier = env.ref("stock.stock_location_suppliers")
            picking = env["stock.picking"].create({
                "picking_type_id": warehouse.in_type_id.id, "location_id": supplier.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [Command.create({
                    "product_id": product.id, "product_uom_qty": 4, "product_uom": product.uom_id.id,
                    "location_id": supplier.id, "location_dest_id": warehouse.lot_stock_id.id,
                })],
            })
            picking.action_confirm()
            sessions = [env["wms.scan.session"].with_user(user).open_session("receive")["session_id"]
                        for user in users]
            self.ids = {"users": users.ids, "product": product.id, "picking": picking.id, "sessions": sessions,
                        "name": picking.name}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            picking = env["stock.picking"].browse(self.ids["picking"])
            env["wms.task"].search([("picking_id", "=", picking.id)]).unlink()
            env["wms.scan.session"].browse(self.ids["sessions"]).unlink()
            if picking.state != "done":  # a done receipt (of a non-storable product) cannot be deleted
                picking.action_cancel()
                picking.unlink()
            env["product.product"].browse(self.ids["product"]).action_archive()
            env["res.users"].browse(self.ids["users"]).unlink()

    def _session(self, cr, index):
        env = api.Environment(cr, self.ids["users"][index], {})
        return env["wms.scan.session"].browse(self.ids["sessions"][index])

    def _tasks(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tasks = env["wms.task"].search([("picking_id", "=", self.ids["picking"])])
            return [(task.task_type, task.state, task.user_id.id) for task in tasks]

    def test_second_receiver_waits_then_is_refused_by_name(self):
        cr1 = self.registry.cursor()
        self.addCleanup(cr1.close)
        first = self._session(cr1, 0).scan(self.ids["name"])
        self.assertEqual(first["state"], "scan_product", first["message"])
        # Receiver 1 has inserted the receive task but not committed: receiver 2 scans the receipt now.
        result = {}

        def second_receiver():
            with self.registry.cursor() as cr2:
                # As every RPC: inside Odoo's ``retrying`` (a concurrency error retries the request).
                session = self._session(cr2, 1)
                result["screen"] = retrying(lambda: session.scan(self.ids["name"]), session.env)
                result["session"] = (session.state, session.data)

        thread = threading.Thread(target=second_receiver)
        thread.start()
        thread.join(timeout=2)
        self.assertTrue(thread.is_alive(), "receiver 2 must wait on receiver 1's uncommitted task, not pass it")
        cr1.commit()
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        screen = result["screen"]
        self.assertEqual(screen["message"]["type"], "error")
        self.assertIn(f"{self.ids['name']} is being received by Receiver 1", screen["message"]["body"])
        self.assertEqual(screen["state"], "select")
        state, data = result["session"]
        self.assertEqual(state, "select")
        self.assertFalse(data, "the refused receiver's session holds no receipt and no count")
        self.assertEqual(self._tasks(), [("receive", "in_progress", self.ids["users"][0])])

    def test_after_commit_the_second_receiver_is_told_who_receives_and_the_first_validates(self):
        with self.registry.cursor() as cr1:
            self._session(cr1, 0).scan(self.ids["name"])
        with self.registry.cursor() as cr2:
            screen = self._session(cr2, 1).scan(self.ids["name"])
            self.assertEqual(screen["message"]["type"], "error")
            self.assertIn("being received by Receiver 1", screen["message"]["body"])
            # Scanning the product finds the same receipt, held: refused by name too.
            screen = self._session(cr2, 1).scan("WMS-RACE-PALLET")
            self.assertIn("being received by Receiver 1", screen["message"]["body"])
        with self.registry.cursor() as cr1:
            session = self._session(cr1, 0)
            session.scan("WMS-RACE-PALLET")
            session.act("quantity", 4)
            screen = session.act("done")
            self.assertEqual(screen["message"]["type"], "success", screen["message"])
            picking = api.Environment(cr1, SUPERUSER_ID, {})["stock.picking"].browse(self.ids["picking"])
            self.assertEqual((picking.state, picking.move_ids.quantity), ("done", 4))
        self.assertEqual(self._tasks(), [("receive", "done", self.ids["users"][0])])
