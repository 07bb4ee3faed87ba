from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import WmsCase


class TestSecurity(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate(aisle_to=1)
        cls.bin_ = cls.bin("A010101")

    def test_groups_and_privilege(self):
        operator_group = self.env.ref("wms_micraft.group_wms_operator")
        manager_group = self.env.ref("wms_micraft.group_wms_manager")
        self.assertEqual(operator_group.privilege_id, manager_group.privilege_id)
        self.assertIn(self.env.ref("stock.group_stock_user"), operator_group.implied_ids)
        self.assertIn(operator_group, manager_group.implied_ids)
        self.assertIn(self.env.ref("stock.group_stock_manager"), manager_group.implied_ids)
        self.assertTrue(self.operator.has_group("stock.group_stock_user"))
        self.assertFalse(self.operator.has_group("stock.group_stock_manager"))
        self.assertTrue(self.manager.has_group("wms_micraft.group_wms_operator"))

    def test_every_model_has_access_rows(self):
        models = self.env["ir.model"].search([("model", "=like", "wms.%"), ("transient", "=", False), ("abstract", "=", False)])
        self.assertTrue(models)
        for model in models:
            self.assertTrue(
                self.env["ir.model.access"].search_count([("model_id", "=", model.id)]),
                f"no access row for {model.model}")
            self.assertTrue(
                self.env["ir.rule"].search_count([("model_id", "=", model.id)]),
                f"no multi-company rule for {model.model}")

    def test_operator_cannot_run_generator(self):
        with self.assertRaises(AccessError):
            self.env["wms.bin.generator"].with_user(self.operator).create({
                "warehouse_id": self.warehouse.id, "zone_id": self.zone.id,
            })

    def test_operator_cannot_change_capacity_or_zones(self):
        with self.assertRaises(AccessError):
            self.bin_.with_user(self.operator).write({"wms_max_weight": 9999})
        with self.assertRaises(AccessError):
            self.zone.with_user(self.operator).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.env["stock.storage.category"].with_user(self.operator).create({"name": "X", "wms_max_units": 1})
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.warehouse.id)])
        with self.assertRaises(AccessError):
            layout.with_user(self.operator).write({"depot_x": 42})
        self.assertEqual(self.bin_.wms_max_weight, 0.0)

    def test_operator_reads_bins_occupancy_and_prints_labels(self):
        bin_ = self.bin_.with_user(self.operator)
        self.assertEqual(bin_.wms_fill_state, "empty")
        occupancy = self.env["wms.bin.occupancy"].with_user(self.operator).search([("zone_id", "=", self.zone.id)])
        self.assertEqual(sorted(occupancy.mapped("barcode")), sorted(self.zone.bin_ids.mapped("barcode")))
        wizard = self.env["wms.bin.label.wizard"].with_user(self.operator).create({"location_ids": [(6, 0, bin_.ids)]})
        action = wizard.action_print()
        self.assertTrue(action["url"].startswith("/web/content/"))

    def test_manager_designs_the_warehouse(self):
        self.bin_.with_user(self.manager).write({"wms_max_weight": 500, "wms_blocked": True, "wms_block_reason": "Broken beam"})
        self.assertEqual(self.bin_.wms_max_weight, 500)
        wizard = self.env["wms.bin.generator"].with_user(self.manager).create({
            "warehouse_id": self.warehouse.id, "zone_id": self.zone.id, "aisle_from": 2, "aisle_to": 2,
            "bay_from": 1, "bay_to": 2, "level_from": 1, "level_to": 1,
        })
        wizard.action_generate()
        self.assertEqual(wizard.created_count, 2)

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_wh = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)], limit=1)
        other_zone = self.env["wms.zone"].create({"name": "Other", "code": "O", "warehouse_id": other_wh.id})
        other_user = new_test_user(
            self.env, "wms_other", groups="wms_micraft.group_wms_manager",
            company_id=other_company.id, company_ids=[(6, 0, other_company.ids)])
        zones = self.env["wms.zone"].with_user(other_user).search([])
        self.assertEqual(zones, other_zone)
        occupancy = self.env["wms.bin.occupancy"].with_user(other_user).search([])
        self.assertFalse(occupancy.filtered(lambda o: o.company_id == self.company))
        self.assertFalse(self.env["wms.zone"].with_user(self.manager).search([("id", "=", other_zone.id)]))
