from collections import defaultdict

from odoo import Command, fields, models

from .stock_location_putaway import PutawayBatch


class StockMoveLine(models.Model):
    """Directed putaway of move lines: one planning batch per call, then splits, suggestions, tasks."""

    _inherit = "stock.move.line"

    wms_putaway_suggestion_ids = fields.One2many("wms.putaway.suggestion", "move_line_id", "Putaway suggestions")

    # Directed putaway reads the open lines to and from every bin of a warehouse
    # (capacity promised to putaways counts as used): only open lines, indexed,
    # instead of scanning every line ever done.
    _wms_open_to_idx = models.Index("(location_dest_id) WHERE state NOT IN ('draft', 'done', 'cancel')")
    _wms_open_from_idx = models.Index("(location_id) WHERE state NOT IN ('draft', 'done', 'cancel')")

    def _wms_quantity_vals(self, quantity):
        """Values writing ``quantity`` (in the product's UoM) on this line: the one conversion of a scan flow.

        Scenarios count in the product's UoM. The line keeps its own UoM when
        the quantity converts there and back exactly (12 Units = 1 Dozen),
        else it is written in the product's UoM (1 Unit is no 0.08 Dozen):
        the rule Odoo's ``stock.move._prepare_move_line_vals`` follows.
        """
        self.ensure_one()
        product_uom, line_uom = self.product_id.uom_id, self.product_uom_id
        in_line_uom = product_uom._compute_quantity(quantity, line_uom, rounding_method="HALF-UP")
        back = line_uom._compute_quantity(in_line_uom, product_uom, rounding_method="HALF-UP")
        if product_uom.compare(back, quantity) == 0:
            return {"quantity": in_line_uom}
        return {"quantity": quantity, "product_uom_id": product_uom.id}

    def _apply_putaway_strategy(self):
        # Odoo plans line by line (``stock.location._get_putaway_strategy``); the
        # batch in the context lets those calls share one read of the bins and
        # tell us afterwards what they planned.
        if self.env.context.get("avoid_putaway_rules") or self.env.context.get("wms_putaway_batch") or not self:
            return super()._apply_putaway_strategy()
        destinations = self.move_id.location_dest_id
        if destinations._wms_directed_here():
            destinations._wms_prefetch_children()
        batch = PutawayBatch(self)
        result = super(StockMoveLine, self.with_context(wms_putaway_batch=batch))._apply_putaway_strategy()
        if batch.planners:  # a directed location was planned: record what was decided
            self._wms_record_putaway(batch)
        return result

    def _wms_record_putaway(self, batch):
        """Split lines over the bins of their plan, book the bins, record suggestions, create tasks."""
        Suggestion = self.env["wms.putaway.suggestion"].sudo()
        # Lines planned again (Odoo re-plans every line of a move it reserves more of,
        # the operator declares a bin full): their earlier open suggestions are replaced.
        replaced = Suggestion.search([("move_line_id", "in", [line.id for line in batch.lines]),
                                      ("state", "=", "open")])
        if replaced:
            replaced.write({"replaced": True,
                            "reason": self.env.context.get("wms_putaway_reason") or self.env._("Planned again.")})
        placements = []  # (line, suggestion engine object, area)
        copies = []  # (line, values, suggestion engine object or None, area): parts of split lines
        booked = set()
        for line in batch.lines:
            entry = line.exists() and batch.plan_of(line)
            if not entry:
                continue
            area, plan, item = entry
            parts = plan.suggestions
            if line.location_dest_id.id != parts[0].bin_id:
                continue  # Odoo put it elsewhere after all (a package it would not split)
            whole = len(parts) == 1 and not plan.unplaced
            if not whole and not line._wms_can_split():
                line.location_dest_id = line.move_id.location_dest_id
                continue
            if not whole:
                # The plan is in the product's UoM: each part is written in the line's UoM where it
                # converts exactly, else in the product's (3 Dozen = 20 + 16 Units).
                line_uom = line.product_uom_id.id
                for part in parts[1:]:
                    copies.append((line, {"product_uom_id": line_uom, **line._wms_quantity_vals(part.quantity),
                                          "location_dest_id": part.bin_id}, part, area))
                if plan.unplaced:
                    # No bin can take the rest now: it stays planned to the destination, as Odoo would.
                    copies.append((line, {"product_uom_id": line_uom, **line._wms_quantity_vals(plan.unplaced),
                                          "location_dest_id": line.move_id.location_dest_id.id}, None, area))
                line.write(line._wms_quantity_vals(parts[0].quantity))
            placements.append((line, parts[0], area))
            booked.update(part.bin_id for part in parts)
        if copies:
            # One create for all the parts of split lines (a copy each would create them one by one).
            vals_list = [dict(line.copy_data(dict(vals, move_id=line.move_id.id))[0]) for line, vals, _p, _a in copies]
            for new_line, (_line, _vals, part, area) in zip(self.env["stock.move.line"].create(vals_list), copies):
                if part:
                    placements.append((new_line, part, area))
        if not placements:
            return
        self.env["stock.location"]._wms_lock_bins(booked)
        tasks = self._wms_putaway_tasks(placements)
        Suggestion.create([{
            "company_id": line.company_id.id,
            "warehouse_id": area.warehouse.id,
            "move_line_id": line.id,
            "picking_id": line.picking_id.id,
            "task_id": tasks.get(line.id, False),
            "product_id": line.product_id.id,
            "lot_id": line.lot_id.id,
            "quantity": part.quantity,
            "location_id": area.area.id,
            "bin_id": part.bin_id,
            "score": part.score,
            "breakdown": part.breakdown,
        } for line, part, area in placements])

    def _wms_can_split(self):
        self.ensure_one()
        return (not self.package_id
                and not self.result_package_id and self.product_id.tracking != "serial")

    def _wms_putaway_tasks(self, placements):
        """Putaway tasks for planned lines, as the warehouse is configured: ``{line id: task id}``.

        Lines of a group (a move, or a package) that already has an open task
        join it: Odoo re-plans and splits lines of moves it reserves more of.
        """
        lines_by_key = defaultdict(lambda: self.env["stock.move.line"])
        warehouses = {}
        for line, _part, area in placements:
            mode = area.warehouse.wms_putaway_task_mode
            if mode == "none":
                continue
            package = line.result_package_id.outermost_package_id or line.package_id.outermost_package_id
            key = ("package", package.id) if mode == "package" and package else ("move", line.move_id.id)
            lines_by_key[key] |= line
            warehouses[key] = area.warehouse
        if not lines_by_key:
            return {}
        Task = self.env["wms.task"].sudo()
        all_lines = self.env["stock.move.line"].union(*lines_by_key.values())
        open_tasks = Task.search([
            ("task_type", "=", "putaway"), ("state", "not in", ("done", "cancel")),
            ("move_line_ids", "in", (all_lines | all_lines.move_id.move_line_ids).ids)])
        task_of_line = {line.id: task for task in open_tasks for line in task.move_line_ids}
        result, vals_list, groups = {}, [], []
        for key, lines in lines_by_key.items():
            siblings = lines.move_id.move_line_ids if key[0] == "move" else lines
            task = next((task_of_line[line.id] for line in siblings if line.id in task_of_line), None)
            if task:
                task.move_line_ids = [Command.link(line.id) for line in lines]
                task._wms_sync_putaway_quantity()
                result.update(dict.fromkeys(lines.ids, task.id))
                continue
            first = lines[0]
            products, lots = lines.product_id, lines.lot_id
            vals_list.append({
                "task_type": "putaway",
                "warehouse_id": warehouses[key].id,
                "location_id": first.location_id.id,
                "location_dest_id": first.location_dest_id.id,
                "zone_id": first.location_dest_id.wms_zone_id.id,
                "product_id": products.id if len(products) == 1 else False,
                "lot_id": lots.id if len(lots) == 1 else False,
                "quantity": sum(lines.mapped("quantity_product_uom")),
                "picking_id": first.picking_id.id,
                "move_line_ids": [Command.set(lines.ids)],
            })
            groups.append(lines)
        for task, lines in zip(Task.create(vals_list), groups):
            result.update(dict.fromkeys(lines.ids, task.id))
        return result
