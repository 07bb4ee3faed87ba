from odoo import fields, models

from .wms_task import OPEN_STATES


class StockPicking(models.Model):
    _inherit = "stock.picking"

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
