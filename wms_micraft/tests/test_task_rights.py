"""The task state machine: operators only move tasks through the actions that check them.

Operators cannot write a task (state, operator, done quantity, priority);
supervisors reassign through a wizard that checks the operator and the task;
cancelling a move task frees the stock its transfer reserved; the pause
button of the scanner pauses the task and the queue gives it back.
"""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from .scan_common import ScanCase


class TestTaskRights(ScanCase):
    def count_task(self, **values):
        return self.env["wms.task"].create({
            "task_type": "count", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id, **values,
        })

    def claimed_task(self):
        task = self.count_task()
        self.assertEqual(self.env["wms.task"].with_user(self.operator).action_next_task()["id"], task.id)
        return task

    def move_task(self, quantity=4):
        return self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "location_dest_id": self.bin_b.id, "product_id": self.box.id, "quantity": quantity,
        })

    def reserved(self, product, location):
        quants = self.env["stock.quant"].search([("product_id", "=", product.id), ("location_id", "=", location.id)])
        return sum(quants.mapped("reserved_quantity"))

    # -- operators: read-only on tasks ---------------------------------------------------
    def test_operator_cannot_write_the_state_machine(self):
        task = self.claimed_task()
        for vals in ({"state": "done", "quantity_done": 999}, {"state": "done"}, {"user_id": self.operator2.id},
                     {"quantity_done": 999}, {"priority": "3"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "not allowed to modify"):
                task.with_user(self.operator).write(vals)
        task.invalidate_recordset()
        self.assertEqual((task.state, task.user_id, task.quantity_done, task.priority),
                         ("assigned", self.operator, 0.0, "0"))
        with self.assertRaisesRegex(AccessError, "not allowed to delete"):
            task.with_user(self.operator).unlink()
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.env["wms.task"].with_user(self.operator).create({
                "task_type": "count", "warehouse_id": self.warehouse.id, "user_id": self.operator.id})

    def test_manager_changes_state_only_through_actions(self):
        task = self.claimed_task()
        for vals in ({"state": "done"}, {"user_id": self.operator2.id}, {"quantity_done": 5}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "only through its buttons"):
                task.with_user(self.manager).write(vals)
        task.with_user(self.manager).write({"priority": "2", "note": "Urgent"})
        self.assertEqual((task.state, task.user_id, task.priority), ("assigned", self.operator, "2"))

    def test_operator_transitions_through_actions(self):
        task = self.claimed_task()
        mine = task.with_user(self.operator)
        mine.action_start()
        self.assertEqual(task.state, "in_progress")
        mine.action_pause()
        self.assertEqual(task.state, "paused")
        with self.assertRaisesRegex(UserError, "is Paused: it cannot be paused"):
            mine.action_pause()
        mine.action_start()
        self.assertEqual(task.state, "in_progress")
        mine.action_release()
        self.assertEqual((task.state, task.user_id.id), ("ready", False))
        # a task in the queue is not the operator's yet: claim it first
        with self.assertRaisesRegex(UserError, "is Ready: it cannot be started"):
            mine.action_start()
        mine.action_release()  # already back in the queue: nothing to do
        self.assertEqual((task.state, task.user_id.id), ("ready", False))
        # nor can an operator start, pause or release a colleague's task
        task._assign_to(self.operator2)
        for action in ("action_start", "action_pause", "action_release"):
            with self.subTest(action=action), self.assertRaisesRegex(AccessError, "belongs to Second operator, not to you"):
                getattr(mine, action)()
        self.assertEqual((task.state, task.user_id), ("assigned", self.operator2))

    def test_operator_cannot_cancel_a_task(self):
        task = self.claimed_task()
        with self.assertRaisesRegex(AccessError, "Only a WMS manager can cancel tasks"):
            task.with_user(self.operator).action_cancel()
        self.assertEqual(task.state, "assigned")

    # -- reassignment: a supervisor's wizard --------------------------------------------------
    def reassign(self, task, user, as_user=None):
        wizard = self.env["wms.task.reassign"].with_user(as_user or self.manager).with_context(
            active_model="wms.task", active_ids=task.ids).create({"user_id": user.id})
        return wizard.action_reassign()

    def test_supervisor_reassigns_with_the_wizard(self):
        task = self.claimed_task()
        task.with_user(self.operator).action_start()
        self.reassign(task, self.operator2)
        self.assertEqual((task.state, task.user_id), ("assigned", self.operator2))
        self.assertFalse(self.env["wms.task"].with_user(self.operator).search([("id", "=", task.id)]))

    def test_operator_cannot_reassign(self):
        task = self.claimed_task()
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.reassign(task, self.operator2, as_user=self.operator)
        with self.assertRaisesRegex(AccessError, "Only a WMS manager can reassign tasks"):
            task.with_user(self.operator).action_reassign(self.operator2.id)
        self.assertEqual(task.user_id, self.operator)

    def test_reassign_refuses_a_non_operator_another_company_and_closed_tasks(self):
        task = self.claimed_task()
        clerk = new_test_user(self.env, "wms_clerk", name="Clerk", groups="stock.group_stock_user")
        with self.assertRaisesRegex(UserError, "Clerk.*is not a WMS operator"):
            self.reassign(task, clerk)
        other_company = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        stranger = new_test_user(self.env, "wms_stranger", groups="wms_micraft.group_wms_operator",
                                 company_id=other_company.id, company_ids=[(6, 0, other_company.ids)])
        with self.assertRaisesRegex(UserError, "does not work for .*company"):
            self.reassign(task, stranger)
        self.assertEqual(task.user_id, self.operator)
        task.with_user(self.manager).action_cancel()
        with self.assertRaisesRegex(UserError, "is Cancelled: only open tasks can be reassigned"):
            self.reassign(task, self.operator2)
        self.assertEqual((task.state, task.user_id), ("cancel", self.operator))

    # -- cancel frees what a move task reserved ---------------------------------------------------
    def test_cancelling_a_move_task_unreserves_its_transfer(self):
        task = self.move_task(4)
        self.assertEqual(self.reserved(self.box, self.bin_a), 4)
        task.with_user(self.manager).action_cancel()
        self.assertEqual(task.state, "cancel")
        self.assertEqual(task.picking_id.state, "cancel")
        self.assertEqual(self.reserved(self.box, self.bin_a), 0)
        self.assertEqual(self.qty(self.box, self.bin_a), 10)
        # the whole 10 can be reserved again
        again = self.move_task(10)
        self.assertEqual(sum(again.move_line_ids.mapped("quantity")), 10)

    # -- views: no editing of the operator or the state ------------------------------------------
    def test_form_does_not_edit_operator_nor_state(self):
        task = self.claimed_task()
        with Form(task.with_user(self.manager)) as form:
            with self.assertRaisesRegex(AssertionError, "readonly field"):
                form.user_id = self.operator2
            with self.assertRaisesRegex(AssertionError, "readonly field"):
                form.state = "done"
            form.priority = "1"
        self.assertEqual((task.user_id, task.state, task.priority), (self.operator, "assigned", "1"))

    def test_kanban_cards_cannot_be_dragged_between_states(self):
        arch = self.env["wms.task"].with_user(self.manager).get_view(view_type="kanban")["arch"]
        self.assertIn('records_draggable="0"', arch)

    # -- pause from the scanner ----------------------------------------------------------------
    def test_scanner_pauses_a_task_and_the_queue_gives_it_back(self):
        task = self.move_task(4)
        session, _screen = self.open("next_task")
        screen = session.act("next")
        self.assertEqual((screen["scenario"], task.state), ("move_stock", "in_progress"))
        self.assertIn({"name": "pause", "label": "Pause"}, screen["actions"])
        session.scan("A010101")
        screen = session.act("pause")
        self.assertEqual((screen["scenario"], screen["state"]), ("next_task", "idle"))
        self.assertEqual(screen["message"]["body"], f"Task {task.name} is paused: Next task resumes it.")
        self.assertEqual((task.state, task.user_id), ("paused", self.operator))
        self.assertEqual(self.reserved(self.box, self.bin_a), 4)
        # nobody else gets it meanwhile
        self.assertFalse(self.env["wms.task"].with_user(self.operator2).action_next_task())
        screen = session.act("next")
        self.assertEqual((screen["scenario"], screen["state"], task.state),
                         ("move_stock", "scan_source", "in_progress"))
        self.assertEqual(screen["task"]["id"], task.id)
