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
        "quantity": env._("a quantity"),
    }
    return env._(" or ").join(names.get(k, k) for k in kinds)


def unknown_barcode(env, raw, expected, reason=None):
    if reason:
        return _msg("error", env._("Unknown barcode %(raw)r: %(reason)s Expected %(expected)s.",
                                   raw=raw, reason=reason, expected=_kinds(env, expected)))
    return _msg("error", env._("Unknown barcode %(raw)r: nothing in this warehouse has it. Expected %(expected)s.",
                               raw=raw, expected=_kinds(env, expected)))


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


def bin_blocked(env, bin_name, reason):
    return _msg("error", env._("Bin %(bin)s is blocked (%(reason)s): choose another bin.", bin=bin_name, reason=reason))


def same_bin(env, bin_name):
    return _msg("error", env._("%(bin)s is the bin you are taking the stock from: scan another destination.",
                               bin=bin_name))


def bin_of_other_warehouse(env, bin_name, warehouse):
    return _msg("error", env._("Bin %(bin)s is not in warehouse %(wh)s.", bin=bin_name, wh=warehouse))


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
