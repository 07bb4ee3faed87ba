from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

HOLD_FIELDS = ("wms_hold", "wms_hold_reason")


class StockLot(models.Model):
    """A lot can be put on hold (quality, recall): a held lot is never reserved nor moved by a scan.

    Holding and releasing are a WMS manager's decision, with a reason: only
    ``action_wms_hold`` / ``action_wms_release`` change the hold (the "Put on
    hold" / "Release" buttons and their wizard), and each records who, when
    and why in the lot's chatter. A plain write of the hold fields is refused.
    """

    _inherit = "stock.lot"

    wms_hold = fields.Boolean("On hold", index=True, tracking=True, copy=False, readonly=True)
    wms_hold_reason = fields.Char("Hold reason", copy=False, readonly=True)

    @api.constrains("wms_hold", "wms_hold_reason")
    def _check_wms_hold_reason(self):
        for lot in self:
            if lot.wms_hold and not (lot.wms_hold_reason or "").strip():
                raise UserError(self.env._("Lot %(lot)s: say why it is on hold (Hold reason is empty).", lot=lot.name))

    def _wms_hold_by_buttons_only(self):
        return AccessError(self.env._(
            "Hold and release lots with the Put on hold / Release buttons of the lot (WMS managers): "
            "they ask for the reason and record it."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get(name) for vals in vals_list for name in HOLD_FIELDS):
            raise self._wms_hold_by_buttons_only()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(name in vals for name in HOLD_FIELDS):
            raise self._wms_hold_by_buttons_only()
        return super().write(vals)

    def action_wms_hold(self, reason):
        """WMS manager: put the lots on hold for ``reason`` (a non-empty text, recorded in each lot's chatter)."""
        return self._wms_set_hold(True, reason)

    def action_wms_release(self, reason):
        """WMS manager: release the lots from hold for ``reason`` (a non-empty text, recorded in each lot's chatter)."""
        return self._wms_set_hold(False, reason)

    def _wms_set_hold(self, hold, reason):
        _ = self.env._
        if not (self.env.su or self.env.user.has_group("wms_micraft.group_wms_manager")):
            raise AccessError(_("Only a WMS manager can hold or release lots."))
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(_("Say why: the reason is recorded on each lot."))
        for lot in self:
            if lot.wms_hold == hold:
                raise UserError(_("Lot %(lot)s is already on hold.", lot=lot.name) if hold
                                else _("Lot %(lot)s is not on hold.", lot=lot.name))
        self.sudo().write({"wms_hold": hold, "wms_hold_reason": reason if hold else False})
        if hold:
            body = _("Put on hold: %(reason)s", reason=reason)
        else:
            body = _("Released from hold: %(reason)s", reason=reason)
        for lot in self:
            # Posted as the manager: the chatter shows who and when.
            lot.message_post(body=body)
        return True

    # -- one lookup, one creation, one expiry rule for every scan flow ------------------------
    @api.model
    def _wms_find(self, product, name, company=None):
        """The lot ``name`` of ``product`` that ``company`` (default: the current one) may use, or an empty recordset.

        Lots of that company or shared (no company), as the barcode service
        finds the lots it scans.
        """
        company = company or self.env.company
        return self.search([("product_id", "=", product.id), ("name", "=", name),
                            ("company_id", "in", [company.id, False])], limit=1)

    @api.model
    def _wms_create(self, product, name, expiry=None, company=None):
        """A new lot ``name`` of ``product``, expiring on the date ``expiry`` (noon UTC) when given.

        Its company follows Odoo's own rule for lots created at validation
        (``stock.move.line._prepare_new_lot_vals``): the transfer's
        ``company`` when the product belongs to it (or to its parent), else
        Odoo's default (the product's company, shared when none).
        """
        vals = {"name": name, "product_id": product.id}
        if expiry:
            vals["expiration_date"] = datetime.combine(expiry, time(12))
        owner = product.company_id
        if company and owner and company in (owner.all_child_ids | owner):
            vals["company_id"] = company.id
        return self.create(vals)

    @api.model
    def _wms_expiry_passed(self, day):
        """The one expiry rule of the scan flows: ``day`` (a date) is before today in the user's time zone.

        A label or lot expiring today is still accepted today (at receipt,
        putaway, pick, move and count alike) and refused from tomorrow on.
        """
        return bool(day) and day < fields.Date.context_today(self)

    def _wms_is_expired(self):
        """Past its expiration date by ``_wms_expiry_passed`` (its expiration day in the user's time zone)."""
        self.ensure_one()
        if not self.expiration_date:
            return False
        return self._wms_expiry_passed(fields.Datetime.context_timestamp(self, self.expiration_date).date())
