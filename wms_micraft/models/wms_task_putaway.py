from odoo import models


class WmsTask(models.Model):
    """Putaway tasks execute the planned (open) move lines of a receipt or storage transfer."""

    _inherit = "wms.task"

    def _wms_sync_putaway_quantity(self):
        """Quantity and destination follow the task's open lines (they are split and re-planned)."""
        for task in self:
            lines = task.move_line_ids.filtered(lambda line: line.state not in ("done", "cancel"))
            if lines:
                task.write({"quantity": sum(lines.mapped("quantity_product_uom")),
                            "location_dest_id": lines[0].location_dest_id.id})
