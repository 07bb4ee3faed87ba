import logging

from odoo import fields, models
from odoo.tools import SQL

from ..engine import layout as layout_engine
from ..engine import putaway as putaway_engine
from .stock_location import dimensions_volume_sql

_logger = logging.getLogger(__name__)

OPEN_LINE = SQL("ml.state NOT IN ('draft', 'done', 'cancel')")


class PutawayBatch:
    """What one planning call shares between its lines: never kept beyond it.

    ``stock.move.line._apply_putaway_strategy`` plans a whole receipt line by
    line through Odoo's ``_get_putaway_strategy``; the batch, passed in the
    context, lets every line reuse one set-based read of the bins (a
    ``Planner``) and remembers each line's plan so that the caller can split
    lines, record suggestions and lock the chosen bins afterwards.
    """

    def __init__(self, lines):
        self.lines = list(lines)  # Odoo plans them in this order
        self.product_ids = set(lines.product_id.ids)
        self.exclude_sml_ids = set(lines.ids)
        self.planners = {}  # area id -> _AreaPlanner (or None: no bins)
        self.plans = {}  # move line id -> (area, engine Plan, engine Item)
        self.package_plans = {}  # outermost package id -> (area, engine Plan, engine Item): one bin per package
        self.locked_bins = set()
        self.unblocked = {}  # stock.location._wms_unblocked
        self.blocked = {}  # (location ids, locations) -> blocked bins (stock.location._get_putaway_strategy)

    def current_line(self, excluded, product):
        """The line Odoo is planning now: the first of ours it has not planned yet.

        Odoo's loop keeps the lines still to plan in the ``exclude_sml_ids`` set
        it passes (and removes each once planned), in the order of the lines.
        """
        for line in self.lines:
            if line.id in excluded and (not product or line.product_id == product):
                return line
        return None

    def plan_of(self, line):
        """``(area, plan, item)`` of ``line``: its own plan, or its package's bin for the line's quantity."""
        entry = self.plans.get(line.id)
        package = line.result_package_id.outermost_package_id
        if entry or not package or package.id not in self.package_plans:
            return entry
        area, plan, item = self.package_plans[package.id]
        first = plan.suggestions[0]
        own = putaway_engine.Suggestion(first.bin_id, line.quantity_product_uom, first.score, first.breakdown)
        return area, putaway_engine.Plan([own], 0.0, plan.considered), item


class _AreaPlanner:
    """An engine ``Planner`` for the bins below one location, with what building it cost."""

    def __init__(self, area, warehouse, planner):
        self.area = area
        self.warehouse = warehouse
        self.planner = planner


class StockLocation(models.Model):
    """Directed putaway: the WMS engine picks the bin when Odoo's rules do not.

    ``_get_putaway_strategy`` calls Odoo (and the blocked-bin filter) first:
    a specific bin returned by a putaway rule is honoured. Otherwise, when
    the warehouse's putaway strategy is "Directed (WMS)" (or a rule hands the
    choice to the engine, see ``stock.putaway.rule``), the bins below the
    location Odoo returned are read in a few set-based queries, whatever
    their number, and ranked by ``engine/putaway.py``.
    """

    _inherit = "stock.location"

    wms_putaway_seq = fields.Integer(
        "Putaway bookings", readonly=True, copy=False,
        help="Bumped in the transaction that books putaway capacity in this bin: two transactions booking "
             "the same bin cannot both commit (the second one is retried and sees the first one's booking).")

    def _get_putaway_strategy(self, product, quantity=0, package=None, packaging=None, additional_qty=None):
        quantity = self._wms_product_quantity(product, quantity)
        if self.env.context.get("locations") is None and self._wms_directed_here():
            self._wms_prefetch_children()
        # Quantities Odoo plans in the same call reach a directed rule through the context.
        target = self.with_context(wms_putaway_additional=additional_qty) if additional_qty else self
        location = super(StockLocation, target)._get_putaway_strategy(
            product, quantity=quantity, package=package, packaging=packaging, additional_qty=additional_qty)
        location = location.with_env(self.env)
        if self.usage == "view" and not self.putaway_rule_ids and location != self:
            # Odoo's answer for a view without rules is just its first child bin, not a choice.
            location = self
        if location.wms_is_bin or location._wms_has_no_bins():
            # A rule chose a bin (or there is nothing to choose from): Odoo's answer stands.
            batch = self.env.context.get("wms_putaway_batch")
            if batch and location.wms_is_bin and location != self:
                self._wms_book_in_batch(batch, location, product, quantity, package)
            return location
        if location.warehouse_id.wms_putaway_strategy != "directed":
            return location
        chosen = location._wms_directed_putaway(product, quantity, package, packaging)
        return chosen or location

    def _wms_product_quantity(self, product, quantity):
        """``quantity`` in the product's UoM, as ``_get_putaway_strategy`` documents it.

        Odoo's ``stock.move.line._apply_putaway_strategy`` passes the line's
        ``quantity``, in the line's UoM (3 for 3 Dozen): Odoo's capacity
        checks and the engine would plan 3 Units. In a planning batch the line
        being planned is known; its quantity in the product's UoM is used.
        Other callers (onchange, serial numbers) already pass product units.
        """
        batch = self.env.context.get("wms_putaway_batch")
        if batch is None or not product or not quantity:
            return quantity
        line = batch.current_line(self.env.context.get("exclude_sml_ids", set()), product)
        if line and line.product_uom_id != product.uom_id and line.product_uom_id.compare(quantity, line.quantity) == 0:
            return line.quantity_product_uom
        return quantity

    def _wms_directed_here(self):
        """Whether directed putaway may apply below these locations (warehouse strategy or a directed rule)."""
        return any(location.warehouse_id.wms_putaway_strategy == "directed"
                   or "wms_directed" in location.putaway_rule_ids.mapped("sublocation") for location in self)

    def _wms_prefetch_children(self):
        """Read the internal sublocations' ``active`` flag in one query.

        Odoo's ``child_internal_location_ids`` filters its records on ``active``
        one record at a time on a cold cache (one query per bin, the first
        putaway call of every request). Fetching the flag for all of them at
        once first keeps that to one query whatever the number of bins.
        """
        self.env["stock.location"].with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids), ("usage", "=", "internal")], ["active"])

    def _wms_book_in_batch(self, batch, location, product, quantity, package):
        """A bin chosen by an Odoo rule in a planning batch: later lines must see it as used."""
        line = batch.current_line(self.env.context.get("exclude_sml_ids", set()), product)
        if line and batch.plan_of(line):
            return  # chosen by the engine (a directed rule): already booked
        item = self._wms_putaway_item(product, quantity, package, line=line)
        for area in batch.planners.values():
            if item and area and location.id in area.planner.bins:
                area.planner.book(item, location.id, item.quantity)

    def _wms_has_no_bins(self):
        """True for a location no bin can be below (a bin itself, or not an internal/view location)."""
        self.ensure_one()
        return self.usage not in ("internal", "view")

    # ------------------------------------------------------------------
    # The directed choice
    # ------------------------------------------------------------------
    def _wms_directed_putaway(self, product, quantity=0, package=None, packaging=None):
        """The bin the engine chooses below ``self`` for this putaway, or an empty recordset.

        Inside a planning batch the whole plan is remembered (it may split the
        line over several bins: the first one is returned, the caller splits);
        outside one, only a bin taking the whole quantity is returned.
        """
        self.ensure_one()
        batch = self.env.context.get("wms_putaway_batch")
        line = batch and batch.current_line(self.env.context.get("exclude_sml_ids", set()), product)
        if line and not package:
            # Odoo plans the lines of an untyped package one by one: a package still goes
            # to one bin, planned once as one item (its contents), its other lines follow it.
            package = line.result_package_id.outermost_package_id or None
        if package and batch and package.id in batch.package_plans:
            return self.browse(batch.package_plans[package.id][1].suggestions[0].bin_id)
        item = self._wms_putaway_item(product, quantity, package, line=line)
        if item is None:
            return self.browse()
        area = self._wms_area_planner(batch, item)
        if area is None:
            return self.browse()
        planner = area.planner
        # Quantities Odoo already planned in the same call (serial numbers) count as used.
        extra = [planner.book(item, bin_id, qty) for bin_id, qty in
                 (self.env.context.get("wms_putaway_additional") or {}).items() if qty]
        exclude = set(self.env.context.get("wms_putaway_exclude_bins") or ())
        try:
            plan = planner.suggest(item, exclude=exclude, book=bool(batch and line))
        finally:
            for token in reversed(extra):
                planner._unbook(token)
        if not plan.suggestions:
            return self.browse()
        if batch and line:
            if package:
                batch.package_plans[package.id] = (area, plan, item)
            else:
                batch.plans[line.id] = (area, plan, item)
            batch.locked_bins.update(s.bin_id for s in plan.suggestions)
            return self.browse(plan.suggestions[0].bin_id)
        if plan.unplaced or len(plan.suggestions) > 1:
            return self.browse()
        self._wms_lock_bins([plan.bin_id])
        return self.browse(plan.bin_id)

    def _wms_putaway_item(self, product, quantity, package=None, line=None, lot=None):
        """The engine's ``Item`` for a product (or a package), or None when the engine does not handle it."""
        quantity = float(quantity or 0.0)
        lot = lot or (line.lot_id if line else self.env["stock.lot"])
        if package:
            contents = [(q.product_id, q.quantity) for q in package.quant_ids if q.quantity > 0]
            if not contents:
                lines = self.env["stock.move.line"].browse(self.env.context.get("exclude_sml_ids") or [])
                contents = [(ml.product_id, ml.quantity_product_uom) for ml in lines
                            if ml.result_package_id.outermost_package_id == package or ml.package_id == package]
            if not contents or (package.package_type_id and self.env["stock.storage.category.capacity"].search_count(
                    [("package_type_id", "=", package.package_type_id.id)], limit=1)):
                return None  # package-type capacities: Odoo's own rules decide
            products = self.env["product.product"].union(*(p for p, _qty in contents))
            units = sum(qty for _p, qty in contents)
            if units <= 0:
                return None
            counted = sum(qty * self._wms_units_per(p.uom_id) for p, qty in contents)
            weight = sum(p.weight * qty for p, qty in contents)
            volume = sum(p.volume * qty for p, qty in contents)
            main = products[:1]
            return putaway_engine.Item(
                product_id=main.id, quantity=units, unit_weight=weight / units, unit_volume=volume / units,
                velocity=main.wms_velocity_class or "B", temperature=main.wms_temperature_class or "ambient",
                splittable=False, mixed=len(products) > 1, step=units, unit_count=counted / units)
        if not product or quantity <= 0:
            return None
        step = 1.0 if product.uom_id == self.env.ref("uom.product_uom_unit") else product.uom_id.rounding
        expiry = lot.expiration_date.date().toordinal() if lot and lot.expiration_date else None
        return putaway_engine.Item(
            product_id=product.id, quantity=quantity, unit_weight=product.weight or 0.0,
            unit_volume=product.volume or 0.0, lot_id=lot.id or None, expiry=expiry,
            velocity=product.wms_velocity_class or "B", temperature=product.wms_temperature_class or "ambient",
            quarantine=bool(lot.wms_hold), step=min(step, quantity), unit_count=self._wms_units_per(product.uom_id))

    def _wms_area_planner(self, batch, item):
        if batch is not None and self.id in batch.planners:
            return batch.planners[self.id]
        product_ids = (batch.product_ids if batch else set()) | {item.product_id}
        excluded = (batch.exclude_sml_ids if batch else set()) | set(self.env.context.get("exclude_sml_ids") or ())
        candidates = self._wms_putaway_candidates(product_ids, excluded)
        area = None
        if candidates:
            warehouse = self.warehouse_id
            planner = putaway_engine.Planner(candidates, warehouse._wms_putaway_weights(),
                                             warehouse._wms_putaway_rules())
            area = _AreaPlanner(self, warehouse, planner)
        if batch is not None:
            batch.planners[self.id] = area
        return area

    def _wms_check_bin(self, bin_, product, quantity, lot=None, exclude_sml_ids=()):
        """``(refusal, max quantity)`` of putting ``quantity`` of ``product`` (``lot``) in ``bin_``, below ``self``.

        The engine's own hard rules on the bin's data read the same way as for
        a suggestion: an operator's choice passes exactly the checks a
        suggestion passes. ``refusal`` is an engine reason, ``"not_a_bin"``
        (not a putaway bin below ``self``) or None.
        """
        self.ensure_one()
        item = self._wms_putaway_item(product, quantity, lot=lot)
        candidates = self.with_context(locations=bin_)._wms_putaway_candidates({product.id}, set(exclude_sml_ids))
        if item is None or not candidates:
            return "not_a_bin", 0.0
        candidate = candidates[0]
        rules = self.warehouse_id._wms_putaway_rules()
        return putaway_engine.refusal(item, candidate, rules), min(quantity, putaway_engine.max_quantity(item, candidate))

    def _wms_lock_bins(self, bin_ids):
        """Book the bins in this transaction: a concurrent booking of one of them cannot commit.

        Odoo runs in REPEATABLE READ: two transactions that both saw a bin with
        room would both fill it. Each one updates the bin rows it books; the
        second waits for the first, then fails with a serialization error
        (PostgreSQL refuses to update a row changed since its snapshot), and
        Odoo's ``retrying`` runs the request again on fresh data, which sees
        the first booking. Rows are updated in id order so that two bookings
        of the same bins cannot deadlock.
        """
        if not bin_ids:
            return
        self.env.cr.execute(SQL(
            "UPDATE stock_location SET wms_putaway_seq = COALESCE(wms_putaway_seq, 0) + 1 "
            "WHERE id IN (SELECT id FROM stock_location WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE)",
            sorted(bin_ids)))
        self.env["stock.location"].browse(bin_ids).invalidate_recordset(["wms_putaway_seq"])

    # ------------------------------------------------------------------
    # Candidates: a few set-based queries, whatever the number of bins
    # ------------------------------------------------------------------
    def _wms_putaway_candidates(self, product_ids, exclude_sml_ids):
        """Engine ``Candidate`` bins below ``self``, with their load and what they hold.

        Load = stock + open incoming - open outgoing lines (the forecast Odoo's
        ``_check_can_be_used`` and the WMS volume/units check use), so capacity
        promised to putaways planned but not done counts as used. Capacities
        follow the occupancy view's rules (the bin's own, else its storage
        category's, else its dimensions), and Odoo's storage-category max
        weight applies on top. The view itself is not read: it counts stock
        only and distinct products per bin, and this read must stay well under
        a second on 200,000 quants (one grouped pass over quants and open
        lines, bins selected by ``parent_path``, never by lists of ids).
        ``product_ids``: products whose quantities and lots per bin are loaded
        (consolidation, category capacity lines, expiry). Four queries, plus
        the layout, whatever the number of bins.
        """
        self.ensure_one()
        for model, fnames in self.env["wms.bin.occupancy"]._depends.items():
            self.env[model].flush_model(fnames)
        self.env["stock.move.line"].flush_model(
            ["location_id", "location_dest_id", "product_id", "lot_id", "quantity_product_uom", "state"])
        self.env["stock.lot"].flush_model(["expiration_date"])
        self.env["wms.zone"].flush_model(["temperature_class", "zone_type"])
        cr = self.env.cr
        locations = self.env.context.get("locations")
        # A few bins (an operator's scan): by id. Many: the whole area, filtered here.
        by_id = locations is not None and len(locations) <= 1000
        bins_sql = SQL(
            """SELECT l.id FROM stock_location l LEFT JOIN wms_zone z ON z.id = l.wms_zone_id
                WHERE l.parent_path LIKE %(path)s AND l.id != %(area)s AND l.usage = 'internal' AND l.active
                  AND COALESCE(l.wms_is_bin, FALSE) AND COALESCE(z.zone_type, 'pick') NOT IN ('staging', 'dock')
                  %(only)s""",
            path=f"{self.parent_path}%", area=self.id,
            only=SQL("AND l.id = ANY(%s)", locations.ids) if by_id else SQL())
        cr.execute(SQL(
            """SELECT l.id, l.wms_x, l.wms_y, l.wms_z, COALESCE(l.wms_blocked, FALSE),
                      COALESCE(z.temperature_class, 'ambient'), COALESCE(z.zone_type = 'quarantine', FALSE),
                      sc.id, COALESCE(sc.allow_new_product, 'mixed'), sc.max_weight,
                      COALESCE(NULLIF(l.wms_max_weight, 0), NULLIF(sc.max_weight, 0), 0),
                      COALESCE(NULLIF(l.wms_max_volume, 0), NULLIF(sc.wms_max_volume, 0),
                               NULLIF(%s, 0), 0),
                      COALESCE(NULLIF(l.wms_max_units, 0), NULLIF(sc.wms_max_units, 0), 0)
                 FROM stock_location l
            LEFT JOIN wms_zone z ON z.id = l.wms_zone_id
            LEFT JOIN stock_storage_category sc ON sc.id = l.storage_category_id
                WHERE l.id IN (%s)""", dimensions_volume_sql("l"), bins_sql))
        rows = cr.fetchall()
        if locations is not None and not by_id:
            allowed = set(locations.ids)
            rows = [row for row in rows if row[0] in allowed]
        if not rows:
            return []
        excluded = sorted(exclude_sml_ids) or [0]
        # Each branch joins the locations by parent_path (a CTE of bin ids
        # plans badly and spills to disk); quantities as float8 aggregate much
        # faster than numeric. Non-bin locations of the area are dropped below.
        area = SQL("l.parent_path LIKE %s %s", f"{self.parent_path}%",
                   SQL("AND l.id = ANY(%s)", locations.ids) if by_id else SQL())
        cr.execute(SQL(
            """SELECT load.loc, SUM(load.qty * %(units_per)s), SUM(load.qty * COALESCE(pp.weight, 0)::float8),
                      SUM(load.qty * COALESCE(pp.volume, 0)::float8),
                      MIN(load.product_id) FILTER (WHERE load.present), MAX(load.product_id) FILTER (WHERE load.present)
                 FROM (
                   SELECT q.location_id AS loc, q.product_id, q.quantity::float8 AS qty, q.quantity > 0 AS present
                     FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                    WHERE %(area)s
                   UNION ALL
                   SELECT ml.location_dest_id, ml.product_id, ml.quantity_product_uom::float8, TRUE
                     FROM stock_move_line ml JOIN stock_location l ON l.id = ml.location_dest_id
                    WHERE %(area)s AND %(open)s AND NOT ml.id = ANY(%(excluded)s)
                   UNION ALL
                   SELECT ml.location_id, ml.product_id, -ml.quantity_product_uom::float8, FALSE
                     FROM stock_move_line ml JOIN stock_location l ON l.id = ml.location_id
                    WHERE %(area)s AND %(open)s AND NOT ml.id = ANY(%(excluded)s)
                 ) AS load JOIN product_product pp ON pp.id = load.product_id
                           JOIN product_template pt ON pt.id = pp.product_tmpl_id
                           JOIN uom_uom u ON u.id = pt.uom_id
             GROUP BY load.loc""",
            area=area, excluded=excluded, open=OPEN_LINE, units_per=self._wms_units_per_sql("u")))
        loads = {row[0]: row[1:] for row in cr.fetchall()}

        # Quantities and lots of the products being put away, per bin (Odoo's
        # capacity lines count stock plus open incoming lines).
        products = sorted(product_ids)
        cr.execute(SQL(
            """SELECT x.loc, x.product_id, x.lot_id, lot.expiration_date, SUM(x.qty) FROM (
                   SELECT q.location_id AS loc, q.product_id, q.lot_id, q.quantity::float8 AS qty
                     FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                    WHERE %(area)s AND q.product_id = ANY(%(products)s)
                   UNION ALL
                   SELECT ml.location_dest_id, ml.product_id, ml.lot_id, ml.quantity_product_uom::float8
                     FROM stock_move_line ml JOIN stock_location l ON l.id = ml.location_dest_id
                    WHERE %(area)s AND ml.product_id = ANY(%(products)s) AND %(open)s
                      AND NOT ml.id = ANY(%(excluded)s)
               ) AS x LEFT JOIN stock_lot lot ON lot.id = x.lot_id
               GROUP BY x.loc, x.product_id, x.lot_id, lot.expiration_date""",
            area=area, products=products, excluded=excluded, open=OPEN_LINE))
        held = {}
        for loc, product_id, lot_id, expiration, qty in cr.fetchall():
            if qty <= 1e-9:
                continue
            per_bin = held.setdefault(loc, ({}, {}))
            per_bin[0][product_id] = per_bin[0].get(product_id, 0.0) + qty
            if lot_id:
                per_bin[1].setdefault(product_id, {})[lot_id] = expiration.date().toordinal() if expiration else None

        category_ids = sorted({row[7] for row in rows if row[7]})
        caps = {}
        if category_ids:
            cr.execute(SQL(
                """SELECT storage_category_id, product_id, quantity FROM stock_storage_category_capacity
                    WHERE storage_category_id = ANY(%s) AND product_id = ANY(%s)""", category_ids, products))
            for category_id, product_id, qty in cr.fetchall():
                caps.setdefault(category_id, {})[product_id] = qty

        distances = self._wms_dock_distances({(row[1], row[2]) for row in rows})
        no_load = (0.0, 0.0, 0.0, None, None)
        Candidate = putaway_engine.Candidate
        candidates = []
        for (bin_id, x, y, z, blocked, temperature, quarantine, category_id, allow_new, category_weight,
             cap_weight, cap_volume, cap_units) in rows:
            units, weight, volume, first_product, last_product = loads.get(bin_id, no_load)
            if category_id is not None:
                # Odoo refuses more than the category's max weight (even 0): so does the WMS.
                cap_weight = min(cap_weight, category_weight or 0.0) if cap_weight else (category_weight or 0.0)
            products_in, lots = held.get(bin_id, ({}, {}))
            # Products present: none, one, or "two or more" (enough for the storage-category rules).
            product_count = 0 if first_product is None else (1 if first_product == last_product else 2)
            candidates.append(Candidate(
                bin_id=bin_id,
                free_weight=cap_weight - (weight or 0.0) if cap_weight or category_id is not None else None,
                free_volume=cap_volume - (volume or 0.0) if cap_volume else None,
                free_units=cap_units - (units or 0.0) if cap_units else None,
                capacity_weight=cap_weight or None, capacity_volume=cap_volume or None,
                capacity_units=cap_units or None,
                products=dict(products_in), product_count=product_count, lots=lots,
                product_caps=caps.get(category_id, {}), allow_new_product=allow_new,
                z=z or 0.0, distance=distances.get((x, y), 0.0), temperature=temperature,
                quarantine=bool(quarantine), blocked=bool(blocked),
            ))
        return candidates

    def _wms_dock_distances(self, points):
        """``{(x, y): metres}`` walking from the warehouse's receiving dock (or layout depot)."""
        warehouse = self.warehouse_id
        layout = warehouse._wms_layout()
        if not layout or not layout.aisle_ids or not layout.cross_aisle_ids:
            return {}
        engine_layout = layout._engine_layout()
        origin = warehouse.wms_putaway_origin_id
        start = (layout_engine.locate(engine_layout, origin.wms_x, origin.wms_y) if origin
                 else layout_engine.depot_point(engine_layout))
        distances = {}
        for x, y in points:
            distances[(x, y)] = layout_engine.distance(
                engine_layout, start, layout_engine.locate(engine_layout, x or 0.0, y or 0.0))
        return distances
