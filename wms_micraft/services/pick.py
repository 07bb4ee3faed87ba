"""Pick: walk the route of a transfer or a batch, proving every line by scans.

Specification
-------------
States and what the operator does in each:

``select``         (opened directly, not from a task) scan a transfer or a
                   batch of this warehouse (its printed name). It becomes the
                   operator's pick task; a transfer another operator is
                   picking is refused (one open pick task per transfer and per
                   batch, enforced by a unique index).
``scan_bin``       go to the bin of the next line on the route (the order of
                   ``wms_route_sequence``, see ``wms.pick.route.mixin``) and
                   scan its label.
``scan_product``   scan the product, its lot, or a GS1 string carrying product,
                   lot, expiry and quantity. The scan counts one unit (or the
                   GS1 quantity).
``scan_lot``       lot-tracked product with no lot in the scan: scan the lot.
                   A lot other than the reserved one is accepted only when
                   ``stock.move.line._wms_lot_substitution_refusal`` allows it
                   (same bin, enough free stock, FEFO order kept); held and
                   expired lots never.
``quantity``       more than one unit: scan each unit again, or enter the
                   quantity found (action ``quantity``). More than the line
                   asks is refused; less asks for confirmation. Counts are in
                   the product's UoM (1 Dozen: 12 scans of one Unit).
``confirm_short``  "only N found?": ``confirm`` records a short pick: the line
                   keeps what was found, a count task checks the bin, and the
                   rest is reserved from another bin (added to the route) or
                   left to Odoo's backorder, as the operation type says.
``scan_tote``      (operation types with "Scan a tote") scan the tote of this
                   transfer: the first line of a transfer takes an empty tote,
                   its next lines must go into the same one, so orders picked
                   together (a batch) never mix.
``zero_check``     the system believes the bin is now empty: ``confirm`` (it
                   is) or ``not_empty`` (a count task is created).

Which of the bin, product, lot and tote scans are mandatory is set per
operation type (``stock.picking.type.wms_pick_scan_*``). When no line is
left, the transfer is validated through Odoo (``button_validate``; a batch
through its ``action_done``): quants, backorders and valuation are Odoo's.

Actions: ``skip`` (postpone the line to the end of the route), ``short``
(declare what was found, ``value``, default 0), ``quantity`` (value),
``confirm`` / ``not_empty``, ``done`` (validate what is picked now; the rest
goes to a backorder), ``back``, ``release`` (give the task back; what is
picked stays picked), ``cancel``. Every refused input returns the same screen
with an error and changes nothing in the database.
"""

from odoo.exceptions import UserError
from odoo.tools import SQL

from . import messages
from .scenario import Scenario

LINE_STATES = ("scan_bin", "scan_product", "scan_lot", "quantity", "confirm_short", "scan_tote", "zero_check")
CONFIG_FIELDS = ("wms_pick_scan_bin", "wms_pick_scan_product", "wms_pick_scan_lot", "wms_pick_scan_tote",
                 "wms_pick_zero_check", "wms_short_pick_policy")
LINE_FIELDS = ("location_id", "product_id", "lot_id", "quantity", "product_uom_id", "picking_id", "move_id",
               "picked", "state", "quantity_product_uom")


class _Config(dict):
    """The operation type's pick settings, read once when the task is taken (kept in the session data)."""

    def __getattr__(self, name):
        return self[name]


class Pick(Scenario):
    name = "pick"
    initial_state = "select"
    accepts = ("transfer",)

    # -- records from data ---------------------------------------------------------
    @property
    def line(self):
        """The line at the head of the route, fetched with what the steps read in one query (empty if gone)."""
        head = (self.data.get("queue") or [])[:1]
        cached = getattr(self, "_line", None)
        if cached is None or cached[0] != head:
            lines = self.env["stock.move.line"].search_fetch([("id", "in", head)], LINE_FIELDS) if head \
                else self.env["stock.move.line"]
            self._line = cached = (head, lines)
        return cached[1]

    @property
    def source(self):
        task = self.task
        return task.batch_id or task.picking_id

    def _config(self, line=None):
        line = line or self.line
        key = str(line.picking_id.id)
        configs = self.data.setdefault("config", {})
        if key not in configs:
            picking_type = line.picking_id.picking_type_id
            configs[key] = {f: picking_type[f] for f in CONFIG_FIELDS}
        return _Config(configs[key])

    def title(self):
        name = self.data.get("source_name")
        return self.env._("Pick %s", name) if name else self.env._("Pick")

    # -- start -------------------------------------------------------------------------
    def start(self, task=None, **params):
        self.state, self.data = self.initial_state, {}
        if not task:
            return self.render()
        self.data["directed"] = True
        return self._take(task)

    def _take(self, task):
        task.action_start()
        self.data.update(task_id=task.id, totes={}, source_name=(task.batch_id or task.picking_id).name)
        lines = self._open_lines(task)
        self.data["queue"] = lines.ids
        if not lines:
            return self._finish()
        self._begin_line()
        return self.render(messages.pick_started(self.env, self.source.name, len(lines)))

    @staticmethod
    def _open_lines(task):
        lines = task.move_line_ids.filtered(lambda ml: ml.state not in ("done", "cancel") and not ml.picked)
        return lines.sorted(lambda ml: (ml.wms_route_sequence or 10**9, ml.location_id.complete_name, ml.id))

    def _begin_line(self):
        """Reset the per-line data and go to the first scan the operation type asks for."""
        self.data.update(qty=0.0, lot_id=False, short=False)
        config = self._config()
        if config.wms_pick_scan_bin:
            self.state = "scan_bin"
        else:
            self._after_bin()

    def _after_bin(self):
        config, line = self._config(), self.line
        if config.wms_pick_scan_product:
            self.state = "scan_product"
        elif line.product_id.tracking != "none" and config.wms_pick_scan_lot:
            self.state = "scan_lot"
        else:
            self.data["lot_id"] = line.lot_id.id or False
            self.state = "quantity"

    def allowed_actions(self):
        state = self.state
        if state == "select":
            return ["cancel"]
        # Past "select" the picker holds the task: it can be paused ("Next task" resumes it).
        actions = ["pause", "release"] if self.data.get("directed") else ["pause", "cancel"]
        if state in ("scan_bin", "scan_product", "scan_lot", "quantity"):
            actions += ["skip", "short"]
        if state == "quantity":
            actions.append("quantity")
        if state in ("confirm_short", "zero_check"):
            actions.append("confirm")
        if state == "zero_check":
            actions.append("not_empty")
        if state not in ("scan_bin", "zero_check"):
            actions.append("back")
        if state != "zero_check":
            actions.append("done")
        return actions

    def action_labels(self):
        _ = self.env._
        labels = super().action_labels()
        labels.update(skip=_("Skip line"), short=_("Short / not here"), done=_("Finish"),
                      confirm=_("Confirm"), not_empty=_("Not empty"))
        return labels

    # -- scans -------------------------------------------------------------------------
    def on_scan(self, scan):
        if scan.kind == "command":
            command = {"confirm": "quantity" if self.state == "quantity" else "confirm",
                       "cancel": "release" if self.data.get("directed") else "cancel"}.get(scan.command, scan.command)
            if command in self.allowed_actions():
                return self.on_action(command)
        if self.state not in ("select", "zero_check") and not self.line:
            return self._drop_line()
        return getattr(self, f"_scan_{self.state}")(scan)

    def on_action(self, action, value=None):
        if self.state not in ("select", "zero_check") and action not in ("release", "cancel", "done", "pause") \
                and not self.line:
            return self._drop_line()
        return super().on_action(action, value)

    def _drop_line(self):
        """The current line disappeared (unreserved in Odoo meanwhile): go on with the next."""
        self.data["queue"] = self.data["queue"][1:]
        if not self.data["queue"]:
            return self._finish()
        self._begin_line()
        return self.render(messages.line_gone(self.env))

    def _scan_select(self, scan):
        refusal = self.check_kind(scan, ["transfer"])
        if refusal:
            return self.error(refusal)
        source = scan.record
        try:
            # Operators may not create tasks in general, only take a transfer they can read.
            source.check_access("read")
            task = self.env["wms.task"].sudo()._pick_task_for(source.sudo(), user=self.env.user)
            task = task.with_env(self.env)
        except UserError as error:
            return self.error(messages.cannot_pick(self.env, error.args[0]))
        if task.state == "ready":
            task._assign_to(self.env.user)
        return self._take(task)

    def _scan_scan_bin(self, scan):
        refusal = self.check_kind(scan, ["bin"])
        if refusal:
            return self.error(refusal)
        expected = self.line.location_id
        if scan.record != expected:
            return self.error(messages.wrong_bin(self.env, scan.record.complete_name, expected.complete_name))
        self.session.user_id.sudo().wms_last_bin_id = expected
        self._after_bin()
        return self.render(messages.bin_scanned(self.env, expected.complete_name))

    def _scan_scan_product(self, scan):
        line = self.line
        product, refusal = self.scanned_product(scan, line.product_id)
        if refusal:
            return self.error(refusal)
        lot = scan.record if scan.kind == "lot" else self.env["stock.lot"]
        if scan.kind == "product" and scan.lot_name:
            lot = self.env["stock.lot"]._wms_find(product, scan.lot_name, self.session.company_id)
            if not lot:
                return self.error(messages.lot_not_in_bin(self.env, scan.lot_name, line.location_id.complete_name))
        if lot:
            refusal = self._check_lot(lot)
            if refusal:
                return self.error(refusal)
        elif product.tracking != "none":
            if self._config().wms_pick_scan_lot:
                self.data["qty"] = scan.quantity or 1.0
                self.state = "scan_lot"
                return self.render(messages.lot_required(self.env, product.display_name))
            refusal = self._check_lot(line.lot_id)
            if refusal:
                return self.error(refusal)
        self.data["lot_id"] = lot.id or line.lot_id.id or False
        return self._count(scan.quantity or 1.0)

    def _check_lot(self, lot):
        refusal = self.lot_refusal(lot)
        if refusal:
            return refusal
        line = self.line
        if lot != line.lot_id:
            return line._wms_lot_substitution_refusal(lot)
        return None

    def _scan_scan_lot(self, scan):
        refusal = self.check_kind(scan, ["lot"])
        if refusal:
            return self.error(refusal)
        lot, line = scan.record, self.line
        if lot.product_id != line.product_id:
            return self.error(messages.wrong_product(self.env, lot.product_id.display_name,
                                                     line.product_id.display_name))
        refusal = self._check_lot(lot)
        if refusal:
            return self.error(refusal)
        self.data["lot_id"] = lot.id
        counted, self.data["qty"] = self.data.get("qty") or 0.0, 0.0
        if not self._config().wms_pick_scan_product:
            self.state = "quantity"
            return self.render()
        return self._count(counted or 1.0)

    def _scan_quantity(self, scan):
        line = self.line
        if scan.kind == "product" and scan.record == line.product_id and not scan.lot_name:
            return self._count(scan.quantity or 1.0)
        if scan.kind == "lot" and scan.record == self.lot:
            return self._count(1.0)
        refusal = self.check_kind(scan, ["product"])
        if refusal:
            return self.error(refusal)
        return self.error(messages.wrong_product(self.env, scan.record.display_name, line.product_id.display_name))

    def _count(self, units):
        """Add ``units`` (in the product's UoM) to the count; a complete count moves on by itself."""
        line = self.line
        quantity = (self.data.get("qty") or 0.0) + units
        uom, expected = line.product_id.uom_id, line.quantity_product_uom
        if uom.compare(quantity, expected) > 0:
            return self.error(messages.over_quantity(self.env, quantity, expected, uom.name))
        self.data["qty"] = quantity
        if uom.compare(quantity, expected) == 0:
            return self._after_quantity()
        self.state = "quantity"
        return self.render()

    def _scan_confirm_short(self, scan):
        return self.error(messages.wrong_kind(self.env, scan.raw, scan.kind, ["command"]))

    def _scan_zero_check(self, scan):
        return self.error(messages.wrong_kind(self.env, scan.raw, scan.kind, ["command"]))

    def _scan_scan_tote(self, scan):
        refusal = self.check_kind(scan, ["package"])
        if refusal:
            return self.error(refusal)
        tote, line = scan.record, self.line
        key = str(line.picking_id.id)
        totes = self.data.get("totes") or {}
        expected = self.env["stock.package"].browse(totes.get(key) or [])
        if expected:
            if tote != expected:
                return self.error(messages.wrong_tote(self.env, tote.name, expected.name))
        else:
            other = next((int(p) for p, t in totes.items() if t == tote.id), None)
            if other:
                return self.error(messages.tote_in_use(self.env, tote.name,
                                                       self.env["stock.picking"].browse(other).name))
            if tote.quant_ids:
                return self.error(messages.tote_not_empty(self.env, tote.name))
            holder = self.env["stock.move.line"].search(
                [("result_package_id", "=", tote.id), ("state", "not in", ("done", "cancel")),
                 ("picking_id", "!=", line.picking_id.id)], limit=1)
            if holder:
                return self.error(messages.tote_in_use(self.env, tote.name, holder.picking_id.name))
            totes[key] = tote.id
            self.data["totes"] = totes
        return self._pick_line(tote)

    # -- actions -------------------------------------------------------------------------
    def action_quantity(self, value=None):
        line = self.line
        uom, expected = line.product_id.uom_id, line.quantity_product_uom
        quantity, refusal = self.parse_quantity(value if value is not None else self.data.get("qty"),
                                                expected, uom, allow_zero=True)
        if refusal:
            return self.error(refusal)
        if line.product_id.tracking != "none" and not self.lot and quantity > 0:
            return self.error(messages.lot_required(self.env, line.product_id.display_name) | {"type": "error"})
        self.data["qty"] = quantity
        if uom.compare(quantity, expected) < 0:
            self.state = "confirm_short"
            return self.render()
        return self._after_quantity()

    def action_short(self, value=None):
        """Declare what was found (default nothing): the same as entering a smaller quantity."""
        line = self.line
        if value is None:
            value = 0.0 if self.state in ("scan_bin", "scan_product", "scan_lot") else self.data.get("qty") or 0.0
        if line.product_id.tracking != "none" and not self.lot:
            quantity, refusal = self.parse_quantity(value, uom=line.product_uom_id, allow_zero=True)
            if refusal:
                return self.error(refusal)
            if quantity > 0:
                return self.error(messages.lot_required(self.env, line.product_id.display_name) | {"type": "error"})
        return self.action_quantity(value)

    def action_confirm(self, value=None):
        if self.state == "confirm_short":
            self.data["short"] = True
            return self._after_quantity()
        # zero_check: the bin is empty, as the system thought.
        bin_name = self.data.get("zero_bin")
        return self._next_line(messages.zero_confirmed(self.env, bin_name))

    def action_not_empty(self, value=None):
        location = self.env["stock.location"].browse(self.data.get("zero_bin_id"))
        task = self._count_task(location, self.env["product.product"], self.env["stock.lot"],
                                self.env._("Zero check refuted after picking %s: the bin is not empty.",
                                           self.source.name))
        return self._next_line(messages.zero_refuted(self.env, location.complete_name, task.name))

    def action_skip(self, value=None):
        queue = self.data["queue"]
        if len(queue) < 2:
            return self.error(messages.only_line_left(self.env))
        line = self.line
        self.data["queue"] = queue[1:] + queue[:1]
        self._begin_line()
        return self.render(messages.line_postponed(self.env, line.product_id.display_name,
                                                   line.location_id.complete_name))

    def action_back(self, value=None):
        config = self._config()
        if self.state in ("scan_product", "scan_lot", "quantity") and self.state != self._first_state(config):
            self.data.update(qty=0.0, lot_id=False)
            self._begin_line()
        elif self.state == "confirm_short":
            self.state = "quantity"
        elif self.state == "scan_tote":
            self.data.update(qty=0.0, short=False)
            self.state = "quantity"
        return self.render()

    @staticmethod
    def _first_state(config):
        return "scan_bin" if config.wms_pick_scan_bin else "scan_product" if config.wms_pick_scan_product else "quantity"

    def action_done(self, value=None):
        picked = self.task.move_line_ids.filtered(lambda ml: ml.picked and ml.state not in ("done", "cancel"))
        if not picked:
            return self.error(messages.nothing_picked_yet(self.env))
        return self._finish()

    def action_cancel(self, value=None):
        task = self.task
        if task:
            task.action_release()
        self.state, self.data = self.initial_state, {}
        return self.render(messages.task_released(self.env, task.name) if task else messages.cancelled(self.env))

    # -- the pick itself ------------------------------------------------------------------
    def _after_quantity(self):
        if self._config().wms_pick_scan_tote and self.data.get("qty"):
            self.state = "scan_tote"
            return self.render()
        return self._pick_line()

    def _pick_line(self, tote=None):
        """Write what was taken on the move line (Odoo re-syncs the reservation) and handle a short pick."""
        line, lot = self.line, self.lot
        quantity = self.data.get("qty") or 0.0
        location, product, expected = line.location_id, line.product_id, line.quantity_product_uom
        uom = product.uom_id
        move, config = line.move_id, self._config()
        if uom.compare(quantity, 0.0) > 0:
            # Writing an unchanged quantity would re-sync the quant reservation for nothing.
            vals = {"picked": True} if uom.compare(quantity, expected) == 0 \
                else dict(line._wms_quantity_vals(quantity), picked=True)
            if lot and lot != line.lot_id:
                vals["lot_id"] = lot.id
            if tote:
                vals["result_package_id"] = tote.id
            line.write(vals)
        else:
            line.unlink()
        self.data["queue"] = self.data["queue"][1:]
        if uom.compare(quantity, expected) >= 0:
            message = messages.line_picked(self.env, quantity, uom.name, product.display_name, location.complete_name)
        else:
            message = self._short_pick(move, location, product, lot, quantity, expected, config)
        if quantity and config.wms_pick_zero_check and self._bin_should_be_empty(location):
            self.state = "zero_check"
            self.data.update(zero_bin=location.complete_name, zero_bin_id=location.id)
            return self.render(message)
        return self._next_line(message)

    def _short_pick(self, move, location, product, lot, found, expected, config):
        uom = product.uom_id
        self._count_task(location, product, lot, self.env._(
            "Short pick on %(name)s: %(expected)s %(uom)s expected in %(bin)s, %(found)s found.",
            name=self.source.name, expected=expected, uom=uom.name, bin=location.complete_name, found=found))
        missing = expected - found
        rest = messages.rest_backorder(self.env, missing, uom.name)
        if config.wms_short_pick_policy == "reserve":
            before = move.move_line_ids
            # A move with picked lines is skipped by a plain _action_assign: force the missing quantity
            # (in the move's UoM, unrounded: Odoo converts it back to the product's UoM).
            move.with_context(wms_exclude_location_ids=[location.id])._action_assign(
                force_qty=uom._compute_quantity(missing, move.product_uom, round=False))
            added = move.move_line_ids - before
            if added:
                # New lines inherit ``move.picked``: they are still to be picked.
                added.write({"picked": False})
                self.task._link_move_lines(added)
                self.data["queue"] = self.data["queue"] + added.ids
                reserved = sum(added.mapped("quantity_product_uom"))
                rest = messages.rest_reserved(self.env, reserved, ", ".join(added.location_id.mapped("display_name")),
                                              uom.name)
                if uom.compare(reserved, missing) < 0:
                    rest += " " + messages.rest_backorder(self.env, missing - reserved, uom.name)
        return messages.short_picked(self.env, found, expected, uom.name, product.display_name,
                                     location.complete_name, rest)

    def _count_task(self, location, product, lot, note):
        """Inventory control: a count task for the bin where reality and Odoo disagree."""
        return self.env["wms.task"].sudo().create({
            "task_type": "count", "warehouse_id": self.session.warehouse_id.id, "location_id": location.id,
            "product_id": product.id or False, "lot_id": lot.id or False, "priority": "1", "note": note,
        })

    def _bin_should_be_empty(self, location):
        """Odoo's stock in the bin, less what is picked from it but not yet validated, is nothing."""
        self.env["stock.quant"].flush_model(["quantity", "location_id"])
        self.env["stock.move.line"].flush_model(["picked", "quantity_product_uom", "location_id", "state"])
        self.env.cr.execute(SQL(
            """SELECT COALESCE((SELECT SUM(quantity) FROM stock_quant WHERE location_id = %(bin)s), 0)
                    - COALESCE((SELECT SUM(quantity_product_uom) FROM stock_move_line
                                 WHERE location_id = %(bin)s AND picked AND state NOT IN ('done', 'cancel')), 0)""",
            bin=location.id))
        return self.env.cr.fetchone()[0] <= 1e-6

    def _next_line(self, message):
        if not self.data["queue"]:
            return self._finish(message)
        self._begin_line()
        return self.render(message)

    def _finish(self, message=None):
        """Validate through Odoo what was picked; Odoo makes the backorder of the rest."""
        task, source = self.task, self.source
        lines = task.move_line_ids.exists()
        picked = lines.filtered(lambda ml: ml.picked and ml.state not in ("done", "cancel"))
        if not picked:
            task._mark_exception(self.env._("Nothing was found to pick."))
            done = messages.nothing_found_to_pick(self.env, source.name)
        else:
            count, quantity = len(picked), sum(picked.mapped("quantity_product_uom"))
            backorders = source._wms_validate_scanned()
            task._mark_done(quantity)
            done = messages.pick_done(self.env, source.name, count, ", ".join(backorders.mapped("name")))
        if message and message["type"] == "warning":
            done = dict(done, body=message["body"] + " " + done["body"], type="warning")
        if self.data.get("directed"):
            return self.switch("next_task", message=done)
        self.state, self.data = self.initial_state, {}
        return self.render(done)

    # -- screens ------------------------------------------------------------------------
    def _progress(self):
        self.env["stock.move.line"].flush_model(["picked"])
        self.env.cr.execute(SQL(
            "SELECT count(*), count(*) FILTER (WHERE ml.picked) FROM stock_move_line_wms_task_rel r "
            "JOIN stock_move_line ml ON ml.id = r.stock_move_line_id WHERE r.wms_task_id = %s", self.task.id))
        total, done = self.env.cr.fetchone()
        return {"done": done, "total": total}

    def _task_summary(self):
        """The task as the app shows it; "from" is the bin of the current line."""
        task, line = self.task, self.line
        return {"id": task.id, "name": task.name, "type": task.task_type, "state": task.state,
                "priority": task.priority, "from": line.location_id.complete_name or "", "to": "",
                "product": "", "lot": "", "quantity": task.quantity, "uom": "", "transfer": self.data.get("source_name")}

    def _line_rows(self):
        _ = self.env._
        line = self.line
        rows = [
            {"label": _("Bin"), "value": line.location_id.complete_name, "detail": ""},
            {"label": _("Product"), "value": line.product_id.display_name, "detail": line.product_id.barcode or ""},
        ]
        if line.lot_id or self.lot:
            rows.append({"label": _("Lot"), "value": (self.lot or line.lot_id).name,
                         "detail": _("reserved: %s", line.lot_id.name) if self.lot and self.lot != line.lot_id else ""})
        uom = line.product_id.uom_id
        rows.append({"label": _("To pick"), "value": line.quantity_product_uom, "detail": uom.name})
        if self.data.get("qty"):
            rows.append({"label": _("Counted"), "value": self.data["qty"], "detail": uom.name})
        if self.source._name == "stock.picking.batch":
            rows.append({"label": _("Order"), "value": line.picking_id.name, "detail": ""})
        tote = self.env["stock.package"].browse((self.data.get("totes") or {}).get(str(line.picking_id.id)) or [])
        if tote:
            rows.append({"label": _("Tote"), "value": tote.name, "detail": ""})
        return rows

    def _line_screen(self, instruction, expect, **values):
        screen = {"instruction": instruction, "expect": expect, "lines": self._line_rows(),
                  "progress": self._progress(), "task": self._task_summary()}
        screen.update(values)
        return screen

    def _screen_select(self):
        return {"instruction": self.env._("Scan the transfer or batch to pick."), "expect": ["transfer"]}

    def _screen_scan_bin(self):
        return self._line_screen(self.env._("Go to bin %s and scan it.", self.line.location_id.complete_name),
                                 ["bin"])

    def _screen_scan_product(self):
        return self._line_screen(self.env._("Scan %s.", self.line.product_id.display_name), ["product", "lot"])

    def _screen_scan_lot(self):
        line = self.line
        return self._line_screen(self.env._("Scan the lot (reserved: %s).", line.lot_id.name or "-"), ["lot"])

    def _screen_quantity(self):
        line = self.line
        return self._line_screen(
            self.env._("Scan each unit or enter the quantity taken (%(qty)s %(uom)s to pick).",
                       qty=line.quantity_product_uom, uom=line.product_id.uom_id.name),
            ["quantity", "product"], input="quantity")

    def _screen_confirm_short(self):
        line = self.line
        return self._line_screen(
            self.env._("Only %(found)s of %(qty)s %(uom)s found? Confirm the short pick, or go back.",
                       found=self.data.get("qty") or 0, qty=line.quantity_product_uom, uom=line.product_id.uom_id.name),
            ["command"], input="none")

    def _screen_scan_tote(self):
        line = self.line
        tote = self.env["stock.package"].browse((self.data.get("totes") or {}).get(str(line.picking_id.id)) or [])
        instruction = (self.env._("Put it in tote %s and scan the tote.", tote.name) if tote
                       else self.env._("Scan an empty tote for %s.", line.picking_id.name))
        return self._line_screen(instruction, ["package"])

    def _screen_zero_check(self):
        return {"instruction": self.env._("Bin %s should be empty now. Is it?", self.data.get("zero_bin")),
                "expect": ["command"], "input": "none", "progress": self._progress(), "task": self._task_summary()}
