from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_assign(self, force_qty=False):
        # Odoo adds newly reserved quantities to an existing line of the same
        # source, lot and package whatever its destination, without planning
        # the putaway again: a line sent to a bin by directed putaway would then
        # overfill it. Such lines are planned again (and split when needed).
        planned = self.move_line_ids.filtered(lambda line: line.wms_putaway_suggestion_ids)
        before = {line.id: line.quantity for line in planned}
        result = super()._action_assign(force_qty=force_qty)
        grown = planned.exists().filtered(
            lambda line: line.product_uom_id.compare(line.quantity, before[line.id]) > 0)
        if grown:
            grown._apply_putaway_strategy()
        return result
