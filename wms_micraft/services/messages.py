"""Every message an operator reads on a scanner, in one translatable catalogue.

Each function takes the environment and returns ``{"type", "body"}`` with
type ``info``, ``success``, ``warning`` or ``error``. Flows never build
operator text themselves: a wording is fixed (and translated) here once.
"""


def _msg(kind, body):
    return {"type": kind, "body": body}


def _kinds(env, kinds):
    names = {
        "bin": env._("a bin"), "product": env._("a product"), "lot": env._("a lot"),
        "package": env._("a package"), "task": env._("a task"), "command": env._("a command"),
        "quantity": env._("a quantity"), "transfer": env._("a transfer or batch"),
    }
    return env._(" or ").join(names.get(k, k) for k in kinds)


def unknown_barcode(env, raw, expected, reason=None):
    if reason:
        return _msg("error", env._("Unknown barcode %(raw)r: %(reason)s Expected %(expected)s.",
                                   raw=raw, reason=reason, expected=_kinds(env, expected)))
    return _msg("error", env._("Unknown barcode %(raw)r: nothing in this warehouse has it. Expected %(expected)s.",
                               raw=raw, expected=_kinds(env, expected)))


def gs1_quantity_unit_refused(env, measure, quantity, label_uom, product, product_uom):
    """A GS1 label whose quantity is in a unit the product's UoM cannot be converted to."""
    what = {"count": env._("a count"), "weight": env._("a weight"), "length": env._("a length"),
            "area": env._("an area"), "volume": env._("a volume")}.get(measure, env._("a measure"))
    return _msg("error", env._(
        "This label gives %(what)s (%(qty)s %(label_uom)s); %(product)s is counted in %(uom)s: "
        "scan its own barcode and enter the quantity in %(uom)s.",
        what=what, qty=quantity, label_uom=label_uom, product=product, uom=product_uom))


def malformed_barcode(env, raw, reason):
    return _msg("error", env._("Unreadable barcode %(raw)r: %(reason)s", raw=raw, reason=reason))


def wrong_kind(env, scanned, kind, expected):
    return _msg("error", env._("You scanned %(scanned)s (%(kind)s); expected %(expected)s.",
                               scanned=scanned, kind=_kinds(env, [kind]), expected=_kinds(env, expected)))


def wrong_bin(env, scanned, expected):
    return _msg("error", env._("Wrong bin: you scanned %(scanned)s, expected %(expected)s.",
                               scanned=scanned, expected=expected))


def wrong_product(env, scanned, expected):
    return _msg("error", env._("Wrong product: you scanned %(scanned)s, expected %(expected)s.",
                               scanned=scanned, expected=expected))


def wrong_lot(env, scanned, expected):
    return _msg("error", env._("Wrong lot: you scanned %(scanned)s, expected %(expected)s.",
                               scanned=scanned, expected=expected))


def lot_expired(env, lot, date):
    return _msg("error", env._("Lot %(lot)s expired on %(date)s: it cannot be moved by a scan. Scan another lot.",
                               lot=lot, date=date))


def lot_held(env, lot, reason):
    return _msg("error", env._("Lot %(lot)s is on hold (%(reason)s): it cannot be moved. Scan another lot.",
                               lot=lot, reason=reason))


def lot_not_in_bin(env, lot, bin_name):
    return _msg("error", env._("Lot %(lot)s is not in %(bin)s. Scan a lot stored in this bin.", lot=lot, bin=bin_name))


def product_not_in_bin(env, product, bin_name):
    return _msg("error", env._("There is no %(product)s available in %(bin)s. Scan a product stored in this bin.",
                               product=product, bin=bin_name))


def over_quantity(env, quantity, maximum, uom):
    return _msg("error", env._("Quantity %(qty)s is more than expected: at most %(max)s %(uom)s.",
                               qty=quantity, max=maximum, uom=uom))


def invalid_quantity(env, value):
    return _msg("error", env._("%(value)r is not a quantity: enter a number above 0.", value=value))


def quantity_out_of_range(env, value, smallest, largest, uom):
    shown = value if isinstance(value, str) else repr(value)
    shown = shown if len(shown) <= 24 else f"{shown[:12]}...({len(shown)} digits)"
    return _msg("error", env._("%(value)s %(uom)s cannot be recorded: enter a quantity from %(min)s to %(max)s.",
                               value=ascii(shown)[1:-1], uom=uom, min=f"{smallest:g}", max=f"{largest:.0f}"))


def bin_blocked(env, bin_name, reason):
    return _msg("error", env._("Bin %(bin)s is blocked (%(reason)s): choose another bin.", bin=bin_name, reason=reason))


def same_bin(env, bin_name):
    return _msg("error", env._("%(bin)s is the bin you are taking the stock from: scan another destination.",
                               bin=bin_name))


def record_of_other_warehouse(env, model, name, warehouse, session_warehouse):
    what = {"stock.location": env._("Bin"), "stock.picking": env._("Transfer"), "stock.picking.batch": env._("Batch"),
            "wms.task": env._("Task"), "stock.package": env._("Package")}.get(model, model)
    if not warehouse:
        return _msg("error", env._("%(what)s %(name)s belongs to no warehouse; this session works in %(session_wh)s.",
                                   what=what, name=name, session_wh=session_warehouse))
    return _msg("error", env._("%(what)s %(name)s belongs to warehouse %(wh)s; this session works in %(session_wh)s.",
                               what=what, name=name, wh=warehouse, session_wh=session_warehouse))


def task_of_other_operator(env, task, user):
    return _msg("error", env._("Task %(task)s belongs to %(user)s, not to you.", task=task, user=user))


def task_not_open(env, task, state):
    return _msg("error", env._("Task %(task)s is %(state)s: there is nothing to do on it.", task=task, state=state))


def unknown_action(env, action, allowed):
    return _msg("error", env._("%(action)r cannot be done here; possible: %(allowed)s.",
                               action=action, allowed=", ".join(allowed) or "-"))


def no_task(env):
    return _msg("info", env._("No task for you right now. Scan a task or try again in a moment."))


def task_claimed(env, task):
    return _msg("info", env._("Task %(task)s is yours.", task=task))


def moved(env, quantity, uom, product, source, destination):
    return _msg("success", env._("Moved %(qty)s %(uom)s %(product)s from %(src)s to %(dst)s.",
                                 qty=quantity, uom=uom, product=product, src=source, dst=destination))


def bin_scanned(env, bin_name):
    return _msg("info", env._("Bin %(bin)s.", bin=bin_name))


def cancelled(env):
    return _msg("warning", env._("Cancelled: nothing was moved."))


def task_released(env, task):
    return _msg("warning", env._("Task %(task)s is back in the queue.", task=task))


def nothing_found(env, what):
    return _msg("info", env._("Nothing stored for %(what)s.", what=what))


def bin_cannot_take(env, bin_name, quantity, product):
    return _msg("error", env._(
        "Bin %(bin)s cannot take %(qty)s %(product)s (capacity or storage rules): choose another bin.",
        bin=bin_name, qty=quantity, product=product))


def lot_required(env, product):
    return _msg("warning", env._("%(product)s is tracked by lot: scan the lot.", product=product))


def task_done(env, task):
    return _msg("success", env._("Task %(task)s done.", task=task))


def task_busy(env, task):
    return _msg("error", env._("Task %(task)s is being taken by another operator right now: take another one.",
                               task=task))


def task_paused(env, task):
    return _msg("warning", env._("Task %(task)s is paused: Next task resumes it.", task=task))


def not_enough_in_bin(env, quantity, available, uom, product, bin_name):
    return _msg("error", env._("Only %(available)s %(uom)s of %(product)s are free in %(bin)s now, not %(qty)s: "
                               "nothing was moved. Enter the quantity again.",
                               available=available, uom=uom, product=product, bin=bin_name, qty=quantity))


# -- picking ---------------------------------------------------------------------
def lot_past_removal(env, lot, date):
    return _msg("error", env._("Lot %(lot)s passed its removal date on %(date)s: it cannot be picked. "
                               "Scan another lot.", lot=lot, date=date))


def serial_already_picked(env, serial, transfer):
    return _msg("error", env._("Serial number %(serial)s is already picked for %(transfer)s: scan another one.",
                               serial=serial, transfer=transfer))


def lot_not_enough_in_bin(env, lot, bin_name, free, needed, uom):
    return _msg("error", env._("Lot %(lot)s has %(free)s %(uom)s free in %(bin)s; this line needs %(needed)s. "
                               "Scan the reserved lot or another one.",
                               lot=lot, free=free, uom=uom, bin=bin_name, needed=needed))


def lot_breaks_fefo(env, lot, date, reserved, reserved_date):
    return _msg("error", env._("Lot %(lot)s (expires %(date)s) would leave the earlier lot %(reserved)s "
                               "(expires %(reserved_date)s) behind: first expired, first out. Scan %(reserved)s.",
                               lot=lot, date=date, reserved=reserved, reserved_date=reserved_date))


def cannot_pick(env, reason):
    return _msg("error", reason)


def pick_started(env, name, lines):
    return _msg("info", env._("Picking %(name)s: %(lines)s line(s).", name=name, lines=lines))


def line_picked(env, quantity, uom, product, bin_name):
    return _msg("success", env._("Picked %(qty)s %(uom)s %(product)s from %(bin)s.",
                                 qty=quantity, uom=uom, product=product, bin=bin_name))


def short_picked(env, found, expected, uom, product, bin_name, rest):
    return _msg("warning", env._("Short pick: %(found)s of %(expected)s %(uom)s %(product)s in %(bin)s. "
                                 "A count task checks the bin. %(rest)s",
                                 found=found, expected=expected, uom=uom, product=product, bin=bin_name, rest=rest))


def rest_reserved(env, quantity, bins, uom):
    return env._("%(qty)s %(uom)s reserved from %(bins)s and added to your route.", qty=quantity, uom=uom, bins=bins)


def rest_backorder(env, quantity, uom):
    return env._("%(qty)s %(uom)s left to a backorder.", qty=quantity, uom=uom)


def line_postponed(env, product, bin_name):
    return _msg("info", env._("%(product)s in %(bin)s postponed to the end of the route.",
                              product=product, bin=bin_name))


def only_line_left(env):
    return _msg("error", env._("This is the last line to pick: pick it, declare it short, or finish with Done."))


def nothing_picked_yet(env):
    return _msg("error", env._("Nothing is picked yet: pick a line first, or release the task."))


def wrong_tote(env, scanned, expected):
    return _msg("error", env._("Wrong tote: you scanned %(scanned)s, this order goes to %(expected)s.",
                               scanned=scanned, expected=expected))


def tote_in_use(env, tote, name):
    return _msg("error", env._("Tote %(tote)s already holds %(name)s: take an empty tote.", tote=tote, name=name))


def tote_not_empty(env, tote):
    return _msg("error", env._("Tote %(tote)s is not empty (it holds stock): take an empty tote.", tote=tote))


def zero_confirmed(env, bin_name):
    return _msg("success", env._("Bin %(bin)s is empty.", bin=bin_name))


def zero_refuted(env, bin_name, task):
    return _msg("warning", env._("Bin %(bin)s is not empty: count task %(task)s created.", bin=bin_name, task=task))


def pick_done(env, name, lines, backorder):
    if backorder:
        return _msg("success", env._("%(name)s picked (%(lines)s line(s)); the rest is in backorder %(backorder)s.",
                                     name=name, lines=lines, backorder=backorder))
    return _msg("success", env._("%(name)s picked and validated (%(lines)s line(s)).", name=name, lines=lines))


def nothing_found_to_pick(env, name):
    return _msg("warning", env._("Nothing was found for %(name)s: it stays open in Odoo; a supervisor decides.",
                                 name=name))


def line_gone(env):
    return _msg("warning", env._("That line was changed in Odoo meanwhile: it was taken off your route."))


# -- receiving -------------------------------------------------------------------
def not_a_receipt(env, name):
    return _msg("error", env._("%(name)s is not a receipt: scan a receipt, or a product arriving.", name=name))


def receipt_not_open(env, name):
    return _msg("error", env._("Receipt %(name)s is not open (draft, done or cancelled): nothing to receive.",
                               name=name))


def no_receipt_for_product(env, product, warehouse):
    return _msg("error", env._("No open receipt of %(wh)s expects %(product)s: scan the receipt.",
                               wh=warehouse, product=product))


def receipt_started(env, name, lines):
    return _msg("info", env._("Receiving %(name)s: %(lines)s product line(s).", name=name, lines=lines))


def product_not_on_receipt(env, product, name, expected):
    return _msg("error", env._("%(product)s is not expected on %(name)s (it expects %(expected)s).",
                               product=product, name=name, expected=expected))


def expiry_past(env, lot, date):
    return _msg("error", env._("Lot %(lot)s expired on %(date)s: it cannot be received. Put it aside for the "
                               "supplier.", lot=lot, date=date))


def counted(env, quantity, uom, product, lot):
    if lot:
        return _msg("success", env._("Counted %(qty)s %(uom)s %(product)s, lot %(lot)s.",
                                     qty=quantity, uom=uom, product=product, lot=lot))
    return _msg("success", env._("Counted %(qty)s %(uom)s %(product)s.", qty=quantity, uom=uom, product=product))


def received(env, name, lines, backorder):
    if backorder:
        return _msg("success", env._("%(name)s received (%(lines)s count(s)); the rest waits in backorder "
                                     "%(backorder)s.", name=name, lines=lines, backorder=backorder))
    return _msg("success", env._("%(name)s received (%(lines)s count(s)).", name=name, lines=lines))


def receipt_being_received(env, name, user):
    return _msg("error", env._("Receipt %(name)s is being received by %(user)s: scan another receipt.",
                               name=name, user=user or env._("another operator")))


def serial_one_unit(env, serial, product, quantity):
    return _msg("error", env._("Serial number %(serial)s of %(product)s is one unit, but the label gives %(qty)s: "
                               "scan each unit's serial.", serial=serial, product=product, qty=quantity))


def serial_counted(env, serial, product, name):
    return _msg("error", env._("Serial number %(serial)s of %(product)s is already counted on %(name)s: scan the "
                               "next unit's serial.", serial=serial, product=product, name=name))


def serial_in_stock(env, serial, product, bins):
    return _msg("error", env._("Serial number %(serial)s of %(product)s is already in stock (%(bins)s): it cannot "
                               "arrive twice. Put the unit aside and tell a supervisor.",
                               serial=serial, product=product, bins=bins))


def expiry_required(env, lot, product):
    return _msg("error", env._("Lot %(lot)s of %(product)s has no expiry date: scan the GS1 label that carries it "
                               "(AI 17), or set the product's expiration time.", lot=lot, product=product))


# -- counting --------------------------------------------------------------------
def count_other_product(env, scanned, expected):
    return _msg("error", env._("This count is for %(expected)s only; you scanned %(scanned)s.",
                               expected=expected, scanned=scanned))


def lot_unknown(env, lot, product):
    return _msg("error", env._("Lot %(lot)s of %(product)s is unknown to Odoo: put it aside and tell a "
                               "supervisor (receive it first).", lot=lot, product=product))


def count_result(env, bin_name, differences, applied):
    if not differences:
        return _msg("success", env._("%(bin)s counted: it matches Odoo.", bin=bin_name))
    detail = "; ".join(env._("%(product)s %(lot)s: Odoo %(expected)s, counted %(found)s",
                             product=p, lot=lot, expected=e, found=f).replace("  ", " ")
                       for p, lot, e, f in differences)
    if applied:
        return _msg("warning", env._("%(bin)s counted, differences applied: %(detail)s.", bin=bin_name,
                                     detail=detail))
    return _msg("warning", env._("%(bin)s counted, differences wait for a manager in Physical Inventory: "
                                 "%(detail)s.", bin=bin_name, detail=detail))


# -- putaway -------------------------------------------------------------------
def putaway_refusal_reasons(env):
    """Why a bin cannot take a putaway, per reason of ``engine/putaway.py`` (and ``not_a_bin``)."""
    return {
        "blocked": env._("it is blocked"),
        "temperature": env._("its temperature class is not the product's"),
        "quarantine": env._("quarantine bins only take goods on hold, and goods on hold only go there"),
        "capacity": env._("it has no room left (weight, volume or units)"),
        "not_empty": env._("it only takes goods when it is empty"),
        "other_product": env._("it only takes one product and holds another one"),
        "expiry_mix": env._("it holds a lot of this product with another expiry date"),
        "not_a_bin": env._("it is not a putaway bin of this transfer's destination"),
    }


def bin_refused(env, scanned, reason, expected):
    return _msg("error", env._("Bin %(scanned)s cannot take it: %(reason)s. Scan %(expected)s, or another bin "
                               "that can.", scanned=scanned, reason=reason, expected=expected))


def stored(env, quantity, uom, product, bin_name):
    return _msg("success", env._("Stored %(qty)s %(uom)s %(product)s in %(bin)s.",
                                 qty=quantity, uom=uom, product=product, bin=bin_name))


def bin_full_replanned(env, bin_name, next_bin):
    return _msg("warning", env._("%(bin)s is full: take the rest to %(next)s.", bin=bin_name, next=next_bin))


def no_bin_left(env, quantity, uom, product):
    return _msg("warning", env._(
        "No bin can take the remaining %(qty)s %(uom)s %(product)s: press Done to validate what is stored "
        "(the rest stays in an Odoo backorder), or release the task.", qty=quantity, uom=uom, product=product))


def nothing_stored(env, task):
    return _msg("error", env._("Nothing is stored yet for task %(task)s: scan a bin and store some first.",
                               task=task))


def putaway_validated(env, task, picking):
    return _msg("success", env._("Task %(task)s done: %(picking)s validated.", task=task, picking=picking))


def lot_unknown_not_created(env, lot, operation):
    return _msg("error", env._("Lot %(lot)s does not exist and %(operation)s does not create lots: scan an "
                               "existing lot.", lot=lot, operation=operation))


def reason_other_bin(env, scanned, suggested, user):
    return env._("%(user)s stored it in %(scanned)s instead of %(suggested)s.",
                 user=user, scanned=scanned, suggested=suggested)


def reason_bin_full(env, bin_name, user):
    return env._("%(bin)s declared full by %(user)s.", bin=bin_name, user=user)


def receipt_by_putaway(env, name, task):
    return _msg("error", env._("Receipt %(name)s goes straight to its bins through putaway tasks (%(task)s...): "
                               "store it with My next task / Putaway.", name=name, task=task))
