import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestWaveConcurrency(TransactionCase):
    """Two supervisors releasing overlapping waves at the same time, through two real connections.

    The data is committed (the test transaction holds none: its locks would
    block the other connections) and removed afterwards. The product is a
    non-storable consumable, so Odoo reserves it without quants and the test
    leaves no stock behind; its lines are in WH/Stock, off the layout, so
    they count from the depot. Plan 1 holds deliveries 1-3; plan 2, previewed
    after delivery 4 was confirmed, holds 1-4.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = env.ref("wms_micraft.group_wms_manager")
            users = env["res.users"].create([
                {"name": f"Supervisor {i}", "login": f"wms_supervisor_{i}", "group_ids": [(6, 0, group.ids)]}
                for i in (1, 2)
            ])
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            layout = env["wms.layout"].search([("warehouse_id", "=", warehouse.id)])
            created_layout = False
            if not layout:
                layout = env["wms.layout"].create({
                    "warehouse_id": warehouse.id,
                    "aisle_ids": [Command.create({"name": "1", "position": 2.0, "start": 0.0, "end": 10.0})],
                    "cross_aisle_ids": [Command.create({"position": 0.0}), Command.create({"position": 10.0})],
                })
                created_layout = True
            product = env["product.product"].create({"name": "Wave cone", "type": "consu", "is_storable": False})
            template = env["wms.wave.template"].create({
                "name": "Race wave", "warehouse_id": warehouse.id, "picking_type_id": warehouse.out_type_id.id,
                "horizon_hours": 0, "cart_max_orders": 2, "time_budget": 0.5,
            })
            self.ids = {"users": users.ids, "product": product.id, "template": template.id,
                        "layout": layout.id if created_layout else None, "pickings": []}
            # Only this test's deliveries are planned: others (none expected) would only add noise.
            pickings = [self._delivery(env, warehouse, product) for _i in range(3)]
            plan1 = env["wms.wave.plan"].with_user(users[0]).create({"template_id": template.id})
            plan1.action_preview()
            pickings.append(self._delivery(env, warehouse, product))
            plan2 = env["wms.wave.plan"].with_user(users[1]).create({"template_id": template.id})
            plan2.action_preview()
            self.ids.update(pickings=[p.id for p in pickings], plans=[plan1.id, plan2.id])
        self.addCleanup(self._cleanup)

    def _delivery(self, env, warehouse, product):
        customer = env.ref("stock.stock_location_customers")
        picking = env["stock.picking"].create({
            "picking_type_id": warehouse.out_type_id.id, "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": customer.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": 1, "product_uom": product.uom_id.id,
                "location_id": warehouse.lot_stock_id.id, "location_dest_id": customer.id,
            })],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pickings = env["stock.picking"].browse(self.ids["pickings"]).exists()
            batches = pickings.batch_id
            env["wms.task"].search([("batch_id", "in", batches.ids)]).unlink()
            env["wms.wave.plan"].browse(self.ids.get("plans", [])).exists().unlink()
            for batch in batches:
                batch.action_cancel()
            batches.unlink()
            pickings.action_cancel()
            pickings.unlink()
            env["wms.wave.template"].browse(self.ids["template"]).unlink()
            if self.ids["layout"]:
                env["wms.layout"].browse(self.ids["layout"]).unlink()
            env["product.product"].browse(self.ids["product"]).action_archive()
            env["res.users"].browse(self.ids["users"]).unlink()

    def _plan(self, cr, index):
        env = api.Environment(cr, self.ids["users"][index], {})
        return env["wms.wave.plan"].browse(self.ids["plans"][index])

    def _batches_by_picking(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            batches = env["stock.picking.batch"].search([("picking_ids", "in", self.ids["pickings"])])
            seen = {}
            for batch in batches:
                for picking in batch.picking_ids:
                    seen.setdefault(picking.id, []).append(batch.id)
            tasks = env["wms.task"].search_count([("batch_id", "in", batches.ids), ("task_type", "=", "pick")])
            return seen, len(batches), tasks

    def test_concurrent_releases_never_put_a_delivery_in_two_batches(self):
        cr1 = self.registry.cursor()
        self.addCleanup(cr1.close)
        plan1 = self._plan(cr1, 0)
        self.assertEqual(sorted(plan1.line_ids.picking_ids.ids), self.ids["pickings"][:3])
        plan1.action_release()
        self.assertEqual(len(plan1.batch_ids), 2)
        # Supervisor 1 has written its batches but not committed: supervisor 2 releases now.
        result = {}

        def second_supervisor():
            with self.registry.cursor() as cr2:
                plan2 = self._plan(cr2, 1)
                plan2.action_release()
                result["skipped"] = plan2.skipped_picking_ids.ids
                result["released"] = plan2.batch_ids.picking_ids.ids
                result["message"] = plan2.result

        thread = threading.Thread(target=second_supervisor)
        thread.start()
        thread.join(timeout=60)
        # SKIP LOCKED: supervisor 2 does not wait for supervisor 1, it leaves its deliveries alone.
        self.assertFalse(thread.is_alive(), "supervisor 2 must skip the deliveries supervisor 1 holds, not wait")
        cr1.commit()
        self.assertEqual(sorted(result["skipped"]), self.ids["pickings"][:3])
        self.assertEqual(result["released"], self.ids["pickings"][3:])
        self.assertIn("Skipped", result["message"])
        seen, batch_count, task_count = self._batches_by_picking()
        self.assertEqual(sorted(seen), sorted(self.ids["pickings"]))
        self.assertTrue(all(len(batch_ids) == 1 for batch_ids in seen.values()), seen)
        self.assertEqual(batch_count, 3)
        self.assertEqual(task_count, 3)

    def test_release_after_the_other_committed_skips_its_deliveries(self):
        with self.registry.cursor() as cr1:
            self._plan(cr1, 0).action_release()
        with self.registry.cursor() as cr2:
            plan2 = self._plan(cr2, 1)
            plan2.action_release()
            self.assertEqual(sorted(plan2.skipped_picking_ids.ids), self.ids["pickings"][:3])
            self.assertEqual(plan2.batch_ids.picking_ids.ids, self.ids["pickings"][3:])
        seen, batch_count, _tasks = self._batches_by_picking()
        self.assertTrue(all(len(batch_ids) == 1 for batch_ids in seen.values()), seen)
        self.assertEqual(len(seen), 4)
        self.assertEqual(batch_count, 3)
