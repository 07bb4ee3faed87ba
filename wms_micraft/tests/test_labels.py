import io

from odoo.tools.pdf import PdfReader  # pypdf or PyPDF2, whichever the Odoo image ships

from odoo.exceptions import UserError

from .common import WmsCase


class TestBinLabels(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wizard_gen = cls.generate(aisle_to=1)
        cls.bins = cls.env["stock.location"].search([("wms_zone_id", "=", cls.zone.id)])

    def _print(self, bins, label_format):
        wizard = self.env["wms.bin.label.wizard"].create({"location_ids": [(6, 0, bins.ids)], "label_format": label_format})
        action = wizard.action_print()
        self.assertEqual(action["url"], f"/web/content/{wizard.attachment_id.id}?download=true")
        return wizard.attachment_id

    def test_single_labels_pdf_pages_and_text(self):
        attachment = self._print(self.bins, "single")
        self.assertEqual(attachment.mimetype, "application/pdf")
        reader = PdfReader(io.BytesIO(attachment.raw))
        self.assertEqual(len(reader.pages), 8)
        box = reader.pages[0].mediabox
        self.assertAlmostEqual(float(box.width), 100 / 25.4 * 72, places=1)
        self.assertAlmostEqual(float(box.height), 50 / 25.4 * 72, places=1)
        texts = [page.extract_text() for page in reader.pages]
        first = self.bins.sorted(lambda b: (b.wms_pick_sequence, b.complete_name))[0]
        self.assertIn(first.name, texts[0])
        self.assertIn(first.barcode, texts[0])
        self.assertIn("Pick face A", texts[0])
        self.assertEqual(sorted(self.bins.mapped("barcode")), sorted(b for b in self.bins.mapped("barcode") if any(b in t for t in texts)))

    def test_a4_sheet(self):
        attachment = self._print(self.bins, "a4")
        reader = PdfReader(io.BytesIO(attachment.raw))
        self.assertEqual(len(reader.pages), 1)  # 8 labels, 14 per A4 sheet
        self.assertAlmostEqual(float(reader.pages[0].mediabox.width), 595.27, places=0)
        text = reader.pages[0].extract_text()
        for name in self.bins.mapped("name"):
            self.assertIn(name, text)

    def test_zpl(self):
        attachment = self._print(self.bins[:3], "zpl")
        zpl = attachment.raw.decode()
        self.assertEqual(zpl.count("^XA"), 3)
        self.assertEqual(zpl.count("^XZ"), 3)
        for barcode in self.bins[:3].mapped("barcode"):
            self.assertIn(barcode, zpl)
        self.assertIn("^BC", zpl)

    def test_generator_prints_its_bins(self):
        action = self.wizard_gen.action_print_labels()
        self.assertEqual(action["res_model"], "wms.bin.label.wizard")
        self.assertEqual(set(action["context"]["default_location_ids"][0][2]), set(self.bins.ids))

    def test_bin_without_barcode_refused(self):
        bare = self.env["stock.location"].create({"name": "No code", "location_id": self.stock.id, "barcode": False})
        wizard = self.env["wms.bin.label.wizard"].create({"location_ids": [(6, 0, bare.ids)]})
        with self.assertRaises(UserError) as caught:
            wizard.action_print()
        self.assertIn("no barcode", str(caught.exception))
        self.assertFalse(wizard.attachment_id)

    def test_engine_refusal_names_the_bin_in_words(self):
        accented = self.env["stock.location"].create({"name": "Año", "location_id": self.stock.id, "barcode": "AÑO1"})
        wizard = self.env["wms.bin.label.wizard"].create({"location_ids": [(6, 0, accented.ids)]})
        with self.assertRaises(UserError) as caught:
            wizard.action_print()
        self.assertEqual(str(caught.exception), "Labels cannot be printed: bin Año: barcode AÑO1 holds Ñ: "
                                                "Code 128 labels take ASCII characters only.")
        self.assertFalse(wizard.attachment_id)
