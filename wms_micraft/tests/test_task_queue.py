import re
import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

from .scan_common import ScanCase


class TestTaskQueue(ScanCase):
    def task(self, bin_, priority="0", **values):
        return self.env["wms.task"].create({
            "task_type": "count", "warehouse_id": self.warehouse.id, "location_id": bin_.id,
            "priority": priority, **values,
        })

    def test_priority_first_then_walking_distance(self):
        far = self.task(self.bin("A030402"))
        near = self.task(self.bin("A010201"))
        urgent_far = self.task(self.bin("A030401"), priority="2")
        self.operator.sudo().wms_last_bin_id = self.bin("A010101")
        Task = self.env["wms.task"].with_user(self.operator)
        first = Task.action_next_task()
        self.assertEqual(first["id"], urgent_far.id)
        self.assertEqual(urgent_far.user_id, self.operator)
        self.assertEqual(urgent_far.state, "assigned")
        # an open task is handed back until it is finished or released
        self.assertEqual(Task.action_next_task()["id"], urgent_far.id)
        urgent_far.with_user(self.operator).action_release()
        self.assertEqual((urgent_far.state, urgent_far.user_id.id), ("ready", False))
        urgent_far.priority = "0"
        self.assertEqual(Task.action_next_task()["id"], near.id)
        self.assertFalse(far.user_id)

    def test_zones_of_the_operator(self):
        zone_b = self.env["wms.zone"].create({"name": "B", "code": "B", "warehouse_id": self.warehouse.id})
        in_b = self.task(self.bin("A010101"), zone_id=zone_b.id, priority="3")
        in_a = self.task(self.bin("A010102"))
        self.operator.sudo().wms_zone_ids = self.zone
        self.assertEqual(self.env["wms.task"].with_user(self.operator).action_next_task()["id"], in_a.id)
        self.assertFalse(in_b.user_id)

    def test_empty_queue(self):
        self.assertFalse(self.env["wms.task"].with_user(self.operator).action_next_task())

    def test_pause_reassign_cancel_and_rights(self):
        task = self.task(self.bin("A010101"))
        self.env["wms.task"].with_user(self.operator).action_next_task()
        task.with_user(self.operator).action_start()
        self.assertEqual(task.state, "in_progress")
        task.with_user(self.operator).action_pause()
        self.assertEqual(task.state, "paused")
        with self.assertRaises(UserError):
            task.with_user(self.operator).action_reassign(self.operator2.id)
        with self.assertRaises(UserError):
            task.with_user(self.operator).action_cancel()
        # another operator cannot even see it
        self.assertFalse(self.env["wms.task"].with_user(self.operator2).search([("id", "=", task.id)]))
        with self.assertRaises(AccessError):
            task.with_user(self.operator2).action_start()
        task.with_user(self.manager).action_reassign(self.operator2.id)
        self.assertEqual((task.user_id, task.state), (self.operator2, "assigned"))
        with self.assertRaises(UserError):
            task.with_user(self.manager).action_reassign(self.env.ref("base.user_root").id + 10**6)
        task.with_user(self.manager).action_cancel()
        self.assertEqual(task.state, "cancel")
        with self.assertRaises(AccessError):
            self.env["wms.task"].with_user(self.operator).create({"task_type": "count", "warehouse_id": self.warehouse.id})

    def test_stale_claims_released(self):
        stale = self.task(self.bin("A010101"))
        fresh = self.task(self.bin("A010102"))
        stale.write({"state": "assigned", "user_id": self.operator.id,
                     "date_assigned": fields.Datetime.now() - timedelta(minutes=45)})
        fresh.write({"state": "assigned", "user_id": self.operator2.id,
                     "date_assigned": fields.Datetime.now() - timedelta(minutes=5)})
        self.assertEqual(self.env["wms.task"]._release_stale_claims(), 1)
        self.assertEqual((stale.state, stale.user_id.id), ("ready", False))
        self.assertEqual(fresh.state, "assigned")
        self.env["ir.config_parameter"].set_param("wms_micraft.stale_claim_minutes", 2)
        self.assertEqual(self.env["wms.task"]._release_stale_claims(), 1)

    def test_labour_timestamps(self):
        task = self.task(self.bin("A010101"))
        self.assertTrue(task.create_date)
        self.env["wms.task"].with_user(self.operator).action_next_task()
        self.assertTrue(task.date_assigned)
        task.with_user(self.operator).action_start()
        task.date_started = fields.Datetime.now() - timedelta(minutes=6)
        task._mark_done(1)
        self.assertAlmostEqual(task.duration, 6.0, delta=0.1)

    def test_move_task_reserves_an_internal_transfer(self):
        task = self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "location_dest_id": self.bin_b.id, "product_id": self.box.id, "quantity": 4,
        })
        self.assertEqual(task.picking_id.state, "assigned")
        self.assertEqual(sum(task.move_line_ids.mapped("quantity")), 4)
        self.assertEqual(task.move_line_ids.location_id, self.bin_a)
        self.assertEqual(task.move_line_ids.location_dest_id, self.bin_b)
        self.assertEqual(task.zone_id, self.zone)
        with self.assertRaisesRegex(ValidationError, f"no Box available in {re.escape(self.bin_c.display_name)}"):
            self.env["wms.task"].create({
                "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_c.id,
                "location_dest_id": self.bin_b.id, "product_id": self.box.id, "quantity": 4,
            })


@tagged("post_install", "-at_install")
class TestTaskQueueConcurrency(TransactionCase):
    """Two operators claiming at the same time, on committed data, through two real connections.

    No data in the test transaction: its locks would block the committing cursors.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = env.ref("wms_micraft.group_wms_operator")
            self.users = env["res.users"].create([
                {"name": f"Racer {i}", "login": f"wms_racer_{i}", "group_ids": [(6, 0, group.ids)]} for i in (1, 2)
            ]).ids
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            self.task_ids = env["wms.task"].create([
                {"task_type": "count", "warehouse_id": warehouse.id, "name": f"RACE-{i}"} for i in range(12)
            ]).ids
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["wms.task"].browse(self.task_ids).unlink()
            env["res.users"].browse(self.users).unlink()

    def test_two_connections_never_claim_the_same_task(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        env1 = api.Environment(cr1, self.users[0], {})
        env2 = api.Environment(cr2, self.users[1], {})
        first = env1["wms.task"]._claim_next(env1.user)
        env1.flush_all()  # operator 1 holds the row lock, not committed yet
        second = env2["wms.task"]._claim_next(env2.user)
        env2.flush_all()
        self.assertTrue(first and second)
        self.assertNotEqual(first.id, second.id)
        cr1.commit()
        cr2.commit()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claimed = env["wms.task"].browse([first.id, second.id])
            self.assertEqual(claimed.mapped("user_id").ids, self.users)
            self.assertEqual(set(claimed.mapped("state")), {"assigned"})

    def test_racing_threads_claim_each_task_exactly_once(self):
        barrier = threading.Barrier(2)
        claims = {uid: [] for uid in self.users}
        errors = []

        def worker(uid):
            try:
                barrier.wait(timeout=10)
                while True:
                    with self.registry.cursor() as cr:
                        env = api.Environment(cr, uid, {})
                        # retrying() is what every RPC runs in: serialization failures are retried
                        task = retrying(lambda: env["wms.task"]._claim_next(env.user).id, env)
                    if not task:
                        return
                    claims[uid].append(task)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(uid,)) for uid in self.users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse(errors)
        all_claims = claims[self.users[0]] + claims[self.users[1]]
        self.assertEqual(sorted(all_claims), sorted(self.task_ids))
        self.assertEqual(len(set(all_claims)), len(all_claims))
