from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

CUBIC_FEET_PER_CUBIC_METRE = 35.3146667


def dimensions_volume_sql(alias):
    """SQL: bin ``alias``'s width x depth x height (metres), in the unit product volumes are kept in.

    Odoo keeps product volumes in m³, or in ft³ when the ``product.volume_in_cubic_feet``
    parameter is "1" (Settings > Inventory: volume unit); read at query time so that the
    occupancy view follows a change of the setting.
    """
    return SQL(
        """(%(a)s.wms_width * %(a)s.wms_depth * %(a)s.wms_height
            * CASE WHEN (SELECT value FROM ir_config_parameter WHERE key = 'product.volume_in_cubic_feet') = '1'
                   THEN %(ft3)s ELSE 1 END)""",
        a=SQL.identifier(alias), ft3=CUBIC_FEET_PER_CUBIC_METRE)

FILL_STATES = [
    ("empty", "Empty"),
    ("low", "Below 50%"),
    ("medium", "50-85%"),
    ("high", "85-100%"),
    ("full", "Full"),
]


class CapacityLoads:
    """Forecast loads (volume, Units) of bins, read for one putaway call: a chunk of candidates per query.

    Odoo's putaway rules test candidate bins one by one with
    ``_check_can_be_used``; reading each bin's load alone would cost a query
    per candidate. The bins Odoo iterates share its recordset's prefetch ids,
    so the first bin tested reads the load of the next ``CHUNK`` candidates
    with it, the way Odoo prefetches fields. Lives in the context of one
    ``_get_putaway_strategy`` call only: nothing is written during the call,
    and the next call reads fresh loads.
    """

    CHUNK = 500

    def __init__(self):
        self.loads = {}

    def get(self, location):
        if location.id not in self.loads:
            ids = [location.id]
            for other in location._prefetch_ids:
                if len(ids) >= self.CHUNK:
                    break
                if isinstance(other, int) and other not in self.loads and other != location.id:
                    ids.append(other)
            loads = location.browse(ids)._wms_forecast_load()
            self.loads.update({i: loads.get(i, (0.0, 0.0)) for i in ids})
        return self.loads[location.id]


class StockLocation(models.Model):
    """Bins: internal locations with a place in space, a zone and a capacity.

    Odoo 19 dropped posx/posy/posz and checks only weight and counts; a WMS
    needs coordinates to route pickers, a level to print arrows, volume to
    stop overfilling, and a blocked flag to take a damaged bin out of use.
    """

    _inherit = "stock.location"

    wms_is_bin = fields.Boolean(
        "Is a bin", index=True, help="A physical storage slot with a label; shown in WMS bin views and the map."
    )
    wms_zone_id = fields.Many2one("wms.zone", "Zone", index=True, check_company=True, ondelete="restrict")
    wms_aisle = fields.Char("Aisle", index=True)
    wms_bay = fields.Char("Bay")
    wms_level = fields.Integer("Level", help="Rack level: 1 is the floor.")
    wms_position = fields.Char("Position", help="Slot within the bay level.")
    wms_x = fields.Float("X (m)", digits=(12, 3))
    wms_y = fields.Float("Y (m)", digits=(12, 3))
    wms_z = fields.Float("Z (m)", digits=(12, 3), help="Height of the shelf above the floor.")
    wms_pick_sequence = fields.Integer("Pick sequence", index=True, help="Static walking order of the bin.")
    wms_blocked = fields.Boolean("Blocked", index=True, help="Never proposed for putaway or picking.")
    wms_block_reason = fields.Char("Block reason")
    wms_width = fields.Float("Width (m)", digits=(12, 3))
    wms_depth = fields.Float("Depth (m)", digits=(12, 3))
    wms_height = fields.Float("Height (m)", digits=(12, 3))
    wms_max_weight = fields.Float(
        "Max weight", digits="Stock Weight", help="Overrides the storage category's maximum weight when set."
    )
    wms_max_volume = fields.Float(
        "Max volume", digits="Volume",
        help="In the volume unit of Inventory settings (m³ or ft³), like product volumes. "
             "When empty, the category's max volume or width x depth x height.")
    wms_volume_uom_name = fields.Char("Volume unit", compute="_compute_wms_volume_uom_name")
    wms_max_units = fields.Float(
        "Max units", help="All counted products together. Counted goods only: products whose unit is Units or a multiple of it (Dozens, Packs of 6), converted to Units. Goods measured by weight, length, area or volume (kg, m, L...) do not count here: their weight and volume limit the bin.")

    def _compute_wms_volume_uom_name(self):
        self.wms_volume_uom_name = self.env["product.template"]._get_volume_uom_name_from_ir_config_parameter()

    # Effective capacity (own value, else storage category, else dimensions).
    wms_capacity_weight = fields.Float("Weight capacity", compute="_compute_wms_occupancy", digits="Stock Weight")
    wms_capacity_volume = fields.Float("Volume capacity", compute="_compute_wms_occupancy", digits="Volume")
    wms_capacity_units = fields.Float("Unit capacity", compute="_compute_wms_occupancy")
    # Live occupancy, read from the wms_bin_occupancy SQL view for the whole recordset at once.
    wms_units = fields.Float("Units", compute="_compute_wms_occupancy", help="Counted goods only: products whose unit is Units or a multiple of it (Dozens, Packs of 6), converted to Units. Goods measured by weight, length, area or volume (kg, m, L...) do not count here: their weight and volume limit the bin.")
    wms_weight = fields.Float("Weight", compute="_compute_wms_occupancy", digits="Stock Weight")
    wms_volume = fields.Float("Volume", compute="_compute_wms_occupancy", digits="Volume")
    wms_product_count = fields.Integer("Products", compute="_compute_wms_occupancy")
    wms_lot_count = fields.Integer("Lots", compute="_compute_wms_occupancy")
    wms_fill_weight = fields.Float("Weight %", compute="_compute_wms_occupancy")
    wms_fill_volume = fields.Float("Volume %", compute="_compute_wms_occupancy")
    wms_fill_units = fields.Float("Units %", compute="_compute_wms_occupancy")
    wms_fill = fields.Float("Fill %", compute="_compute_wms_occupancy", help="Highest of weight %, volume % and units %.")
    wms_fill_state = fields.Selection(FILL_STATES, "Fill", compute="_compute_wms_occupancy")

    _wms_dimensions_positive = models.Constraint(
        "CHECK(wms_width >= 0 AND wms_depth >= 0 AND wms_height >= 0)",
        "Bin dimensions cannot be negative.",
    )
    _wms_capacity_positive = models.Constraint(
        "CHECK(wms_max_weight >= 0 AND wms_max_volume >= 0 AND wms_max_units >= 0)",
        "Bin capacities cannot be negative.",
    )

    def _compute_wms_occupancy(self):
        occupancy = self.env["wms.bin.occupancy"]._occupancy_by_bin(self.ids)
        empty = dict.fromkeys(self.env["wms.bin.occupancy"]._OCCUPANCY_COLUMNS, 0)
        empty["fill_state"] = "empty"
        for location in self:
            data = occupancy.get(location.id, empty) if location.id else empty
            location.wms_capacity_weight = data["capacity_weight"]
            location.wms_capacity_volume = data["capacity_volume"]
            location.wms_capacity_units = data["capacity_units"]
            location.wms_units = data["units"]
            location.wms_weight = data["weight"]
            location.wms_volume = data["volume"]
            location.wms_product_count = data["product_count"]
            location.wms_lot_count = data["lot_count"]
            location.wms_fill_weight = data["fill_weight"]
            location.wms_fill_volume = data["fill_volume"]
            location.wms_fill_units = data["fill_units"]
            location.wms_fill = data["fill"]
            location.wms_fill_state = data["fill_state"]

    def write(self, vals):
        if "wms_blocked" in vals and not vals["wms_blocked"]:
            vals = dict(vals, wms_block_reason=False)
        return super().write(vals)

    @api.constrains("wms_blocked", "wms_block_reason")
    def _check_wms_block_reason(self):
        for location in self:
            if location.wms_blocked and not (location.wms_block_reason or "").strip():
                raise UserError(self.env._(
                    "Bin %(bin)s: say why it is blocked (Block reason is empty).", bin=location.display_name))

    # ------------------------------------------------------------------
    # Capacity: Odoo checks weight and counts; the WMS adds volume, total
    # units and the blocked flag on top of it.
    # ------------------------------------------------------------------
    # "Units" capacity counts pieces, never kilograms: a product quantity counts for
    # ``quantity x _wms_units_per(product UoM)`` Units. Odoo 19 has no UoM categories: the
    # count family is the UoMs whose reference chain ends at Units, its root (``parent_path``
    # "<Units id>/..."; ``factor`` is then in Units). The id comes from the ormcached xmlid
    # lookup (``env.ref`` would query the record's existence on every call).
    def _wms_unit_family_path(self):
        return "%s/" % self.env["ir.model.data"]._xmlid_to_res_id("uom.product_uom_unit")

    def _wms_units_per(self, uom):
        """Units one ``uom`` counts for in a bin's unit capacity: 12 for Dozens, 0 for kg, m, L..."""
        counted = uom and (uom.parent_path or "").startswith(self._wms_unit_family_path())
        return uom.factor if counted else 0.0

    def _wms_units_per_sql(self, uom_alias):
        """``_wms_units_per`` in SQL, for the ``uom_uom`` row aliased ``uom_alias``."""
        return SQL("(CASE WHEN %(uom)s.parent_path LIKE %(family)s THEN %(uom)s.factor::float8 ELSE 0 END)",
                   uom=SQL.identifier(uom_alias), family=self._wms_unit_family_path() + "%")

    def _wms_incoming_load(self, product, quantity, package=None):
        """Volume and units that a putaway of ``product``/``package`` adds."""
        if package:
            quants = package.quant_ids
            return (
                sum(q.quantity * q.product_id.volume for q in quants),
                sum(q.quantity * self._wms_units_per(q.product_id.uom_id) for q in quants),
            )
        if not product:
            return (0.0, 0.0)
        return (product.volume * quantity, (quantity or 0.0) * self._wms_units_per(product.uom_id))

    def _wms_forecast_load(self):
        """Forecast volume and units per bin: stock plus open incoming minus open outgoing lines."""
        excluded = tuple(self.env.context.get("exclude_sml_ids", set())) or (0,)
        self.env["stock.move.line"].flush_model(["location_id", "location_dest_id", "quantity_product_uom", "state", "product_id"])
        self.env.cr.execute(SQL(
            """
            SELECT loc, SUM(qty * COALESCE(pp.volume, 0)), SUM(qty * %(units_per)s) FROM (
                SELECT q.location_id AS loc, q.product_id, q.quantity AS qty
                  FROM stock_quant q WHERE q.location_id = ANY(%(ids)s)
                UNION ALL
                SELECT ml.location_dest_id, ml.product_id, ml.quantity_product_uom
                  FROM stock_move_line ml
                 WHERE ml.location_dest_id = ANY(%(ids)s) AND ml.state NOT IN ('draft', 'done', 'cancel')
                   AND ml.id NOT IN %(excluded)s
                UNION ALL
                SELECT ml.location_id, ml.product_id, -ml.quantity_product_uom
                  FROM stock_move_line ml
                 WHERE ml.location_id = ANY(%(ids)s) AND ml.state NOT IN ('draft', 'done', 'cancel')
                   AND ml.id NOT IN %(excluded)s
            ) AS load JOIN product_product pp ON pp.id = load.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      JOIN uom_uom u ON u.id = pt.uom_id
            GROUP BY loc
            """,
            ids=self.ids, excluded=excluded, units_per=self._wms_units_per_sql("u"),
        ))
        return {loc: (volume or 0.0, units or 0.0) for loc, volume, units in self.env.cr.fetchall()}

    def _check_can_be_used(self, product, quantity=0, package=None, location_qty=0):
        self.ensure_one()
        if self.wms_blocked:
            return False
        if not super()._check_can_be_used(product, quantity=quantity, package=package, location_qty=location_qty):
            return False
        capacity_volume, capacity_units = self.wms_capacity_volume, self.wms_capacity_units
        if not capacity_volume and not capacity_units:
            return True
        loads = self.env.context.get("wms_capacity_loads")
        volume, units = loads.get(self) if loads is not None else self._wms_forecast_load().get(self.id, (0.0, 0.0))
        add_volume, add_units = self._wms_incoming_load(product, quantity, package)
        rounding = 1e-6
        if capacity_volume and volume + add_volume > capacity_volume + rounding:
            return False
        if capacity_units and units + add_units > capacity_units + rounding:
            return False
        return True

    def _get_putaway_strategy(self, product, quantity=0, package=None, packaging=None, additional_qty=None):
        # A blocked bin is never a putaway destination: hide blocked bins from
        # Odoo's rules, and fall back to the requested location if a rule
        # still lands on one.
        locations = self.env.context.get("locations")
        if not self.putaway_rule_ids:
            # No rule to steer: Odoo answers self (or a view's first child, checked below).
            location = super()._get_putaway_strategy(
                product, quantity=quantity, package=package, packaging=packaging, additional_qty=additional_qty)
            return self if location.wms_blocked and location != self else location
        # One indexed search instead of reading the flag of every child bin
        # (reading it on ``locations`` costs one query per 1,000 bins). Odoo
        # passes the destination's internal sublocations as ``locations``.
        # A receipt planned line by line (a planning batch): Odoo passes the same
        # ``locations`` for every line, so the blocked ones are found once.
        batch = self.env.context.get("wms_putaway_batch")
        key = (tuple(self.ids), id(locations._ids) if locations else None)
        cached = batch.blocked.get(key) if batch is not None else None
        if cached is not None and (not locations or cached[0] is locations._ids):
            blocked = cached[1]
        else:
            blocked = self.search([("id", "child_of", self.ids), ("usage", "=", "internal"), ("wms_blocked", "=", True)])
            if locations:
                blocked = blocked.filtered(lambda location, ids=set(locations._ids): location.id in ids)
            if batch is not None:
                batch.blocked[key] = (locations._ids if locations else None, blocked)
        target = self
        if blocked:
            target = self.with_context(locations=self._wms_unblocked(locations or self.child_internal_location_ids,
                                                                     blocked))
        if target.env.context.get("wms_capacity_loads") is None:
            # The capacity check reads the candidates' loads a chunk at a time (CapacityLoads).
            target = target.with_context(wms_capacity_loads=CapacityLoads())
        location = super(StockLocation, target)._get_putaway_strategy(
            product, quantity=quantity, package=package, packaging=packaging, additional_qty=additional_qty
        ).with_env(self.env)  # the loads read for this call stay in it
        if location.wms_blocked and location != self:
            return self
        return location

    def _wms_unblocked(self, locations, blocked):
        """``locations - blocked``, computed once per planning batch (Odoo passes the same ``locations``
        for every line, and the difference of two large recordsets costs milliseconds each time)."""
        batch = self.env.context.get("wms_putaway_batch")
        if batch is None:
            return locations - blocked
        key = (id(locations._ids), blocked._ids)
        cached = batch.unblocked.get(key)
        if cached is None or cached[0] is not locations._ids:
            cached = batch.unblocked[key] = (locations._ids, locations - blocked)
        return cached[1]

    # ------------------------------------------------------------------
    # Walking distances
    # ------------------------------------------------------------------
    def _wms_layout(self):
        layout = self.warehouse_id._wms_layout()
        if not layout:
            raise UserError(self.env._(
                "Warehouse %(wh)s has no layout: create one (Warehouse Execution > Configuration > Layouts) "
                "or generate bins, which creates it.", wh=self.warehouse_id.display_name))
        return layout

    def wms_walking_distance(self, other):
        """Walking distance in metres from this bin to ``other`` (a bin id or record).

        Follows aisle and cross-aisle centre lines of the warehouse layout.
        """
        self.ensure_one()
        other = self.browse(other) if isinstance(other, int) else other
        if other.warehouse_id != self.warehouse_id:
            raise UserError(self.env._("Bins %(a)s and %(b)s are not in the same warehouse.",
                                       a=self.display_name, b=other.display_name))
        return self._wms_layout().bin_distance(self, other)

    def wms_bin_contents(self):
        """What is in this bin: one line per product, lot and package, with reserved quantities.

        Used by the warehouse map and the bin inquiry of the scanner app.
        """
        self.ensure_one()
        quants = self.env["stock.quant"].search_read(
            [("location_id", "=", self.id), ("quantity", "!=", 0)],
            ["product_id", "lot_id", "package_id", "quantity", "reserved_quantity", "product_uom_id"],
            order="product_id, lot_id",
        )
        return {
            "bin": {
                "id": self.id,
                "name": self.name,
                "complete_name": self.complete_name,
                "barcode": self.barcode,
                "zone": self.wms_zone_id.name or "",
                "blocked": self.wms_blocked,
                "block_reason": self.wms_block_reason or "",
                "fill": round(self.wms_fill, 1),
                "fill_weight": round(self.wms_fill_weight, 1),
                "fill_volume": round(self.wms_fill_volume, 1),
                "fill_units": round(self.wms_fill_units, 1),
            },
            "lines": [
                {
                    "product": q["product_id"][1],
                    "lot": q["lot_id"][1] if q["lot_id"] else "",
                    "package": q["package_id"][1] if q["package_id"] else "",
                    "quantity": q["quantity"],
                    "reserved": q["reserved_quantity"],
                    "uom": q["product_uom_id"][1] if q["product_uom_id"] else "",
                }
                for q in quants
            ],
        }

    def action_wms_print_labels(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "wms.bin.label.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_location_ids": [(6, 0, self.ids)]},
        }

    def action_wms_block(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.location",
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
