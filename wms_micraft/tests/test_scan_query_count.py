from odoo import Command
from odoo.tests import users, warmup

from .scan_common import ScanCase

# Every step that does not validate a transfer stays within this many queries,
# with 24 bins as with 2,000 more.
STEP_BUDGET = 20
# The step that validates (scan of the destination bin: an internal transfer
# created and validated through Odoo's button_validate) costs exactly this,
# with 24 bins as with 2,000 more (measured; lower it when it drops). One of them
# re-reads the source bin's free quantity at validation (Odoo's strict available
# quantity): the step trusts nothing the session stored.
# The move also reads the source's quants, so it takes from the packages and
# owners that really hold the stock (one line per quant).
VALIDATE_QUERIES = 63
# ... and at most this many queries above Odoo's own button_validate of the
# same 1-line transfer, reserved and picked beforehand.
VALIDATE_MARGIN = 20


class TestScanQueryCount(ScanCase):
    def _steps(self):
        """Run a whole free move; return the queries of each step."""
        Session = self.env["wms.scan.session"]
        counts = {}
        self.run_no = getattr(self, "run_no", 0) + 1
        rid = f"run{self.run_no}-"

        def measure(name, call, budget=STEP_BUDGET):
            return self.measure_step(counts, name, call, budget)

        screen = measure("open", lambda: Session.open_session("move_stock"))
        session = Session.browse(screen["session_id"])
        measure("scan_source", lambda: session.scan("A010101", request_id=rid + "q1"))
        measure("scan_product", lambda: session.scan("5901234123457", request_id=rid + "q2"))
        measure("quantity", lambda: session.act("quantity", 1, request_id=rid + "q3"))
        measure("scan_wrong_bin_refused", lambda: session.scan("NOPE", request_id=rid + "q4"))
        measure("replay", lambda: session.act("quantity", 1, request_id=rid + "q3"))
        done = measure("validate", lambda: session.scan("A010102", request_id=rid + "q5"), VALIDATE_QUERIES)
        self.assertEqual(done["message"]["type"], "success", done["message"])
        inquiry = Session.browse(Session.open_session("bin_inquiry")["session_id"])
        measure("inquiry_bin", lambda: inquiry.scan("A010101"))
        measure("inquiry_product", lambda: inquiry.scan("5901234123457"))
        return counts

    def _odoo_validate(self):
        """Queries of Odoo's own button_validate: the same 1-line transfer, reserved and picked beforehand."""
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.int_type_id.id,
            "location_id": self.bin_a.id, "location_dest_id": self.bin_b.id,
            "move_ids": [Command.create({
                "product_id": self.box.id, "product_uom_qty": 1, "product_uom": self.box.uom_id.id,
                "location_id": self.bin_a.id, "location_dest_id": self.bin_b.id,
            })],
        })
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        counts = {}
        self.measure_step(counts, "odoo", picking.button_validate, VALIDATE_QUERIES)
        self.assertEqual(picking.state, "done")
        return counts["odoo"]

    @users("wms_operator")
    @warmup
    def test_steps_within_budget_and_flat(self):
        odoo_small = self._odoo_validate()
        small = self.assertFlatSteps(self._steps)
        for step, count in small.items():
            if step != "validate":
                self.assertLessEqual(count, STEP_BUDGET, f"{step}: {count} queries")
        self.assertLessEqual(small["validate"], odoo_small + VALIDATE_MARGIN,
                             f"validating step {small['validate']} queries, Odoo's button_validate alone {odoo_small}")
