from odoo import fields, models


class StockPutawayRule(models.Model):
    """A putaway rule may hand the choice of the bin to the WMS engine.

    "Directed (WMS)" as *Store to sublocation*: among the bins below *Store
    to*, the engine picks one (capacity, consolidation, velocity, distance,
    mixing rules), whatever the warehouse's own strategy. Rules before it
    (Odoo's order) still apply first, rules after it only when it finds no bin.
    """

    _inherit = "stock.putaway.rule"

    sublocation = fields.Selection(selection_add=[("wms_directed", "Directed (WMS)")],
                                   ondelete={"wms_directed": "set default"})

    def _get_putaway_location(self, product, quantity=0, package=None, packaging=None, qty_by_location=None):
        directed = self.filtered(lambda rule: rule.sublocation == "wms_directed")
        if not directed:
            return super()._get_putaway_location(product, quantity, package, packaging, qty_by_location)
        # Odoo tries the rules in order: run Odoo's own on the rules before the
        # first directed one, then the engine, then the rest the same way.
        index = list(self).index(directed[0])
        before, rule, after = self[:index], self[index], self[index + 1:]
        if before:
            location = super(StockPutawayRule, before)._get_putaway_location(
                product, quantity, package, packaging, qty_by_location)
            if location:
                return location
        location = rule.location_out_id._wms_directed_putaway(product, quantity, package, packaging)
        if location:
            return location
        return after._get_putaway_location(product, quantity, package, packaging, qty_by_location) if after else None
