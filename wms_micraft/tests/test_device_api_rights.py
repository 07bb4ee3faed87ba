"""What an operator's API key can do over ``/json/2``: what the scan flows allow, nothing more.

A session's state and data are the server's alone; tasks change only through
their actions; holding and releasing a lot is a manager's, with a reason.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeviceApiRights(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        zone = cls.env["wms.zone"].create({"name": "Rights", "code": "R", "warehouse_id": cls.warehouse.id})
        cls.env["wms.bin.generator"].create({
            "warehouse_id": cls.warehouse.id, "zone_id": zone.id, "aisle_from": 1, "aisle_to": 1,
            "bay_from": 1, "bay_to": 2, "level_from": 1, "level_to": 1,
        }).action_generate()
        cls.bin_from = cls.env["stock.location"].search([("barcode", "=", "R010101")])
        cls.bin_to = cls.env["stock.location"].search([("barcode", "=", "R010201")])
        cls.product = cls.env["product.product"].create({"name": "Rights box", "is_storable": True,
                                                         "barcode": "RIGHTS-BOX-1"})
        cls.drug = cls.env["product.product"].create({"name": "Rights drug", "is_storable": True, "tracking": "lot"})
        cls.lot_held = cls.env["stock.lot"].create({"name": "RIGHTS-HELD", "product_id": cls.drug.id,
                                                    "wms_hold": True, "wms_hold_reason": "Recall 7"})
        Quant = cls.env["stock.quant"].with_context(inventory_mode=True)
        Quant.create({"product_id": cls.product.id, "location_id": cls.bin_from.id,
                      "inventory_quantity": 5}).action_apply_inventory()
        Quant.create({"product_id": cls.drug.id, "location_id": cls.bin_from.id, "lot_id": cls.lot_held.id,
                      "inventory_quantity": 5}).action_apply_inventory()
        expiry = fields.Date.today() + timedelta(days=30)
        Keys = cls.env["res.users.apikeys"]
        cls.device = new_test_user(cls.env, "wms_rights_device", groups="wms_micraft.group_wms_operator")
        cls.key = Keys.with_user(cls.device).sudo()._generate(None, "scanner", expiry)
        cls.colleague = new_test_user(cls.env, "wms_rights_colleague", groups="wms_micraft.group_wms_operator")
        cls.supervisor = new_test_user(cls.env, "wms_rights_supervisor", name="Sue Pervisor",
                                       groups="wms_micraft.group_wms_manager")
        cls.supervisor_key = Keys.with_user(cls.supervisor).sudo()._generate(None, "desk", expiry)
        # a move task of the colleague: it reserves 2 of the 5 boxes
        cls.task = cls.env["wms.task"].create({
            "task_type": "move", "warehouse_id": cls.warehouse.id, "location_id": cls.bin_from.id,
            "location_dest_id": cls.bin_to.id, "product_id": cls.product.id, "quantity": 2,
        })
        cls.task.write({"state": "assigned", "user_id": cls.colleague.id, "date_assigned": fields.Datetime.now()})

    def call(self, model, method, key, **params):
        return self.url_open(f"/json/2/{model}/{method}", json=params,
                             headers={"Content-Type": "application/json", "Authorization": f"bearer {key}"})

    def stock(self):
        self.env.invalidate_all()
        quants = self.env["stock.quant"].search([("location_id", "in", (self.bin_from | self.bin_to).ids)])
        return sorted((q.location_id.barcode, q.product_id.name, q.quantity, q.reserved_quantity) for q in quants)

    def test_operator_cannot_write_their_session(self):
        screen = self.call("wms.scan.session", "open_session", self.key, scenario="move_stock").json()
        session_id = screen["session_id"]
        stock = self.stock()
        forged = {"source_id": self.bin_from.id, "product_id": self.product.id, "quantity": 50}
        for vals in ({"state": "scan_destination", "data": forged}, {"state": "scan_destination"}, {"data": forged},
                     {"user_id": self.colleague.id}):
            with self.subTest(vals=vals):
                response = self.call("wms.scan.session", "write", self.key, ids=[session_id], vals=vals)
                self.assertEqual(response.status_code, 403, response.text)
                self.assertIn("not allowed to modify", response.json()["message"])
        session = self.env["wms.scan.session"].browse(session_id)
        self.env.invalidate_all()
        self.assertEqual((session.state, session.data or {}, session.user_id), ("scan_source", {}, self.device))
        # the destination scan is taken for what it is: the first scan, a source bin
        screen = self.call("wms.scan.session", "scan", self.key, ids=[session_id], barcode="R010201").json()
        self.assertEqual(screen["state"], "scan_product")
        self.assertEqual(self.stock(), stock)
        response = self.call("wms.scan.session", "unlink", self.key, ids=[session_id])
        self.assertEqual(response.status_code, 403, response.text)

    def test_operator_cannot_create_a_session_nor_a_stored_answer(self):
        forged = {"scenario": "move_stock", "warehouse_id": self.warehouse.id,
                  "company_id": self.warehouse.company_id.id, "state": "scan_destination",
                  "data": {"task_id": self.task.id, "source_id": self.bin_from.id, "product_id": self.product.id,
                           "quantity": 2}}
        response = self.call("wms.scan.session", "create", self.key, vals_list=[forged])
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("not allowed to create", response.json()["message"])
        self.assertFalse(self.env["wms.scan.session"].search([("user_id", "=", self.device.id)]))
        screen = self.call("wms.scan.session", "open_session", self.key, scenario="bin_inquiry").json()
        session_id = screen["session_id"]
        response = self.call("wms.scan.request", "create", self.key, vals_list=[
            {"session_id": session_id, "request_id": "r1", "response": {"message": {"type": "success"}}}])
        self.assertEqual(response.status_code, 403, response.text)
        self.assertFalse(self.env["wms.scan.request"].search([("session_id", "=", session_id)]))
        self.env.invalidate_all()
        self.assertEqual((self.task.state, self.task.user_id), ("assigned", self.colleague))

    def test_operator_cannot_write_a_task(self):
        self.task.write({"user_id": self.device.id})
        for vals in ({"state": "done", "quantity_done": 999}, {"user_id": self.colleague.id}, {"priority": "3"}):
            with self.subTest(vals=vals):
                response = self.call("wms.task", "write", self.key, ids=[self.task.id], vals=vals)
                self.assertEqual(response.status_code, 403, response.text)
        response = self.call("wms.task", "action_reassign", self.key, ids=[self.task.id], user_id=self.colleague.id)
        self.assertEqual(response.status_code, 403, response.text)
        response = self.call("wms.task", "action_cancel", self.key, ids=[self.task.id])
        self.assertEqual(response.status_code, 403, response.text)
        self.env.invalidate_all()
        self.assertEqual((self.task.state, self.task.user_id, self.task.quantity_done, self.task.priority),
                         ("assigned", self.device, 0.0, "0"))

    def test_operator_cannot_release_a_held_lot(self):
        response = self.call("stock.lot", "write", self.key, ids=[self.lot_held.id], vals={"wms_hold": False})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("Hold and release lots", response.json()["message"])
        response = self.call("stock.lot", "action_wms_release", self.key, ids=[self.lot_held.id], reason="I say so")
        self.assertEqual(response.status_code, 403, response.text)
        self.assertIn("Only a WMS manager can hold or release lots", response.json()["message"])
        self.env.invalidate_all()
        self.assertEqual((self.lot_held.wms_hold, self.lot_held.wms_hold_reason), (True, "Recall 7"))
        # the held lot still cannot be moved by a scan
        session_id = self.call("wms.scan.session", "open_session", self.key, scenario="move_stock").json()["session_id"]
        self.call("wms.scan.session", "scan", self.key, ids=[session_id], barcode="R010101")
        screen = self.call("wms.scan.session", "scan", self.key, ids=[session_id], barcode="RIGHTS-HELD").json()
        self.assertEqual(screen["message"]["type"], "error")
        self.assertIn("RIGHTS-HELD is on hold (Recall 7)", screen["message"]["body"])

    def test_manager_releases_a_lot_with_a_reason(self):
        response = self.call("stock.lot", "action_wms_release", self.supervisor_key, ids=[self.lot_held.id],
                             reason="")
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("Say why", response.json()["message"])
        response = self.call("stock.lot", "action_wms_release", self.supervisor_key, ids=[self.lot_held.id],
                             reason="QA cleared, report 12")
        self.assertEqual(response.status_code, 200, response.text)
        self.env.invalidate_all()
        self.assertFalse(self.lot_held.wms_hold)
        message = self.lot_held.message_ids.filtered(lambda m: "QA cleared, report 12" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("Released from hold", message.body)
        self.assertEqual(message.author_id, self.supervisor.partner_id)
