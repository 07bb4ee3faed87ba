from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import layout as layout_engine
from ..engine.errors import EngineError


class WmsLayout(models.Model):
    """The walkable geometry of a warehouse: aisles, cross aisles and the depot.

    Bins carry (x, y) coordinates; the layout tells how a picker walks between
    them (along aisle and cross-aisle centre lines, never through racks). The
    maths lives in ``engine/layout.py``; this model stores the geometry and
    turns it into an engine ``Layout``.
    """

    _name = "wms.layout"
    _description = "Warehouse Layout"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, ondelete="cascade", check_company=True, index=True
    )
    company_id = fields.Many2one(related="warehouse_id.company_id", store=True, precompute=True, index=True)
    orientation = fields.Selection(
        [("y", "Aisles run along Y"), ("x", "Aisles run along X")], required=True, default="y"
    )
    depot_x = fields.Float("Depot X (m)", help="Where pickers start and end their tours.")
    depot_y = fields.Float("Depot Y (m)")
    aisle_ids = fields.One2many("wms.layout.aisle", "layout_id", string="Aisles", copy=True)
    cross_aisle_ids = fields.One2many("wms.layout.cross.aisle", "layout_id", string="Cross aisles", copy=True)
    aisle_count = fields.Integer(compute="_compute_counts")
    cross_aisle_count = fields.Integer(compute="_compute_counts")

    _warehouse_unique = models.Constraint("unique(warehouse_id)", "A warehouse has one layout.")

    @api.depends("warehouse_id.name")
    def _compute_name(self):
        for layout in self:
            layout.name = self.env._("%s layout", layout.warehouse_id.name or "")

    @api.depends("aisle_ids", "cross_aisle_ids")
    def _compute_counts(self):
        for layout in self:
            layout.aisle_count = len(layout.aisle_ids)
            layout.cross_aisle_count = len(layout.cross_aisle_ids)

    def _engine_layout(self):
        """Build the engine's immutable ``Layout`` (raises UserError if unusable)."""
        self.ensure_one()
        aisles = tuple(
            layout_engine.Aisle(name=a.name, u=a.position, v_start=a.start, v_end=a.end)
            for a in self.aisle_ids.sorted("position")
        )
        layout = layout_engine.Layout(
            aisles=aisles,
            cross_aisles=tuple(sorted(self.cross_aisle_ids.mapped("position"))),
            depot=(self.depot_x, self.depot_y),
            orientation=self.orientation,
        )
        try:
            layout.validate()
        except EngineError as exc:
            raise UserError(self.env._("Layout of %(wh)s is not usable: %(error)s",
                                       wh=self.warehouse_id.name, error=self._engine_error_text(exc))) from exc
        return layout

    def _engine_error_text(self, exc):
        """The translated sentence for a layout engine refusal, naming the field of this form."""
        _ = self.env._
        p = {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in exc.params.items()}
        sentences = {
            "orientation_invalid": lambda: _("must be along X or along Y, not %(value)s.", **p),
            "no_aisle": lambda: _("a layout needs at least one aisle."),
            "aisle_not_finite": lambda: _("aisle %(aisle)s has a coordinate that is not a number.", **p),
            "aisle_not_positive": lambda: _("aisle %(aisle)s ends (%(end)s m) before it starts (%(start)s m).", **p),
            "aisles_share_position": lambda: _("aisles %(aisle)s and %(other)s are both at %(position)s m.", **p),
            "no_cross_aisle": lambda: _("a layout needs at least one cross aisle."),
            "cross_aisle_not_finite": lambda: _("every position must be a number."),
            "cross_aisles_share_position": lambda: _("two cross aisles are both at %(position)s m.", **p),
            "cross_aisle_meets_no_aisle": lambda: _(
                "the cross aisle at %(position)s m meets no aisle: move it between the aisles' start and end.", **p),
            "aisle_meets_no_cross_aisle": lambda: _(
                "aisle %(aisle)s meets no cross aisle, so its bins cannot be reached.", **p),
            "depot_not_finite": lambda: _("the depot position must be two numbers."),
            "depot_not_on_cross_aisle": lambda: _(
                "the depot is not on a cross aisle: %(axis)s must be one of %(positions)s.", **p),
        }
        fields_shown = {"orientation": "orientation", "aisles": "aisle_ids", "cross_aisles": "cross_aisle_ids",
                        "depot": "depot_x"}
        sentence = sentences[exc.code]() if exc.code in sentences else str(exc)
        field = self._fields[fields_shown[exc.field]].string if exc.field in fields_shown else ""
        if exc.field == "depot":
            field = _("Depot")
        return f"{field}: {sentence}" if field else sentence

    @api.constrains("aisle_ids", "cross_aisle_ids", "depot_x", "depot_y", "orientation")
    def _check_geometry(self):
        for layout in self:
            if layout.aisle_ids and layout.cross_aisle_ids:
                try:
                    layout._engine_layout()
                except UserError as exc:
                    raise ValidationError(exc.args[0]) from exc

    def _points(self, bins):
        engine_layout = self._engine_layout()
        return engine_layout, [layout_engine.locate(engine_layout, b.wms_x, b.wms_y) for b in bins]

    def _line_points(self, lines, engine_layout=None):
        """Move lines split into those in this layout's bins and the others, with the bins' engine points.

        Returns ``(placed, others, points)``: ``placed`` and ``others`` sorted by
        bin name (Odoo's order), ``points`` aligned with ``placed``. A line is
        placed when its source is a bin of the layout's warehouse; each distinct
        bin is located once, so a wave of many lines costs a few prefetch queries.
        """
        self.ensure_one()
        engine_layout = engine_layout or self._engine_layout()
        warehouse = self.warehouse_id
        placed = lines.filtered(lambda ml: ml.location_id.wms_is_bin and ml.location_id.warehouse_id == warehouse)
        others = (lines - placed).sorted(lambda ml: (ml.location_id.complete_name, ml.id))
        placed = placed.sorted(lambda ml: (ml.location_id.complete_name, ml.id))
        by_bin = {location.id: layout_engine.locate(engine_layout, location.wms_x, location.wms_y)
                  for location in placed.location_id}
        return placed, others, [by_bin[ml.location_id.id] for ml in placed]

    def bin_distance(self, bin_a, bin_b):
        """Walking distance in metres between two bins, along aisles and cross aisles."""
        engine_layout, (p, q) = self._points([bin_a, bin_b])
        return layout_engine.distance(engine_layout, p, q)

    def depot_distance(self, bin_a):
        """Walking distance in metres from the depot to a bin."""
        engine_layout, (p,) = self._points([bin_a])
        return layout_engine.distance(engine_layout, layout_engine.depot_point(engine_layout), p)

    def distance_matrix(self, bins):
        """Pairwise walking distances between ``bins`` (list of lists, bins' order)."""
        engine_layout, points = self._points(bins)
        return layout_engine.distance_matrix(engine_layout, points)

    def _ensure_aisle(self, name, position, start, end):
        """Add an aisle (or widen an existing one at the same position); used by the bin generator."""
        self.ensure_one()
        aisle = self.aisle_ids.filtered(lambda a: abs(a.position - position) < 1e-6)
        if aisle:
            aisle[:1].write({"start": min(aisle[:1].start, start), "end": max(aisle[:1].end, end)})
            return aisle[:1]
        return self.env["wms.layout.aisle"].create(
            {"layout_id": self.id, "name": name, "position": position, "start": start, "end": end}
        )

    def _ensure_cross_aisle(self, position):
        self.ensure_one()
        if not self.cross_aisle_ids.filtered(lambda c: abs(c.position - position) < 1e-6):
            self.env["wms.layout.cross.aisle"].create({"layout_id": self.id, "position": position})

    def action_open_map(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "wms_micraft.warehouse_map",
            "name": self.env._("Warehouse map"),
            "params": {"warehouse_id": self.warehouse_id.id},
        }


class WmsLayoutAisle(models.Model):
    _name = "wms.layout.aisle"
    _description = "Warehouse Layout Aisle"
    _order = "layout_id, position"

    layout_id = fields.Many2one("wms.layout", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="layout_id.company_id", store=True, precompute=True, index=True)
    name = fields.Char(required=True)
    position = fields.Float(
        "Centre line (m)", required=True, help="Position of the aisle centre line across aisles (X when aisles run along Y)."
    )
    start = fields.Float("Starts at (m)", required=True)
    end = fields.Float("Ends at (m)", required=True)
    length = fields.Float(compute="_compute_length")

    _length_positive = models.Constraint("CHECK(\"end\" > start)", "An aisle must end after it starts.")

    @api.constrains("position", "start", "end")
    def _check_layout_geometry(self):
        self.layout_id._check_geometry()

    @api.depends("start", "end")
    def _compute_length(self):
        for aisle in self:
            aisle.length = aisle.end - aisle.start


class WmsLayoutCrossAisle(models.Model):
    _name = "wms.layout.cross.aisle"
    _description = "Warehouse Layout Cross Aisle"
    _order = "layout_id, position"

    layout_id = fields.Many2one("wms.layout", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="layout_id.company_id", store=True, precompute=True, index=True)
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    position = fields.Float("Position (m)", required=True, help="Position along the aisles.")

    @api.constrains("position")
    def _check_layout_geometry(self):
        self.layout_id._check_geometry()

    @api.depends("position")
    def _compute_name(self):
        for cross in self:
            if not cross.name:
                cross.name = self.env._("Cross aisle at %s m", round(cross.position, 2))
