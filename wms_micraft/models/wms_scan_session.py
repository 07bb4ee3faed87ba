import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..services import api_arguments as arg
from ..services import barcode as barcode_service
from ..services.registry import SCENARIOS

_logger = logging.getLogger(__name__)


class WmsScanSession(models.Model):
    """One operator's conversation with a scan scenario: the API of scanners and devices.

    The scanner app (through the ORM service) and devices (through Odoo 19's
    ``POST /json/2/wms.scan.session/<method>`` with an API key) call the same
    public methods:

    - ``open_session(scenario, warehouse_id=None)`` -> screen (model method)
    - ``scan(barcode, request_id=None)`` -> screen (on ``ids=[session_id]``)
    - ``act(action, value=None, request_id=None)`` -> screen
    - ``screen()`` -> the current screen, unchanged

    Every answer is the complete next screen (see ``services/scenario.py``).
    A refused scan answers the same screen with an error message and changes
    nothing. A request repeated with the same ``request_id`` (a scanner
    retrying after a network drop) is applied once: the stored answer of the
    first is returned. State lives in this row only, so any worker can serve
    any request.
    """

    _name = "wms.scan.session"
    _description = "Scanner Session"
    _order = "write_date desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, index=True,
                              ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True)
    scenario = fields.Selection(
        [("bin_inquiry", "Bin inquiry"), ("move_stock", "Move stock"), ("next_task", "My next task"),
         ("pick", "Pick"), ("receive", "Receive"), ("count", "Count"), ("putaway", "Putaway")],
        required=True)
    state = fields.Char(required=True, default="start")
    data = fields.Json(default=dict)
    active = fields.Boolean(default=True)
    request_ids = fields.One2many("wms.scan.request", "session_id")

    # ------------------------------------------------------------------
    # Public API (arguments checked by services/api_arguments.py)
    # ------------------------------------------------------------------
    @api.private
    def browse(self, ids=()):
        # /json/2 browses the request's ``ids`` before calling the method: a lone
        # non-integer number (1.5, true) would fail in Odoo's tuple(ids) with HTTP
        # 500; wrapped, it reaches the method, whose check answers 422.
        if ids is True or isinstance(ids, float):
            ids = (ids,)
        return super().browse(ids)

    @api.model
    @arg.checked(on_session=False, scenario=arg.scenario_name, warehouse_id=arg.warehouse_id)
    def open_session(self, scenario, warehouse_id=None):
        """Start (or restart) ``scenario`` for the current user; returns its first screen.

         ("pick", "Pick"), ("receive", "Receive"), ("count", "Count"), ("putaway", "Putaway")],
        :param warehouse_id: warehouse to work in (default: the user's company's first)
        """
        if scenario not in SCENARIOS:
            raise UserError(self.env._("Unknown scenario %(scenario)r; possible: %(allowed)s.",
                                       scenario=scenario, allowed=", ".join(sorted(SCENARIOS))))
        if not self.env.user.has_group("wms_micraft.group_wms_operator"):
            raise AccessError(self.env._("Only WMS operators can use the scanner."))
        warehouse = self.env["stock.warehouse"].browse(warehouse_id) if warehouse_id else \
            self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        if not warehouse.exists():
            raise UserError(self.env._("Warehouse %(wh)s does not exist or is not yours.", wh=warehouse_id))
        warehouse.check_access("read")
        session = self.search([("user_id", "=", self.env.uid), ("scenario", "=", scenario),
                               ("warehouse_id", "=", warehouse.id)], limit=1)
        if not session:
            # Sessions are the server's: operators may not create or write them (forged
            # state or data), so the row is created here, for the caller, as superuser.
            session = self.sudo().create({"scenario": scenario, "warehouse_id": warehouse.id, "user_id": self.env.uid,
                                          "company_id": warehouse.company_id.id}).sudo(False)
        return session._run(lambda scenario_: scenario_.start())

    @arg.checked(barcode=arg.barcode, request_id=arg.request_id)
    def scan(self, barcode, request_id=None):
        """Process one scanned string in the session; returns the next screen."""

        def step(scenario):
            product = self.env["product.product"].browse(scenario.data.get("product_id") or [])
            scan = barcode_service.resolve(self.env, barcode, company=self.company_id, product=product or None,
                                           transfers="transfer" in scenario.accepts)
            refusal = scenario.warehouse_refusal(scan.record)
            return scenario.error(refusal) if refusal else scenario.on_scan(scan)

        return self._run(step, request_id=request_id)

    @arg.checked(action=arg.action, value=arg.action_value, request_id=arg.request_id)
    def act(self, action, value=None, request_id=None):
        """Apply an action (a button: ``cancel``, ``back``, ``quantity`` with ``value``, ``next``...)."""
        return self._run(lambda scenario: scenario.on_action(action, value), request_id=request_id)

    @arg.checked()
    def screen(self):
        """The current screen, without changing anything."""
        self._check_owner()
        return SCENARIOS[self.scenario](self).render()

    # ------------------------------------------------------------------
    # Step machinery
    # ------------------------------------------------------------------
    def _check_owner(self):
        self.ensure_one()
        if not self.exists():
            raise UserError(self.env._("Scanner session %s does not exist: open a new one.", self.id))
        if self.user_id != self.env.user:
            raise AccessError(self.env._("Scanner session %(session)s belongs to %(user)s.",
                                         session=self.id, user=self.user_id.name))

    def _lock(self, request_id=None):
        """Lock the session row and check it is the caller's; return the stored answer of ``request_id``, if any.

        One step at a time per session: a retry racing its original waits on
        the row lock. Existence, owner and replay come with the lock in one
        query; the session's fields are then read through the ORM, so access
        rights and record rules still apply.
        """
        self.ensure_one()
        self.env.cr.execute(SQL(
            """SELECT s.user_id, r.response
                 FROM wms_scan_session s
            LEFT JOIN wms_scan_request r ON r.session_id = s.id AND r.request_id = %s
                WHERE s.id = %s
                  FOR NO KEY UPDATE OF s""", request_id, self.id))
        row = self.env.cr.fetchone()
        if not row:
            raise UserError(self.env._("Scanner session %s does not exist: open a new one.", self.id))
        user_id, response = row
        if user_id != self.env.uid:
            raise AccessError(self.env._("Scanner session %(session)s belongs to %(user)s.",
                                         session=self.id, user=self.env["res.users"].browse(user_id).sudo().name))
        return response

    def _run(self, handler, request_id=None):
        done = self._lock(request_id or None)
        if done is not None:
            self.check_access("read")
            return dict(done, replayed=True)
        scenario = SCENARIOS[self.scenario](self)
        savepoint = self.env.cr.savepoint()
        try:
            screen = handler(scenario)
        except Exception:
            savepoint.close(rollback=True)
            raise
        message = screen.get("message") or {}
        if message.get("type") == "error":
            # A refused input changes nothing, whatever the step touched.
            savepoint.close(rollback=True)
            self.invalidate_recordset()
            return screen
        savepoint.close(rollback=False)
        final = getattr(scenario, "delegate", scenario)
        # The caller owns the session (checked by _lock): the step's result is written as superuser.
        self.sudo().write({"scenario": final.name, "state": final.state, "data": final.data})
        screen.update(scenario=final.name, state=final.state)
        if request_id:
            self.env["wms.scan.request"].sudo().create(
                {"session_id": self.id, "request_id": request_id, "response": screen})
        return screen


class WmsScanRequest(models.Model):
    """The answer given to a request id, so that a retried request is applied once."""

    _name = "wms.scan.request"
    _description = "Scanner Request"
    _log_access = False

    session_id = fields.Many2one("wms.scan.session", required=True, ondelete="cascade", index=True)
    request_id = fields.Char(required=True)
    response = fields.Json()
    create_date = fields.Datetime(default=fields.Datetime.now, index=True)

    _unique_request = models.Constraint("unique(session_id, request_id)", "This request was already processed.")

    @api.autovacuum
    def _gc_old_requests(self):
        self.sudo().search([("create_date", "<", fields.Datetime.subtract(fields.Datetime.now(), days=2))]).unlink()
