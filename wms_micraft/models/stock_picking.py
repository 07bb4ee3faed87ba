from odoo import api, fields, models
from odoo.exceptions import UserError

from .wms_task import OPEN_STATES


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _wms_validate_scanned(self, skip_expired=True):
        """Validate through Odoo (``button_validate``) what was scanned on these transfers.

        Returns the backorders Odoo created for what was not picked (never
        the backorder wizard: ``skip_backorder``). product_expiry's
        expired-lot wizard is skipped (``skip_expired``): every scan flow
        checked each lot at scan time with the one expiry rule,
        ``stock.lot._wms_is_expired``. Any other wizard Odoo opens (a
        decision the scanner cannot take) raises a UserError naming the
        transfer and what Odoo asked for; nothing is validated then.
        """
        return self._wms_run_validation(self, "button_validate", skip_expired)

    @api.model
    def _wms_run_validation(self, records, method, skip_expired=True):
        """Call ``records.<method>()`` (a transfer's ``button_validate``, a batch's ``action_done``), see above."""
        created = []
        context = {"skip_backorder": True, "wms_backorder_ids": created}
        if skip_expired:
            context["skip_expired"] = True
        result = getattr(records.with_context(**context), method)()
        if isinstance(result, dict):
            raise UserError(self.env._("%(name)s needs a decision in Odoo (%(what)s): validate it there.",
                                       name=", ".join(records.mapped("name")),
                                       what=result.get("name") or result.get("res_model")))
        return self.browse(created)

    def _create_backorder(self, backorder_moves=None):
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        # _wms_run_validation collects the backorders its validation created (no query afterwards).
        collected = self.env.context.get("wms_backorder_ids")
        if collected is not None:
            collected.extend(backorders.ids)
        return backorders

    def _action_done(self):
        result = super()._action_done()
        # A transfer validated from Odoo's own form (not by a scanner) must not
        # leave its WMS tasks open in the queue.
        self.env["wms.task"].sudo()._close_validated(self)
        return result

    def action_cancel(self):
        result = super().action_cancel()
        self.env["wms.task"].sudo()._close_validated(self)
        return result


class StockPickingBatch(models.Model):
    _inherit = "stock.picking.batch"

    def _wms_validate_scanned(self, skip_expired=True):
        """The batch's ``action_done`` as ``stock.picking._wms_validate_scanned``: returns the backorders."""
        self.ensure_one()
        return self.env["stock.picking"]._wms_run_validation(self, "action_done", skip_expired)


class WmsTask(models.Model):
    _inherit = "wms.task"

    def _close_validated(self, pickings):
        """Open tasks of ``pickings`` whose move lines are all done, cancelled or gone are closed.

        Done when some of their lines were done (the done quantity is
        recorded), cancelled when none was (a transfer cancelled in Odoo).
        """
        tasks = self.search([("state", "in", OPEN_STATES), "|", ("move_line_ids.picking_id", "in", pickings.ids),
                             ("picking_id", "in", pickings.ids)])
        now = fields.Datetime.now()
        for task in tasks:
            lines = task.move_line_ids
            if any(line.state not in ("done", "cancel") for line in lines):
                continue
            done = lines.filtered(lambda line: line.state == "done")
            if done:
                task.write({"state": "done", "quantity_done": sum(done.mapped("quantity_product_uom")),
                            "date_finished": now})
            else:
                task.write({"state": "cancel"})
        return tasks
