"""Bad device input over /json/2, table-driven: a 422 for malformed arguments, a refusal screen
for a wrong quantity, and nothing changed either way, in every quantity step (move, pick,
receive, putaway, count).

The request bodies are serialised here with Python's ``json`` (``requests`` refuses NaN), so
``NaN``/``Infinity`` literals, 400-digit integers and ``\\ud800`` escapes reach Odoo as a
device would send them.
"""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .putaway_common import PutawayMixin
from .scan_common import ScanCase

NAN, INF = float("nan"), float("inf")
SURROGATE = "\ud800"

# Quantity values of the right JSON type that are not quantities: the scanner's refusal screen.
WRONG_QUANTITIES = [
    ("nan", "is not a quantity"), ("inf", "cannot be recorded"), ("-inf", "is not a quantity"),
    (NAN, "is not a quantity"), (INF, "cannot be recorded"), (1e308, "cannot be recorded"),
    ("1e400", "cannot be recorded"), (10**400, "cannot be recorded"), (1e-9, "cannot be recorded"),
    ("1e-9", "cannot be recorded"), (-1, "is not a quantity"), ("abc", "is not a quantity"),
]
# Arguments of the wrong shape: HTTP 422 naming the argument.
MALFORMED_ACTS = [
    ({"value": True}, "value"), ({"value": False}, "value"), ({"value": [1]}, "value"),
    ({"value": {"qty": 1}}, "value"), ({"value": "5\x00"}, "value"), ({"value": "5" + SURROGATE}, "value"),
    ({"value": "9" * 200}, "value"), ({"action": 5}, "action"), ({"action": "quantity" + SURROGATE}, "action"),
    ({"request_id": 7}, "request_id"), ({"request_id": "r\x00"}, "request_id"),
    ({"request_id": SURROGATE}, "request_id"),
]
MALFORMED_SCANS = [
    ({"barcode": "5901234123457" + SURROGATE}, "barcode"), ({"barcode": SURROGATE}, "barcode"),
    ({"barcode": 5901234123457}, "barcode"), ({"barcode": None}, "barcode"), ({"barcode": ["A010101"]}, "barcode"),
    ({"barcode": "X" * 5000}, "barcode"),
]


@tagged("post_install", "-at_install")
class TestDeviceApiArguments(ScanCase, PutawayMixin, HttpCase):
    """Bin A010101 holds Box 10 (ScanCase); the operator drives every scenario with an API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        expiry = fields.Date.today() + timedelta(days=30)
        cls.key = cls.env["res.users.apikeys"].with_user(cls.operator).sudo()._generate(None, "device", expiry)
        cls.supplier = cls.env.ref("stock.stock_location_suppliers")
        cls.vendor = cls.env["res.partner"].create({"name": "Vendor"})

    # -- helpers ----------------------------------------------------------------------------
    def call(self, method, **params):
        return self.url_open(f"/json/2/wms.scan.session/{method}", data=json.dumps(params),
                             headers={"Content-Type": "application/json", "Authorization": f"bearer {self.key}"})

    def ok(self, method, **params):
        response = self.call(method, **params)
        self.assertEqual(response.status_code, 200, response.text)
        screen = response.json()
        self.assertNotEqual((screen["message"] or {}).get("type"), "error", screen["message"])
        return screen

    def session(self, screen):
        return self.env["wms.scan.session"].browse(screen["session_id"])

    def assertQuantityStep(self, session_id):
        """Every bad argument of ``act``/``scan`` in this quantity step: refused, nothing changed."""
        session = self.session({"session_id": session_id})
        self.assertEqual(session.state, "quantity")
        before = self.snapshot(session)
        for value, words in WRONG_QUANTITIES:
            with self.subTest(value=value):
                response = self.call("act", ids=[session_id], action="quantity", value=value, request_id="q")
                self.assertEqual(response.status_code, 200, response.text)
                screen = response.json()
                self.assertEqual(screen["message"]["type"], "error", screen)
                self.assertIn(words, screen["message"]["body"])
                self.assertEqual(self.snapshot(session), before)
        for params, name in MALFORMED_ACTS:
            with self.subTest(**{k: ascii(v)[:20] for k, v in params.items()}):
                response = self.call("act", **({"ids": [session_id], "action": "quantity", "value": 1} | params))
                self.assertMalformed(response, name)
                self.assertEqual(self.snapshot(session), before)
        for params, name in MALFORMED_SCANS:
            with self.subTest(**{k: ascii(v)[:20] for k, v in params.items()}):
                self.assertMalformed(self.call("scan", ids=[session_id], **params), name)
                self.assertEqual(self.snapshot(session), before)
        # The same step still takes a good quantity.
        self.ok("act", ids=[session_id], action="quantity", value=1, request_id="good")

    def assertMalformed(self, response, name):
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        self.assertIn(f"Argument {name} must be", response.json()["message"])

    # -- every quantity step ----------------------------------------------------------------
    def test_move_stock_quantity_step(self):
        screen = self.ok("open_session", scenario="move_stock")
        self.ok("scan", ids=[screen["session_id"]], barcode="A010101")
        self.ok("scan", ids=[screen["session_id"]], barcode="5901234123457")
        self.assertQuantityStep(screen["session_id"])
        self.assertEqual(self.session(screen).data["quantity"], 1.0)

    def test_pick_quantity_step(self):
        customer = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id, "location_id": self.stock.id,
            "location_dest_id": customer.id,
            "move_ids": [Command.create({"product_id": self.box.id, "product_uom_qty": 3,
                                         "location_id": self.stock.id, "location_dest_id": customer.id})],
        })
        picking.action_confirm()
        picking.action_assign()
        screen = self.ok("open_session", scenario="pick")
        self.ok("scan", ids=[screen["session_id"]], barcode=picking.name)
        self.ok("scan", ids=[screen["session_id"]], barcode="A010101")
        self.ok("scan", ids=[screen["session_id"]], barcode="5901234123457")
        self.assertQuantityStep(screen["session_id"])

    def test_receive_quantity_step(self):
        picking = self.receipt((self.box, 5))
        screen = self.ok("open_session", scenario="receive")
        self.ok("scan", ids=[screen["session_id"]], barcode=picking.name)
        self.ok("scan", ids=[screen["session_id"]], barcode="5901234123457")
        self.assertQuantityStep(screen["session_id"])
        self.assertEqual(self.session(screen).data["counts"][0]["qty"], 1.0)

    def test_putaway_quantity_step(self):
        # PutawayMixin.setup_putaway() would replace the class's vendor by one this test rolls back.
        self.warehouse.write({"wms_putaway_strategy": "directed", "wms_putaway_task_mode": "line"})
        self.env["stock.location"].search([("wms_zone_id", "=", self.zone.id)]).write({"wms_max_units": 20})
        self.receipt((self.box, 5))
        screen = self.ok("open_session", scenario="next_task")
        screen = self.ok("act", ids=[screen["session_id"]], action="next")
        self.assertEqual((screen["scenario"], screen["state"]), ("putaway", "scan_bin"))
        task = self.env["wms.task"].browse(screen["task"]["id"])
        self.ok("scan", ids=[screen["session_id"]], barcode=task._wms_todo_lines()[:1].location_dest_id.barcode)
        self.ok("scan", ids=[screen["session_id"]], barcode="5901234123457")
        self.assertQuantityStep(screen["session_id"])

    def test_count_quantity_step(self):
        screen = self.ok("open_session", scenario="count")
        self.ok("scan", ids=[screen["session_id"]], barcode="A010101")
        self.ok("scan", ids=[screen["session_id"]], barcode="5901234123457")
        self.assertQuantityStep(screen["session_id"])
        self.assertEqual(self.session(screen).data["counts"], [{"product_id": self.box.id, "lot_id": False, "qty": 1.0}])

    # -- the other arguments ----------------------------------------------------------------
    def test_session_ids_scenario_and_warehouse_are_checked(self):
        screen = self.ok("open_session", scenario="bin_inquiry")
        session = self.session(screen)
        other = self.ok("open_session", scenario="count")["session_id"]
        before = self.snapshot(session)
        sessions = self.env["wms.scan.session"].search_count([])
        for ids in ([], [session.id, other], [str(session.id)], [float(session.id) + 0.5], session.id + 0.5,
                    True, [True], [[session.id]], [2**40], [-session.id], None):
            for method, params in (("scan", {"barcode": "A010101"}), ("act", {"action": "cancel"}), ("screen", {})):
                with self.subTest(ids=ids, method=method):
                    self.assertMalformed(self.call(method, ids=ids, **params), "ids")
        for scenario in (["pick"], {"name": "pick"}, 5, None, "pick" + SURROGATE, "pick\x00"):
            with self.subTest(scenario=ascii(scenario)):
                self.assertMalformed(self.call("open_session", scenario=scenario), "scenario")
        for warehouse_id in (str(self.warehouse.id), float(self.warehouse.id), True, [self.warehouse.id], 2**40, 0):
            with self.subTest(warehouse_id=warehouse_id):
                self.assertMalformed(self.call("open_session", scenario="count", warehouse_id=warehouse_id),
                                     "warehouse_id")
        self.assertEqual(self.snapshot(session), before)
        self.assertEqual(self.env["wms.scan.session"].search_count([]), sessions)
        # A control character from a misconfigured scanner is an unreadable scan, not a malformed call.
        response = self.call("scan", ids=[session.id], barcode="A01\x000101")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("Unreadable barcode", response.json()["message"]["body"])
        self.assertEqual(self.snapshot(session), before)
