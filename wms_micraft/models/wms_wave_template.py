import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..engine import batching

_logger = logging.getLogger(__name__)

SIZE_CLASSES = [("all", "All orders"), ("single", "Single-line orders"), ("multi", "Multi-line orders")]
PRIORITIES = [("0", "Normal"), ("1", "Urgent")]


class WmsWaveTemplate(models.Model):
    """Which deliveries a wave takes, and how many fit a cart and a wave.

    A supervisor opens "Plan wave" on a template: the deliveries it selects
    are grouped into carts by the batching engine (``engine/batching.py``)
    so that pickers walk least, and released as Odoo batches (or waves) with
    their routes and pick tasks. Templates marked "scheduled" are planned and
    released by a cron.
    """

    _name = "wms.wave.template"
    _description = "Wave Template"
    _order = "warehouse_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, ondelete="cascade", check_company=True,
                                   index=True)
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, precompute=True, index=True)
    picking_type_id = fields.Many2one(
        "stock.picking.type", "Operation type", required=True, check_company=True,
        domain="[('code', '=', 'outgoing'), ('warehouse_id', '=', warehouse_id)]",
        help="Deliveries of this operation type are planned.")
    # Which deliveries
    carrier_ids = fields.Many2many("delivery.carrier", string="Carriers",
                                   help="Only deliveries shipped by these carriers (none: any carrier).")
    horizon_hours = fields.Float(
        "Scheduled within (h)", default=24.0,
        help="Only deliveries scheduled before now plus this many hours (0: any date).")
    cutoff_hours = fields.Float(
        "Carrier cutoff (h before)", default=0.0,
        help="The cutoff of a delivery is its scheduled date minus this many hours; the earliest cutoffs "
             "are planned first after the urgent orders.")
    min_priority = fields.Selection(PRIORITIES, "Minimum priority", default="0", required=True,
                                    help="Urgent: only urgent deliveries.")
    zone_ids = fields.Many2many("wms.zone", string="Zones", check_company=True,
                                domain="[('warehouse_id', '=', warehouse_id)]",
                                help="Only deliveries whose every reserved line comes from these zones (none: any).")
    country_ids = fields.Many2many("res.country", string="Destination countries",
                                   help="Only deliveries to customers in these countries (none: any).")
    size_class = fields.Selection(SIZE_CLASSES, "Order size", default="all", required=True,
                                  help="Single-line: deliveries of one product line; multi-line: the others.")
    # Cart limits (0: no limit)
    cart_max_orders = fields.Integer("Totes per cart", default=8,
                                     help="Orders on one cart: one tote per order (0: no limit).")
    cart_max_lines = fields.Integer("Lines per cart", default=0,
                                    help="Move lines (bin visits) on one cart (0: no limit).")
    cart_max_weight = fields.Float("Weight per cart (kg)", default=0.0,
                                   help="From the products' weight times the reserved quantity (0: no limit).")
    cart_max_volume = fields.Float("Volume per cart (m³)", default=0.0, digits=(12, 4),
                                   help="From the products' volume times the reserved quantity, e.g. the totes' "
                                        "volume times the totes per cart (0: no limit).")
    # Wave limits (0: no limit)
    wave_max_orders = fields.Integer("Orders per wave", default=0, help="0: no limit.")
    wave_max_lines = fields.Integer("Lines per wave", default=0, help="0: no limit.")
    allow_split = fields.Boolean(
        "Split large orders", help="An order no cart can hold is cut into parts on several carts (as Odoo "
                                   "wave transfers); otherwise it is left out of the wave.")
    create_as_wave = fields.Boolean("Create waves", help="Release each cart as an Odoo wave transfer "
                                                         "instead of a batch transfer.")
    # Time estimates
    walking_speed = fields.Float("Walking speed (m/s)", default=1.0, digits=(4, 2))
    seconds_per_line = fields.Float("Seconds per line", default=15.0,
                                    help="Time to find, pick and put one line into its tote.")
    time_budget = fields.Float("Planning time (s)", default=3.0,
                               help="Time the batching engine may search for shorter carts.")
    run_mode = fields.Selection([("manual", "By hand"), ("scheduled", "Scheduled")], default="manual", required=True,
                                help="Scheduled: the wave cron plans and releases this template on each run.")
    last_run = fields.Datetime(readonly=True, copy=False)

    _limits_positive = models.Constraint(
        "CHECK(cart_max_orders >= 0 AND cart_max_lines >= 0 AND cart_max_weight >= 0 AND cart_max_volume >= 0 "
        "AND wave_max_orders >= 0 AND wave_max_lines >= 0 AND horizon_hours >= 0)",
        "Wave template limits and horizon must be 0 (no limit) or more.")

    @api.constrains("walking_speed", "seconds_per_line", "time_budget", "allow_split", "create_as_wave")
    def _check_settings(self):
        for template in self:
            if template.walking_speed <= 0:
                raise ValidationError(self.env._("Wave template %(name)s: the walking speed must be above 0 m/s, "
                                                 "got %(value)s.", name=template.name, value=template.walking_speed))
            if template.seconds_per_line < 0 or template.time_budget <= 0:
                raise ValidationError(self.env._("Wave template %s: seconds per line must be 0 or more and the "
                                                 "planning time above 0.", template.name))
            if template.allow_split and not template.create_as_wave:
                raise ValidationError(self.env._(
                    "Wave template %s: split orders can only be released as waves: tick Create waves.",
                    template.name))

    # ------------------------------------------------------------------
    # The engine's view of the template
    # ------------------------------------------------------------------

    def _cart_limits(self):
        self.ensure_one()
        return batching.CartLimits(max_orders=self.cart_max_orders or None, max_lines=self.cart_max_lines or None,
                                   max_weight=self.cart_max_weight or None, max_volume=self.cart_max_volume or None)

    def _wave_limits(self):
        self.ensure_one()
        return batching.WaveLimits(max_orders=self.wave_max_orders or None, max_lines=self.wave_max_lines or None)

    def _minutes(self, metres, lines):
        """Estimated minutes to walk ``metres`` and pick ``lines``."""
        self.ensure_one()
        return (metres / self.walking_speed + lines * self.seconds_per_line) / 60.0

    def _candidate_domain(self):
        """Deliveries this template may plan, whatever their reservation (not in an open batch)."""
        self.ensure_one()
        domain = Domain([
            ("picking_type_id", "=", self.picking_type_id.id),
            ("state", "in", ("confirmed", "waiting", "assigned")),
            ("company_id", "=", self.company_id.id),
        ]) & (Domain("batch_id", "=", False) | Domain("batch_id.state", "in", ("done", "cancel")))
        if self.carrier_ids:
            domain &= Domain("carrier_id", "in", self.carrier_ids.ids)
        if self.horizon_hours:
            domain &= Domain("scheduled_date", "<=", fields.Datetime.now() + timedelta(hours=self.horizon_hours))
        if self.min_priority == "1":
            domain &= Domain("priority", "=", "1")
        if self.country_ids:
            domain &= Domain("partner_id.country_id", "in", self.country_ids.ids)
        return domain

    def _candidate_pickings(self):
        """Deliveries matching the template (oldest first), the size class and zones applied."""
        self.ensure_one()
        pickings = self.env["stock.picking"].search(self._candidate_domain(), order="id")
        if self.size_class != "all":
            single = self.size_class == "single"
            pickings = pickings.filtered(
                lambda p: (len(p.move_ids.filtered(lambda m: m.state != "cancel")) == 1) == single)
        if self.zone_ids:
            pickings = pickings.filtered(
                lambda p: p.move_line_ids and all(ml.location_id.wms_zone_id in self.zone_ids
                                                  for ml in p.move_line_ids))
        return pickings

    @api.model
    def _demo_template(self, warehouse):
        """The demo's wave template: every delivery of the warehouse, carts of 8 totes, planned by hand."""
        return self.create({
            "name": self.env._("Demo: carts of 8 totes"), "warehouse_id": warehouse.id,
            "picking_type_id": warehouse.out_type_id.id, "horizon_hours": 0, "cart_max_orders": 8,
            "cart_max_weight": 80.0, "time_budget": 2.0,
        })

    def action_plan_wave(self):
        """Open "Plan wave" on this template."""
        self.ensure_one()
        wizard = self.env["wms.wave.plan"].create({"template_id": self.id})
        wizard.action_preview()
        return wizard._reopen()

    # ------------------------------------------------------------------
    # Scheduled waves
    # ------------------------------------------------------------------

    @api.model
    def _cron_release_scheduled(self):
        """Plan and release every active template marked "scheduled" (one transaction each)."""
        for template in self.search([("run_mode", "=", "scheduled")]):
            try:
                with self.env.cr.savepoint():
                    wizard = self.env["wms.wave.plan"].create({"template_id": template.id})
                    wizard.action_preview()
                    if wizard.line_ids:
                        wizard.action_release()
                    template.last_run = fields.Datetime.now()
            except Exception:
                # One template's failure (a layout not drawn yet) must not stop the others.
                _logger.exception("Scheduled wave of template %s failed", template.display_name)
