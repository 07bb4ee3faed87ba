"""Holding and releasing a lot is a manager's decision, with a reason, recorded in the lot's chatter."""

from odoo.exceptions import AccessError, UserError

from .scan_common import ScanCase


class TestLotHold(ScanCase):
    def hold_messages(self, lot):
        return lot.message_ids.filtered(lambda m: "hold" in (m.body or "").lower())

    def test_operator_can_neither_hold_nor_release(self):
        for lot, method in ((self.lot_held, "action_wms_release"), (self.lot_ok, "action_wms_hold")):
            with self.subTest(method=method), \
                    self.assertRaisesRegex(AccessError, "Only a WMS manager can hold or release lots"):
                getattr(lot.with_user(self.operator), method)("Because")
        with self.assertRaisesRegex(AccessError, "Hold and release lots with"):
            self.lot_held.with_user(self.operator).write({"wms_hold": False})
        with self.assertRaisesRegex(AccessError, "Hold and release lots with"):
            self.lot_ok.with_user(self.operator).write({"wms_hold": True, "wms_hold_reason": "Mine"})
        with self.assertRaisesRegex(AccessError, "Hold and release lots with"):
            self.lot_held.with_user(self.operator).write({"wms_hold_reason": "Nothing really"})
        with self.assertRaisesRegex(AccessError, "Hold and release lots with"):
            self.env["stock.lot"].with_user(self.operator).create({
                "name": "NEW-HELD", "product_id": self.drug.id, "wms_hold": True, "wms_hold_reason": "x"})
        self.assertEqual((self.lot_held.wms_hold, self.lot_held.wms_hold_reason), (True, "Recall 42"))
        self.assertFalse(self.lot_ok.wms_hold)
        # operators still edit what Odoo lets stock users edit on a lot
        self.lot_ok.with_user(self.operator).write({"ref": "Supplier 77"})
        self.assertEqual(self.lot_ok.ref, "Supplier 77")

    def test_manager_holds_and_releases_with_a_reason(self):
        lot = self.lot_ok.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Say why"):
            lot.action_wms_hold("   ")
        self.assertFalse(self.lot_ok.wms_hold)
        lot.action_wms_hold("Supplier recall 5")
        self.assertEqual((self.lot_ok.wms_hold, self.lot_ok.wms_hold_reason), (True, "Supplier recall 5"))
        with self.assertRaisesRegex(UserError, "LOT-OK is already on hold"):
            lot.action_wms_hold("Again")
        lot.action_wms_release("Supplier cleared it")
        self.assertEqual((self.lot_ok.wms_hold, self.lot_ok.wms_hold_reason), (False, False))
        with self.assertRaisesRegex(UserError, "LOT-OK is not on hold"):
            lot.action_wms_release("Again")
        held, released = self.hold_messages(self.lot_ok).sorted("id")
        self.assertIn("Put on hold: Supplier recall 5", held.body)
        self.assertIn("Released from hold: Supplier cleared it", released.body)
        self.assertEqual((held.author_id, released.author_id), (self.manager.partner_id, self.manager.partner_id))
        # a manager too goes through the buttons: a plain write would skip the reason
        with self.assertRaisesRegex(AccessError, "Hold and release lots with"):
            lot.write({"wms_hold": True, "wms_hold_reason": "Quietly"})

    def test_wizard_asks_the_reason(self):
        wizard = self.env["wms.lot.hold.wizard"].with_user(self.manager).with_context(
            active_model="stock.lot", active_ids=self.lot_held.ids, default_action="release").create({})
        with self.assertRaisesRegex(UserError, "Say why"):
            wizard.action_confirm()
        wizard.reason = "Lab test negative"
        wizard.action_confirm()
        self.assertFalse(self.lot_held.wms_hold)
        self.assertIn("Released from hold: Lab test negative", self.hold_messages(self.lot_held)[:1].body)
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.env["wms.lot.hold.wizard"].with_user(self.operator).with_context(
                active_model="stock.lot", active_ids=self.lot_ok.ids).create({"action": "hold", "reason": "x"})

    def test_held_lot_is_refused_by_the_scanner(self):
        self.lot_ok.with_user(self.manager).action_wms_hold("Damaged pallet")
        session, _screen = self.open("move_stock")
        session.scan("A010101")
        self.assertRefused(session, lambda: session.scan("LOT-OK"), "LOT-OK is on hold (Damaged pallet)")
