"""My next task: pull the next task from the queue and dispatch it to its scenario.

Specification
-------------
``idle``    the operator presses "Next task" (action ``next``, or scans the
            ``confirm`` command) to claim the best ready task for them
            (priority, their zones, walking distance from their last bin;
            see ``wms.task._claim_next``) in the session's warehouse, or
            scans a task barcode to take that task — refused when it
            belongs to another operator, another warehouse, or is not open. A claimed task opens its scenario in directed mode:
            ``move`` -> "move stock", ``pick`` -> "pick", ``count`` ->
            "count", ``putaway`` -> "putaway", ``receive`` -> "receive" (see ``DISPATCH``). Task types
            whose scenario is not built yet are shown and can be released.
``task``    a claimed task without a scenario: ``release`` gives it back.
When the queue is empty the screen says so and nothing changes.
"""

from . import messages
from .scenario import Scenario

DISPATCH = {"move": "move_stock", "pick": "pick", "count": "count", "putaway": "putaway", "receive": "receive"}


class NextTask(Scenario):
    name = "next_task"
    initial_state = "idle"

    def title(self):
        return self.env._("My next task")

    def start(self, message=None, **params):
        self.state, self.data = self.initial_state, {}
        return self.render(message)

    def allowed_actions(self):
        return ["next"] if self.state == "idle" else ["pause", "release"]

    def on_scan(self, scan):
        if scan.kind == "command" and scan.command == "confirm" and self.state == "idle":
            return self.action_next()
        if scan.kind == "command" and scan.command == "cancel" and self.state == "task":
            return self.action_release()
        refusal = self.check_kind(scan, ["task"])
        if refusal:
            return self.error(refusal)
        task = scan.record
        if task.user_id and task.user_id != self.env.user:
            return self.error(messages.task_of_other_operator(self.env, task.name, task.user_id.name))
        if task.state not in ("ready", "assigned", "in_progress", "paused"):
            return self.error(messages.task_not_open(
                self.env, task.name, dict(task._fields["state"].selection)[task.state]))
        if task.state == "ready":
            locked = task.try_lock_for_update()
            if not locked:
                return self.error(messages.task_busy(self.env, task.name))
            task._assign_to(self.env.user)
        return self._dispatch(task)

    def action_next(self, value=None):
        summary = self.env["wms.task"].action_next_task(warehouse_id=self.session.warehouse_id.id)
        if not summary:
            return self.render(messages.no_task(self.env))
        return self._dispatch(self.env["wms.task"].browse(summary["id"]))

    def _dispatch(self, task):
        scenario = DISPATCH.get(task.task_type)
        if scenario and (task.picking_id or task.batch_id or (task.task_type == "count" and task.location_id)):
            return self.switch(scenario, task=task)
        self.state, self.data = "task", {"task_id": task.id}
        return self.render(messages.task_claimed(self.env, task.name))

    def action_release(self, value=None):
        task = self.env["wms.task"].browse(self.data.get("task_id"))
        task.action_release()
        self.state, self.data = self.initial_state, {}
        return self.render(messages.task_released(self.env, task.name))

    def _screen_idle(self):
        return {"instruction": self.env._("Press Next task, or scan a task."), "expect": ["task", "command"],
                "input": "scan"}

    def _screen_task(self):
        task = self.env["wms.task"].browse(self.data.get("task_id"))
        _ = self.env._
        return {
            "instruction": _("No scan flow for %(type)s tasks yet: do it in Odoo, or release it.",
                             type=dict(task._fields["task_type"].selection)[task.task_type]),
            "expect": [],
            "input": "none",
            "task": task._summary(),
        }
