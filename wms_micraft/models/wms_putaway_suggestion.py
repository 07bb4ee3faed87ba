from odoo import api, fields, models


class WmsPutawaySuggestion(models.Model):
    """Why a bin was chosen: one directed putaway decision, kept for the supervisor.

    Each record is one placement the engine planned for a move line (a line
    split over several bins has one per bin), with its score breakdown.
    Capacity is promised by the open move line itself (Odoo's forecast: stock
    plus open incoming lines), so an open suggestion always counts as used
    capacity for the next ones without being counted twice. The state follows
    the move line: done when Odoo validates it, cancelled when it is dropped.
    When the operator stored the goods elsewhere, ``actual_bin_id`` and
    ``reason`` say where and why.
    """

    _name = "wms.putaway.suggestion"
    _description = "Putaway Suggestion"
    _order = "id desc"
    _check_company_auto = True
    _rec_name = "bin_id"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True,
                                 default=lambda self: self.env.company)
    warehouse_id = fields.Many2one("stock.warehouse", check_company=True, index=True, readonly=True)
    move_line_id = fields.Many2one("stock.move.line", "Move line", index="btree_not_null", ondelete="set null",
                                   readonly=True)
    picking_id = fields.Many2one("stock.picking", "Transfer", index="btree_not_null", readonly=True,
                                 check_company=True)
    task_id = fields.Many2one("wms.task", "Task", index="btree_not_null", readonly=True, ondelete="set null")
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    lot_id = fields.Many2one("stock.lot", "Lot", readonly=True)
    quantity = fields.Float(digits="Product Unit", readonly=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    location_id = fields.Many2one("stock.location", "Planned in", readonly=True,
                                  help="The location whose bins were ranked.")
    bin_id = fields.Many2one("stock.location", "Suggested bin", required=True, index=True, readonly=True)
    actual_bin_id = fields.Many2one("stock.location", "Stored in", compute="_compute_actual", store=True,
                                    readonly=True)
    followed = fields.Boolean(compute="_compute_actual", store=True,
                              help="The goods went to the suggested bin.")
    score = fields.Float(digits=(12, 2), readonly=True)
    breakdown = fields.Json(readonly=True)
    breakdown_text = fields.Text("Why this bin", compute="_compute_breakdown_text")
    state = fields.Selection([("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
                             compute="_compute_state", store=True, index=True, readonly=True)
    reason = fields.Char("Reason", readonly=True,
                         help="Why the goods went elsewhere, or why the line was planned again.")
    replaced = fields.Boolean(readonly=True, help="The line was planned again: a newer suggestion replaces this one.")

    @api.depends("move_line_id.state", "replaced")
    def _compute_state(self):
        for suggestion in self:
            line_state = suggestion.move_line_id.state
            if line_state == "done" or (not suggestion.move_line_id and suggestion.state == "done"):
                suggestion.state = "done"
            elif line_state == "cancel" or not suggestion.move_line_id or suggestion.replaced:
                suggestion.state = "cancelled"
            else:
                suggestion.state = "open"

    @api.depends("move_line_id.location_dest_id", "bin_id")
    def _compute_actual(self):
        for suggestion in self:
            if suggestion.move_line_id:
                suggestion.actual_bin_id = suggestion.move_line_id.location_dest_id
            elif not suggestion.actual_bin_id:
                suggestion.actual_bin_id = False
            suggestion.followed = suggestion.actual_bin_id == suggestion.bin_id

    def _score_labels(self):
        _ = self.env._
        return {"consolidation": _("Consolidation"), "same_lot": _("Same lot"), "velocity": _("Velocity"),
                "height": _("Waist height"), "distance": _("Short walk"), "fit": _("Fill bins")}

    @api.depends("breakdown", "score")
    def _compute_breakdown_text(self):
        _ = self.env._
        labels = self._score_labels()
        for suggestion in self:
            data = suggestion.breakdown or {}
            if not data:
                suggestion.breakdown_text = False
                continue
            lines = [_("%(label)s: %(points)s points", label=label, points=data.get(name, 0))
                     for name, label in labels.items()]
            lines.append(_("Total: %(total)s points", total=data.get("total", suggestion.score)))
            lines.append(_(
                "Bin class %(bin_class)s for a class %(item_class)s product, %(distance)s m from the dock, "
                "%(height)s m high, %(fill)s%% full after the putaway.",
                bin_class=data.get("bin_class", "-"), item_class=data.get("item_class", "-"),
                distance=data.get("distance_m", "-"), height=data.get("z_m", "-"),
                fill=round(100 * (data.get("fill_after") or 0.0), 1)))
            suggestion.breakdown_text = "\n".join(lines)
