from odoo import api, fields, models


class WmsTaskReassign(models.TransientModel):
    """Supervisor: hand open tasks to another WMS operator (checked by ``wms.task.action_reassign``)."""

    _name = "wms.task.reassign"
    _description = "Reassign Warehouse Tasks"

    @api.model
    def _default_task_ids(self):
        context = self.env.context
        return context.get("active_ids", []) if context.get("active_model") == "wms.task" else []

    task_ids = fields.Many2many("wms.task", string="Tasks", required=True, default=_default_task_ids)
    user_id = fields.Many2one(
        "res.users", "New operator", required=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref("wms_micraft.group_wms_operator").ids),
                             ("share", "=", False)])

    def action_reassign(self):
        self.ensure_one()
        self.task_ids.action_reassign(self.user_id.id)
        return {"type": "ir.actions.act_window_close"}
