"""The base of every scan scenario: a small explicit state machine.

A scenario instance lives for one request: it is rebuilt from its
``wms.scan.session`` row (``state`` and ``data``), takes one operator input
(a scan or an action) and returns the complete next screen. Nothing is kept
in Python memory between requests, so any worker behind a load balancer can
serve the next scan.

A screen is a plain dict the scanner app renders without knowing the
scenario::

    {"session_id", "scenario", "state", "title", "instruction",
     "expect": ["bin", ...],          # what may be scanned next
     "input": "scan" | "quantity" | "none",
     "lines": [{"label", "value", "detail"}],
     "progress": {"done", "total"} | None,
     "message": {"type", "body"} | None,
     "actions": [{"name", "label"}],  # buttons / command barcodes allowed now
     "task": {...} | None}
"""

import math

from . import messages

#: the warehouse of each kind of record a scan can resolve to, beyond products and lots
WAREHOUSE_OF = {
    "stock.location": lambda record: record.warehouse_id,
    "stock.picking": lambda record: record._wms_route_warehouse(),
    "stock.picking.batch": lambda record: record._wms_route_warehouse(),
    "wms.task": lambda record: record.warehouse_id,
    "stock.package": lambda record: record.location_id.warehouse_id,
}

#: largest quantity a scan step accepts, in the product's unit (a typo guard far above any bin)
QUANTITY_MAX = 1e9


class Scenario:
    #: technical name, the ``wms.scan.session.scenario`` value
    name = None
    #: state the scenario starts in
    initial_state = None
    #: kinds of records beyond the usual ones the scenario takes (e.g. "transfer")
    accepts = ()

    def __init__(self, session):
        self.session = session
        self.env = session.env
        self.state = session.state or self.initial_state
        self.data = dict(session.data or {})

    # -- records kept in the data (ids, so any worker can serve the next step) --
    def record(self, model, key):
        """The record whose id is ``data[key]`` (empty when none)."""
        return self.env[model].browse(self.data.get(key) or [])

    @property
    def task(self):
        return self.record("wms.task", "task_id")

    @property
    def product(self):
        return self.record("product.product", "product_id")

    @property
    def lot(self):
        return self.record("stock.lot", "lot_id")

    # -- what subclasses implement -------------------------------------------
    def start(self, **params):
        """Reset to the initial state and return the first screen."""
        self.state, self.data = self.initial_state, {}
        return self.render()

    def on_scan(self, scan):
        raise NotImplementedError

    def on_action(self, action, value=None):
        handler = getattr(self, f"action_{action}", None)
        if action not in self.allowed_actions() or handler is None:
            return self.render(messages.unknown_action(self.env, action, self.allowed_actions()))
        return handler(value)

    def allowed_actions(self):
        return ["cancel"]

    def action_cancel(self, value=None):
        self.state, self.data = self.initial_state, {}
        return self.render(messages.cancelled(self.env))

    # -- screens ---------------------------------------------------------------
    def title(self):
        return ""

    def render(self, message=None):
        builder = getattr(self, f"_screen_{self.state}")
        screen = {
            "session_id": self.session.id,
            "scenario": self.name,
            "state": self.state,
            "title": self.title(),
            "instruction": "",
            "expect": [],
            "input": "scan",
            "lines": [],
            "progress": None,
            "message": message,
            "actions": [],
            "task": None,
        }
        screen.update(builder())
        labels = self.action_labels()
        screen["actions"] = [{"name": a, "label": labels.get(a, a)} for a in self.allowed_actions()]
        return screen

    def action_labels(self):
        _ = self.env._
        return {"cancel": _("Cancel"), "back": _("Back"), "done": _("Done"), "skip": _("Skip"),
                "release": _("Release task"), "pause": _("Pause"), "next": _("Next task"),
                "quantity": _("Confirm quantity")}

    def error(self, message):
        """The same screen with an error: the caller rolls back anything the step did."""
        return self.render(message)

    def switch(self, scenario_name, **params):
        """Hand over to another scenario (e.g. "my next task" dispatching to "move stock")."""
        from .registry import SCENARIOS

        other = SCENARIOS[scenario_name](self.session)
        screen = other.start(**params)
        self.state, self.data = other.state, other.data
        self.delegate = other
        return screen

    # -- helpers shared by scenarios -------------------------------------------
    def check_kind(self, scan, expected):
        """None when ``scan`` is one of ``expected`` kinds, else the error message to show."""
        if scan.kind == "refused":  # e.g. a GS1 weight on a product counted in Units
            return scan.message
        if scan.kind == "malformed":
            return messages.malformed_barcode(self.env, scan.raw, scan.error)
        if scan.kind == "unknown":
            return messages.unknown_barcode(self.env, scan.raw, expected, scan.error)
        if scan.kind not in expected:
            return messages.wrong_kind(self.env, scan.raw, scan.kind, expected)
        return None

    def scanned_product(self, scan, expected, kinds=("product", "lot")):
        """(product, None) for a scan naming ``expected`` (a product, or a lot of it), else (None, error message)."""
        refusal = self.check_kind(scan, list(kinds))
        if refusal:
            return None, refusal
        product = scan.record if scan.kind == "product" else scan.record.product_id
        if expected and product != expected:
            return None, messages.wrong_product(self.env, product.display_name, expected.display_name)
        return product, None

    def parse_quantity(self, value, maximum=None, uom=None, allow_zero=False):
        """(quantity, None) for a number above 0 (or 0 when allowed) and at most ``maximum``, else (None, error).

        Refused: anything but a finite number (``"nan"``, ``"inf"``, ``true``),
        a quantity the unit's rounding makes 0 (1e-9) or above
        :data:`QUANTITY_MAX`. The answer is rounded as Odoo will store it.
        """
        if isinstance(value, bool):
            return None, messages.invalid_quantity(self.env, value)
        try:
            quantity = float(value)
        except OverflowError:  # an integer of hundreds of digits
            quantity = math.inf
        except (TypeError, ValueError):
            return None, messages.invalid_quantity(self.env, value)
        if math.isnan(quantity) or quantity < 0 or (quantity == 0 and not allow_zero):
            return None, messages.invalid_quantity(self.env, value)
        uom = uom or self.env["uom.uom"]  # every unit rounds to the "Product Unit" precision
        if quantity > QUANTITY_MAX or (quantity and uom.is_zero(quantity)):
            digits = self.env["decimal.precision"].precision_get("Product Unit")
            return None, messages.quantity_out_of_range(self.env, value, 10 ** -digits, QUANTITY_MAX, uom.name or "")
        quantity = uom.round(quantity)
        if maximum is not None and uom.compare(quantity, maximum) > 0:
            return None, messages.over_quantity(self.env, quantity, maximum, uom.name)
        return quantity, None

    def action_release(self, value=None):
        """Directed mode: give the task back to the queue and return to "my next task"."""
        task = self.task
        task.action_release()
        return self.switch("next_task", message=messages.task_released(self.env, task.name))

    def action_pause(self, value=None):
        """Pause the task (it stays the operator's: "Next task" resumes it) and return to "my next task"."""
        task = self.task
        task.action_pause()
        return self.switch("next_task", message=messages.task_paused(self.env, task.name))

    def warehouse_refusal(self, record):
        """Message refusing a bin, transfer, batch, task or package of another warehouse than the session's, or None.

        Called on every scanned record before the scenario sees it
        (``wms.scan.session.scan``): one check, in one place, for every scenario.
        Products and lots belong to no warehouse; a package is checked where it is.
        """
        if not record or record._name not in WAREHOUSE_OF:
            return None
        if record._name == "stock.package" and not record.location_id.warehouse_id:
            return None  # an empty tote, or a package outside any warehouse: no warehouse to compare
        owner = WAREHOUSE_OF[record._name](record)
        warehouse = self.session.warehouse_id
        if owner == warehouse:
            return None
        name = record.complete_name if record._name == "stock.location" else record.name
        return messages.record_of_other_warehouse(self.env, record._name, name, owner.name, warehouse.name)

    def lot_refusal(self, lot):
        """Message refusing a held or expired lot, or None."""
        if lot.wms_hold:
            return messages.lot_held(self.env, lot.name, lot.wms_hold_reason)
        if lot._wms_is_expired():
            return messages.lot_expired(self.env, lot.name, lot.expiration_date.date().isoformat())
        return None
