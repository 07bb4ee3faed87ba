"""Devices drive the scan scenarios over Odoo 19's JSON-2 API with API keys.

    POST /json/2/wms.scan.session/open_session   {"scenario": "move_stock"}
    POST /json/2/wms.scan.session/scan           {"ids": [session_id], "barcode": "...", "request_id": "..."}
    POST /json/2/wms.scan.session/act            {"ids": [session_id], "action": "quantity", "value": 2}
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeviceApi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        zone = cls.env["wms.zone"].create({"name": "Api", "code": "P", "warehouse_id": cls.warehouse.id})
        cls.env["wms.bin.generator"].create({
            "warehouse_id": cls.warehouse.id, "zone_id": zone.id, "aisle_from": 1, "aisle_to": 1,
            "bay_from": 1, "bay_to": 2, "level_from": 1, "level_to": 1,
        }).action_generate()
        cls.bin_from = cls.env["stock.location"].search([("barcode", "=", "P010101")])
        cls.bin_to = cls.env["stock.location"].search([("barcode", "=", "P010201")])
        cls.product = cls.env["product.product"].create({"name": "Api box", "is_storable": True, "barcode": "API-BOX-1"})
        cls.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": cls.product.id, "location_id": cls.bin_from.id, "inventory_quantity": 8,
        }).action_apply_inventory()
        cls.device = new_test_user(cls.env, "wms_device", groups="wms_micraft.group_wms_operator")
        expiry = fields.Date.today() + timedelta(days=30)
        cls.key = cls.env["res.users.apikeys"].with_user(cls.device).sudo()._generate(None, "conveyor", expiry)
        other_company = cls.env["res.company"].create({"name": "Elsewhere Ltd"})
        cls.stranger = new_test_user(cls.env, "wms_stranger", groups="wms_micraft.group_wms_operator",
                                     company_id=other_company.id, company_ids=[(6, 0, other_company.ids)])
        cls.stranger_key = cls.env["res.users.apikeys"].with_user(cls.stranger).sudo()._generate(None, "x", expiry)

    def call(self, method, key, **params):
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["Authorization"] = f"bearer {key}"
        return self.url_open(f"/json/2/wms.scan.session/{method}", json=params, headers=headers)

    def test_no_key_and_wrong_key_refused(self):
        response = self.call("open_session", None, scenario="move_stock")
        self.assertEqual(response.status_code, 401)
        response = self.call("open_session", "not-a-key", scenario="move_stock")
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.env["wms.scan.session"].search([("user_id", "=", self.device.id)]))

    def test_key_of_another_company_cannot_use_this_warehouse(self):
        response = self.call("open_session", self.stranger_key, scenario="move_stock", warehouse_id=self.warehouse.id)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertFalse(self.env["wms.scan.session"].search([("user_id", "=", self.stranger.id)]))
        # nor drive a session of this company's operator
        session_id = self.call("open_session", self.key, scenario="bin_inquiry").json()["session_id"]
        response = self.call("scan", self.stranger_key, ids=[session_id], barcode="P010101")
        self.assertIn(response.status_code, (403, 404), response.text)

    def test_bad_arguments_are_422_with_a_message(self):
        response = self.call("open_session", self.key, scenario="teleport")
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("Unknown scenario 'teleport'", response.json()["message"])
        response = self.call("open_session", self.key, flavour="vanilla")
        self.assertEqual(response.status_code, 422)

    def test_valid_key_completes_a_move(self):
        screen = self.call("open_session", self.key, scenario="move_stock").json()
        session = [screen["session_id"]]
        self.assertEqual(screen["expect"], ["bin"])
        wrong = self.call("scan", self.key, ids=session, barcode="API-BOX-1", request_id="d1").json()
        self.assertEqual(wrong["message"]["type"], "error")
        self.call("scan", self.key, ids=session, barcode="P010101", request_id="d2")
        self.call("scan", self.key, ids=session, barcode="API-BOX-1", request_id="d3")
        screen = self.call("act", self.key, ids=session, action="quantity", value=5, request_id="d4").json()
        self.assertEqual(screen["state"], "scan_destination")
        done = self.call("scan", self.key, ids=session, barcode="P010201", request_id="d5").json()
        self.assertEqual(done["message"]["type"], "success", done)
        retry = self.call("scan", self.key, ids=session, barcode="P010201", request_id="d5").json()
        self.assertTrue(retry["replayed"])
        quants = self.env["stock.quant"].search([("product_id", "=", self.product.id)])
        by_bin = {q.location_id: q.quantity for q in quants}
        self.assertEqual(by_bin[self.bin_from], 3)
        self.assertEqual(by_bin[self.bin_to], 5)
        move = self.env["stock.move"].search([("product_id", "=", self.product.id), ("location_dest_id", "=", self.bin_to.id)])
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "done")
        self.assertEqual(move.create_uid, self.device)
