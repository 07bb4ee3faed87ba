from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import bin_pattern

BATCH_SIZE = 2000


class WmsBinGenerator(models.TransientModel):
    """Create a whole rack system of bins from one pattern.

    The pattern is expanded by ``engine/bin_pattern.py``; this wizard checks it
    against the database (a name or barcode already used by another location is
    refused, naming the field), creates the missing bins in batches, extends the
    warehouse layout with the aisles and cross aisles, and reports what it did.
    Running it twice creates nothing the second time.
    """

    _name = "wms.bin.generator"
    _description = "Bin Generator"

    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True,
        default=lambda self: self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1),
    )
    company_id = fields.Many2one(related="warehouse_id.company_id")
    parent_location_id = fields.Many2one(
        "stock.location", "Parent location", required=True,
        compute="_compute_parent_location_id", store=True, readonly=False, precompute=True,
        domain="[('usage', 'in', ('internal', 'view')), ('warehouse_id', '=', warehouse_id)]",
    )
    zone_id = fields.Many2one("wms.zone", domain="[('warehouse_id', '=', warehouse_id)]", required=True)
    aisle_from = fields.Integer("From aisle", default=1, required=True)
    aisle_to = fields.Integer("To aisle", default=4, required=True)
    bay_from = fields.Integer("From bay", default=1, required=True)
    bay_to = fields.Integer("To bay", default=20, required=True)
    level_from = fields.Integer("From level", default=1, required=True)
    level_to = fields.Integer("To level", default=4, required=True)
    positions = fields.Integer("Slots per level", default=1, required=True)
    both_sides = fields.Boolean("Racks on both sides", default=True,
                                help="Odd bays on the left of the aisle, even bays on the right.")
    name_pattern = fields.Char("Name pattern", required=True, default="{zone}-{aisle:02d}-{bay:02d}-{level:02d}",
                               help="Placeholders: {zone} {aisle} {bay} {level} {position} {side}, "
                                    "with Python formats such as {aisle:02d}.")
    barcode_pattern = fields.Char("Barcode pattern", required=True, default="{zone}{aisle:02d}{bay:02d}{level:02d}")
    origin_x = fields.Float("Aisle 1 X (m)", default=0.0, help="Centre line of aisle number 1; aisle n is (n - 1) aisle spacings further.")
    origin_y = fields.Float("Aisle start Y (m)", default=0.0)
    aisle_spacing = fields.Float("Aisle spacing (m)", default=3.5, help="Centre to centre.")
    aisle_width = fields.Float("Aisle width (m)", default=1.5)
    cross_aisles = fields.Selection(
        [("front", "Front only"), ("front_back", "Front and back"), ("front_middle_back", "Front, middle and back")],
        default="front_back", required=True,
    )
    bin_width = fields.Float("Bin width (m)", default=1.0)
    bin_depth = fields.Float("Bin depth (m)", default=1.0)
    bin_height = fields.Float("Bin height (m)", default=0.5)
    level_height = fields.Float("Level pitch (m)", default=0.6)
    storage_category_id = fields.Many2one("stock.storage.category")
    max_weight = fields.Float("Max weight per bin", digits="Stock Weight")
    max_volume = fields.Float("Max volume per bin", digits="Volume")
    max_units = fields.Float("Max units per bin")
    bin_count = fields.Integer("Bins in pattern", compute="_compute_preview")
    preview = fields.Char(compute="_compute_preview")
    created_count = fields.Integer(readonly=True)
    existing_count = fields.Integer(readonly=True)
    result_message = fields.Text(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    @api.depends("warehouse_id")
    def _compute_parent_location_id(self):
        for wizard in self:
            wizard.parent_location_id = wizard.warehouse_id.lot_stock_id

    def _pattern(self):
        self.ensure_one()
        return bin_pattern.RackPattern(
            zone=self.zone_id.code or "",
            aisle_from=self.aisle_from, aisle_to=self.aisle_to,
            bay_from=self.bay_from, bay_to=self.bay_to,
            level_from=self.level_from, level_to=self.level_to,
            positions=self.positions, both_sides=self.both_sides,
            name_pattern=self.name_pattern or "", barcode_pattern=self.barcode_pattern or "",
            origin_x=self.origin_x, origin_y=self.origin_y,
            aisle_spacing=self.aisle_spacing, aisle_width=self.aisle_width,
            bin_width=self.bin_width, bin_depth=self.bin_depth, bin_height=self.bin_height,
            level_height=self.level_height,
        )

    @api.depends("zone_id", "aisle_from", "aisle_to", "bay_from", "bay_to", "level_from", "level_to",
                 "positions", "name_pattern", "barcode_pattern", "both_sides")
    def _compute_preview(self):
        for wizard in self:
            try:
                pattern = wizard._pattern()
                pattern.validate()
                wizard.bin_count = pattern.bin_count
                first = dict(zone=pattern.zone, aisle=pattern.aisle_from, bay=pattern.bay_from,
                             level=pattern.level_from, position=1, side="L")
                wizard.preview = self.env._("%(count)s bins, first %(name)s (barcode %(barcode)s)",
                                            count=pattern.bin_count,
                                            name=pattern.name_pattern.format(**first),
                                            barcode=pattern.barcode_pattern.format(**first))
            except bin_pattern.PatternError as exc:
                wizard.bin_count = 0
                wizard.preview = wizard._pattern_error_text(exc)

    def _pattern_error_text(self, exc):
        """The translated sentence for a bin pattern refusal, naming the field of this form."""
        _ = self.env._
        p = dict(exc.params)
        for key in ("first", "second"):
            if key in p:
                p[key] = _("aisle %(aisle)s bay %(bay)s level %(level)s position %(position)s",
                           **dict(zip(("aisle", "bay", "level", "position"), p[key])))
        sentences = {
            "negative": lambda: _("must be 0 or more, got %(value)s.", **p),
            "empty_range": lambda: _("the range %(low)s to %(high)s is empty: it must be at least %(low)s.", **p),
            "too_few": lambda: _("must be at least %(minimum)s, got %(value)s.", **p),
            "not_positive": lambda: _("must be greater than 0, got %(value)s.", **p),
            "racks_overlap": lambda: _("%(value)s m is less than the aisle width plus two racks (%(minimum)s m): "
                                       "racks would overlap.", **p),
            "pattern_empty": lambda: _("is empty."),
            "pattern_invalid": lambda: _("%(pattern)s is not a valid pattern: write placeholders as {aisle}.", **p),
            "unknown_placeholders": lambda: _("unknown placeholder(s) %(unknown)s; allowed: %(allowed)s.", **p),
            "duplicate": lambda: _("gives %(value)s twice (%(first)s and %(second)s): add the missing placeholder.",
                                   **p),
        }
        sentence = sentences[exc.code]() if exc.code in sentences else str(exc)
        return _("%(field)s: %(message)s", field=self._fields[exc.field].string, message=sentence)

    def _field_error(self, field, message):
        return UserError(self.env._("%(field)s: %(message)s", field=self._fields[field].string, message=message))

    def _expand(self):
        if self.max_weight < 0 or self.max_volume < 0 or self.max_units < 0:
            field = next(f for f in ("max_weight", "max_volume", "max_units") if self[f] < 0)
            raise self._field_error(field, self.env._("cannot be negative, got %s", self[field]))
        try:
            return self._pattern(), bin_pattern.expand(self._pattern())
        except bin_pattern.PatternError as exc:
            raise UserError(self._pattern_error_text(exc)) from exc

    def _split_existing(self, bins):
        """Split the pattern's bins into new ones and ones already there (same name, barcode and parent).

        A name or barcode already used by any other location is an overlap and refused.
        """
        Location = self.env["stock.location"].with_context(active_test=False)
        barcodes = [b["barcode"] for b in bins]
        names = [b["name"] for b in bins]
        by_barcode = {
            r["barcode"]: r for r in Location.search_read(
                [("barcode", "in", barcodes), ("company_id", "in", [self.company_id.id, False])],
                ["name", "barcode", "location_id"])
        }
        by_name = {
            r["name"]: r for r in Location.search_read(
                [("location_id", "=", self.parent_location_id.id), ("name", "in", names)],
                ["name", "barcode", "location_id"])
        }
        new, existing = [], 0
        for values in bins:
            same_barcode = by_barcode.get(values["barcode"])
            same_name = by_name.get(values["name"])
            if same_barcode and (
                same_barcode["name"] != values["name"] or same_barcode["location_id"][0] != self.parent_location_id.id
            ):
                raise self._field_error("barcode_pattern", self.env._(
                    "barcode %(barcode)s of bin %(name)s is already used by location %(other)s; "
                    "choose a pattern that does not overlap existing bins.",
                    barcode=values["barcode"], name=values["name"], other=same_barcode["name"]))
            if same_name and same_name["barcode"] != values["barcode"]:
                raise self._field_error("name_pattern", self.env._(
                    "a location named %(name)s already exists under %(parent)s with barcode %(barcode)s; "
                    "choose a pattern that does not overlap existing bins.",
                    name=values["name"], parent=self.parent_location_id.complete_name,
                    barcode=same_name["barcode"] or "-"))
            if same_barcode:
                existing += 1
            else:
                new.append(values)
        return new, existing

    def _location_values(self, values):
        return {
            "name": values["name"],
            "barcode": values["barcode"],
            "location_id": self.parent_location_id.id,
            "usage": "internal",
            "company_id": self.company_id.id,
            "wms_is_bin": True,
            "wms_zone_id": self.zone_id.id,
            "wms_aisle": f"{values['aisle']:02d}",
            "wms_bay": f"{values['bay']:02d}",
            "wms_level": values["level"],
            "wms_position": str(values["position"]),
            "wms_x": values["x"],
            "wms_y": values["y"],
            "wms_z": values["z"],
            "wms_pick_sequence": values["pick_sequence"],
            "wms_width": self.bin_width,
            "wms_depth": self.bin_depth,
            "wms_height": self.bin_height,
            "wms_max_weight": self.max_weight,
            "wms_max_volume": self.max_volume,
            "wms_max_units": self.max_units,
            "storage_category_id": self.storage_category_id.id,
        }

    def _extend_layout(self, pattern):
        layout = self.warehouse_id._wms_get_or_create_layout()
        first_rack = not layout.aisle_ids
        start, end = pattern.origin_y, pattern.origin_y + pattern.aisle_length
        for aisle in range(pattern.aisle_from, pattern.aisle_to + 1):
            layout._ensure_aisle(
                self.env._("%(zone)s aisle %(aisle)s", zone=pattern.zone, aisle=aisle),
                pattern.aisle_position(aisle), start, end,
            )
        positions = {"front": [start], "front_back": [start, end], "front_middle_back": [start, (start + end) / 2, end]}
        for position in positions[self.cross_aisles]:
            layout._ensure_cross_aisle(position)
        if first_rack:  # pickers start at the front of the first aisle until the designer moves the depot
            layout.write({"depot_x": pattern.aisle_position(pattern.aisle_from), "depot_y": start})
        return layout

    def action_generate(self):
        """Create the missing bins of the pattern; idempotent."""
        self.ensure_one()
        pattern, bins = self._expand()
        new, existing = self._split_existing(bins)
        Location = self.env["stock.location"]
        for start in range(0, len(new), BATCH_SIZE):
            Location.create([self._location_values(values) for values in new[start:start + BATCH_SIZE]])
        self._extend_layout(pattern)
        if new:
            message = self.env._("%(created)s bins created, %(existing)s already existed.",
                                 created=len(new), existing=existing)
        else:
            message = self.env._("Nothing to create: all %(existing)s bins of this pattern already exist.",
                                 existing=existing)
        self.write({"created_count": len(new), "existing_count": existing, "result_message": message, "state": "done"})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Bin generator"),
        }

    def _generated_bins(self):
        pattern, bins = self._expand()
        return self.env["stock.location"].search([
            ("barcode", "in", [b["barcode"] for b in bins]),
            ("location_id", "=", self.parent_location_id.id),
        ])

    def action_view_bins(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("wms_micraft.action_wms_bins")
        action["domain"] = [("id", "in", self._generated_bins().ids)]
        return action

    def action_print_labels(self):
        return self._generated_bins().action_wms_print_labels()
