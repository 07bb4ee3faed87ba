from odoo import fields, models
from odoo.exceptions import UserError

from ..engine import labels as label_engine
from ..engine.errors import EngineError

LEVEL_ARROW_UP_FROM = 3  # labels on level 3 and above point up: the bin is above the reader's eyes


class WmsBinLabelWizard(models.TransientModel):
    """Print bin labels: a PDF (one 100x50 mm label per page, or A4 sheets) or ZPL for Zebra printers."""

    _name = "wms.bin.label.wizard"
    _description = "Print Bin Labels"

    location_ids = fields.Many2many("stock.location", string="Bins", required=True)
    label_format = fields.Selection(
        [("single", "PDF, one 100x50 mm label per page"), ("a4", "PDF, A4 sheets"), ("zpl", "ZPL (Zebra, 203 dpi)")],
        "Format", default="single", required=True,
    )
    attachment_id = fields.Many2one("ir.attachment", readonly=True)

    def _label_values(self):
        missing = self.location_ids.filtered(lambda loc: not loc.barcode)
        if missing:
            raise UserError(self.env._(
                "These bins have no barcode, so no label can be printed: %s. Give them a barcode first.",
                ", ".join(missing.mapped("complete_name")[:10])))
        return [
            {
                "name": loc.name,
                "barcode": loc.barcode,
                "level": loc.wms_level or None,
                "level_arrow": ("up" if loc.wms_level >= LEVEL_ARROW_UP_FROM else "down") if loc.wms_level else None,
                "zone": loc.wms_zone_id.name or "",
                "zone_color": loc.wms_zone_id.color_hex or None,
                "warehouse": loc.warehouse_id.code or "",
            }
            for loc in self.location_ids.sorted(lambda loc: (loc.wms_pick_sequence, loc.complete_name))
        ]

    def _render(self):
        """Return (content bytes, file name, mimetype) for the chosen format."""
        self.ensure_one()
        if not self.location_ids:
            raise UserError(self.env._("Select at least one bin to print labels for."))
        values = self._label_values()
        try:
            if self.label_format == "zpl":
                return label_engine.render_zpl(values).encode(), "bin_labels.zpl", "text/plain"
            return label_engine.render_pdf(values, layout=self.label_format), "bin_labels.pdf", "application/pdf"
        except EngineError as exc:
            raise UserError(self.env._("Labels cannot be printed: %s", self._engine_error_text(exc))) from exc

    def _engine_error_text(self, exc):
        """The translated sentence for a label engine refusal, naming the bin concerned."""
        _ = self.env._
        p = exc.params
        sentences = {
            "barcode_empty": lambda: _("a bin has no barcode."),
            "barcode_not_ascii": lambda: _(
                "barcode %(barcode)s holds %(characters)s: Code 128 labels take ASCII characters only.", **p),
            "barcode_unencodable": lambda: _("barcode %(barcode)s cannot be drawn as Code 128.", **p),
            "barcode_too_long": lambda: _("barcode %(barcode)s is too long for a 100 mm label at %(dpi)s dpi.", **p),
            "color_invalid": lambda: _("the zone colour %(value)s is not a colour like #1f77b4.", **p),
            "no_labels": lambda: _("select at least one bin."),
            "layout_invalid": lambda: _("unknown label format %(value)s; possible: %(allowed)s.", **p),
            "dpi_invalid": lambda: _("the printer resolution %(value)s is not a positive number of dpi.", **p),
        }
        sentence = sentences[exc.code]() if exc.code in sentences else str(exc)
        if "label" in p:
            return _("bin %(bin)s: %(message)s", bin=p["label"], message=sentence)
        return sentence

    def action_print(self):
        content, filename, mimetype = self._render()
        attachment = self.env["ir.attachment"].create({
            "name": filename,
            "raw": content,
            "mimetype": mimetype,
            "res_model": self._name,
            "res_id": self.id,
        })
        self.attachment_id = attachment
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
