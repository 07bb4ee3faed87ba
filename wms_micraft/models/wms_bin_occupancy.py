from odoo import fields, models, tools
from odoo.tools import SQL

from .stock_location import FILL_STATES, dimensions_volume_sql


class WmsBinOccupancy(models.Model):
    """Live occupancy of every internal location, as one SQL view.

    One definition of "how full is a bin" serves the bin form, the list,
    kanban, pivot and graph views and the warehouse map. Reading it for a page
    of bins is a single query whatever the size of the warehouse: quants are
    aggregated per location in one grouped pass (restricted to the bins asked
    for when the caller knows them), and capacity falls back from the bin to
    its storage category to its dimensions.
    """

    _name = "wms.bin.occupancy"
    _description = "Bin Occupancy"
    _auto = False
    _order = "fill desc, name"
    _rec_name = "name"
    # The view reads these columns: the ORM flushes them before any search or read.
    _depends = {
        "stock.quant": ["location_id", "product_id", "lot_id", "quantity"],
        "stock.location": [
            "name", "barcode", "warehouse_id", "company_id", "usage", "active", "storage_category_id",
            "wms_zone_id", "wms_is_bin", "wms_aisle", "wms_level", "wms_x", "wms_y", "wms_z", "wms_blocked",
            "wms_max_weight", "wms_max_volume", "wms_max_units", "wms_width", "wms_depth", "wms_height",
        ],
        "product.product": ["weight", "volume", "product_tmpl_id"],
        "product.template": ["uom_id"],
        "stock.storage.category": ["max_weight", "wms_max_volume", "wms_max_units"],
    }

    _OCCUPANCY_COLUMNS = (
        "capacity_weight", "capacity_volume", "capacity_units", "units", "weight", "volume",
        "product_count", "lot_count", "fill_weight", "fill_volume", "fill_units", "fill", "fill_state",
    )

    bin_id = fields.Many2one("stock.location", "Bin", readonly=True)
    name = fields.Char("Bin name", readonly=True)
    barcode = fields.Char(readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    zone_id = fields.Many2one("wms.zone", "Zone", readonly=True)
    is_bin = fields.Boolean("Is a bin", readonly=True)
    aisle = fields.Char(readonly=True)
    level = fields.Integer(readonly=True)
    x = fields.Float(readonly=True)
    y = fields.Float(readonly=True)
    z = fields.Float(readonly=True)
    blocked = fields.Boolean(readonly=True)
    units = fields.Float(readonly=True, aggregator="sum")
    weight = fields.Float(readonly=True, aggregator="sum", digits="Stock Weight")
    volume = fields.Float(readonly=True, aggregator="sum", digits="Volume")
    product_count = fields.Integer("Products", readonly=True, aggregator="sum")
    lot_count = fields.Integer("Lots", readonly=True, aggregator="sum")
    capacity_weight = fields.Float(readonly=True, aggregator="sum", digits="Stock Weight")
    capacity_volume = fields.Float(readonly=True, aggregator="sum", digits="Volume")
    capacity_units = fields.Float(readonly=True, aggregator="sum")
    fill_weight = fields.Float("Weight %", readonly=True, aggregator="avg")
    fill_volume = fields.Float("Volume %", readonly=True, aggregator="avg")
    fill_units = fields.Float("Units %", readonly=True, aggregator="avg")
    fill = fields.Float("Fill %", readonly=True, aggregator="avg")
    fill_state = fields.Selection(FILL_STATES, "Fill", readonly=True)

    def _query(self, bin_ids=None):
        """The occupancy SELECT; restricted to ``bin_ids`` when given (same definition, smaller scan)."""
        only_bins = SQL("AND l.id = ANY(%s)", list(bin_ids)) if bin_ids is not None else SQL()
        only_quants = SQL("WHERE q.location_id = ANY(%s)", list(bin_ids)) if bin_ids is not None else SQL()
        return SQL("""
            WITH stock AS (
                SELECT q.location_id,
                       SUM(q.quantity) AS quantity,
                       SUM(q.quantity * %(units_per)s) AS units,
                       SUM(q.quantity * COALESCE(pp.weight, 0)) AS weight,
                       SUM(q.quantity * COALESCE(pp.volume, 0)) AS volume,
                       COUNT(DISTINCT q.product_id) FILTER (WHERE q.quantity > 0) AS product_count,
                       COUNT(DISTINCT q.lot_id) FILTER (WHERE q.quantity > 0) AS lot_count
                  FROM stock_quant q
                  JOIN product_product pp ON pp.id = q.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom u ON u.id = pt.uom_id
                  %(only_quants)s
              GROUP BY q.location_id
            ), occ AS (
                SELECT l.id, l.name, l.barcode, l.warehouse_id, l.company_id,
                       l.wms_zone_id AS zone_id, COALESCE(l.wms_is_bin, FALSE) AS is_bin,
                       l.wms_aisle AS aisle, l.wms_level AS level,
                       l.wms_x AS x, l.wms_y AS y, l.wms_z AS z, COALESCE(l.wms_blocked, FALSE) AS blocked,
                       COALESCE(s.quantity, 0) AS quantity,
                       COALESCE(s.units, 0) AS units, COALESCE(s.weight, 0) AS weight,
                       COALESCE(s.volume, 0) AS volume,
                       COALESCE(s.product_count, 0) AS product_count, COALESCE(s.lot_count, 0) AS lot_count,
                       COALESCE(NULLIF(l.wms_max_weight, 0), NULLIF(sc.max_weight, 0), 0) AS capacity_weight,
                       COALESCE(NULLIF(l.wms_max_volume, 0), NULLIF(sc.wms_max_volume, 0),
                                NULLIF(%(dimensions_volume)s, 0), 0) AS capacity_volume,
                       COALESCE(NULLIF(l.wms_max_units, 0), NULLIF(sc.wms_max_units, 0), 0) AS capacity_units
                  FROM stock_location l
             LEFT JOIN stock_storage_category sc ON sc.id = l.storage_category_id
             LEFT JOIN stock s ON s.location_id = l.id
                 WHERE l.usage = 'internal' AND l.active %(only_bins)s
            ), pct AS (
                SELECT occ.*,
                       CASE WHEN capacity_weight > 0 THEN 100.0 * weight / capacity_weight ELSE 0 END AS fill_weight,
                       CASE WHEN capacity_volume > 0 THEN 100.0 * volume / capacity_volume ELSE 0 END AS fill_volume,
                       CASE WHEN capacity_units > 0 THEN 100.0 * units / capacity_units ELSE 0 END AS fill_units
                  FROM occ
            )
            SELECT pct.id, pct.id AS bin_id, pct.name, pct.barcode, pct.warehouse_id, pct.company_id,
                   pct.zone_id, pct.is_bin, pct.aisle, pct.level, pct.x, pct.y, pct.z, pct.blocked,
                   pct.units, pct.weight, pct.volume, pct.product_count, pct.lot_count,
                   pct.capacity_weight, pct.capacity_volume, pct.capacity_units,
                   pct.fill_weight, pct.fill_volume, pct.fill_units,
                   GREATEST(pct.fill_weight, pct.fill_volume, pct.fill_units) AS fill,
                   CASE
                       WHEN pct.quantity <= 0 THEN 'empty'
                       WHEN GREATEST(pct.fill_weight, pct.fill_volume, pct.fill_units) >= 100 THEN 'full'
                       WHEN GREATEST(pct.fill_weight, pct.fill_volume, pct.fill_units) >= 85 THEN 'high'
                       WHEN GREATEST(pct.fill_weight, pct.fill_volume, pct.fill_units) >= 50 THEN 'medium'
                       ELSE 'low'
                   END AS fill_state
              FROM pct
        """, only_quants=only_quants, only_bins=only_bins, dimensions_volume=dimensions_volume_sql("l"),
            units_per=self.env["stock.location"]._wms_units_per_sql("u"))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def _occupancy_by_bin(self, bin_ids):
        """``{bin_id: {column: value}}`` for ``bin_ids`` in one query (no ORM, no per-bin work)."""
        bin_ids = [i for i in bin_ids if isinstance(i, int)]
        if not bin_ids:
            return {}
        for model, fnames in self._depends.items():
            self.env[model].flush_model(fnames)
        columns = self._OCCUPANCY_COLUMNS
        self.env.cr.execute(SQL(
            "SELECT id, %s FROM (%s) AS occupancy",
            SQL(", ").join(SQL.identifier(c) for c in columns),
            self._query(bin_ids),
        ))
        return {row[0]: dict(zip(columns, row[1:])) for row in self.env.cr.fetchall()}

    def action_open_bin(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.location",
            "res_id": self.bin_id.id,
            "view_mode": "form",
        }
