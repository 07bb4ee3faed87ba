"""Plain unit tests of engine/labels.py (no database; loaded by ``engine_loader``).

Barcodes are checked by decoding the module string with the small Code 128
decoder below, written from the standard symbology table and independent of
python-barcode, so an encoding bug cannot be hidden by sharing its tables.
"""

import io
import math
import re
import unittest

from odoo.tools.pdf import PdfReader  # pypdf or PyPDF2, whichever the Odoo image ships

from .engine_loader import engine_module

labels = engine_module("labels")
errors = engine_module("errors")

# Code 128 symbol values 0..105 as bar/space widths (bar first), then STOP.
_WIDTHS = """
212222 222122 222221 121223 121322 131222 122213 122312 132212 221213
221312 231212 112232 122132 122231 113222 123122 123221 223211 221132
221231 213212 223112 312131 311222 321122 321221 312212 322112 322211
212123 212321 232121 111323 131123 131321 112313 132113 132311 211313
231113 231311 112133 112331 132131 113123 113321 133121 313121 211331
231131 213113 213311 213131 311123 311321 331121 312113 312311 332111
314111 221411 431111 111224 111422 121124 121421 141122 141221 112214
112412 122114 122411 142112 142211 241211 221114 413111 241112 134111
111242 121142 121241 114212 124112 124211 411212 421112 421211 212141
214121 412121 111143 111341 131141 114113 114311 411113 411311 113141
114131 311141 411131 211412 211214 211232
""".split()
_STOP = "2331112"
_VALUE = {w: v for v, w in enumerate(_WIDTHS)}
_START = {103: "A", 104: "B", 105: "C"}
_SWITCH = {99: "C", 100: "B", 101: "A"}  # CODE C / CODE B / CODE A (in the other sets)


def decode_code128(modules):
    """Decode a '1'/'0' module string (quiet zones optional) to its text.

    Supports code sets A, B, C, code-set switches and SHIFT; checks the
    mod-103 checksum and the stop pattern.
    """
    runs = [len(m.group()) for m in re.finditer(r"1+|0+", modules.strip("0"))]
    if (len(runs) - 7) % 6 or "".join(map(str, runs[-7:])) != _STOP:
        raise ValueError("no stop pattern")
    values = [_VALUE["".join(map(str, runs[i:i + 6]))] for i in range(0, len(runs) - 7, 6)]
    *symbols, checksum = values
    if (symbols[0] + sum(i * v for i, v in enumerate(symbols[1:], 1))) % 103 != checksum:
        raise ValueError("bad checksum")
    code_set, shift, text = _START[symbols[0]], False, []
    for value in symbols[1:]:
        current = ("B" if code_set == "A" else "A") if shift else code_set
        shift = False
        if current == "C":
            if value < 100:
                text.append(f"{value:02d}")
            elif value in (100, 101):
                code_set = _SWITCH[value]
        elif value < 64 or (current == "B" and value < 96):
            text.append(chr(value + 32))
        elif current == "A" and value < 96:
            text.append(chr(value - 64))
        elif value == 98:
            shift = True
        elif value in _SWITCH and _SWITCH[value] != current:
            code_set = _SWITCH[value]
        # remaining values are FNC codes: no text
    return "".join(text)


def label(name="A-01-03-B", barcode="A0103B", **extra):
    data = {"name": name, "barcode": barcode, "level": 3, "level_arrow": "up",
            "zone": "Pick face", "zone_color": "#1f77b4", "warehouse": "WH"}
    data.update(extra)
    return data


def many(count):
    return [label(f"A-{i:02d}-{i % 7:02d}", f"A{i:04d}B", zone=f"Zone {i % 3}",
                  level_arrow=("up", "down", None)[i % 3]) for i in range(count)]


def pdf_reader(data):
    return PdfReader(io.BytesIO(data))


def page_rects(page):
    """(x, y, w, h) of every 're' operator in the decompressed page content."""
    content = page.get_contents().get_data().decode("latin-1")
    number = r"(-?[\d.]+)"
    return [tuple(map(float, m.groups()))
            for m in re.finditer(rf"{number} {number} {number} {number} re\b", content)]


class TestCode128(unittest.TestCase):
    def test_decoder_table_is_the_standard_one(self):
        self.assertEqual(len(_WIDTHS), 106)
        self.assertEqual(len(set(_WIDTHS)), 106)
        self.assertTrue(all(sum(map(int, w)) == 11 for w in _WIDTHS))

    def test_modules_decode_back_to_value(self):
        values = ["A0103B", "123456", "1234567", "00", "A-01-03-B", "a1234b", "X",
                  "A12345B", "Bin 7/3 {x}", "^~>_", "\tTAB\x00", "99abc0001"]
        for value in values:
            with self.subTest(value=value):
                modules = labels.code128_modules(value)
                self.assertRegex(modules, r"^1[01]*1$")  # no quiet zone: starts/ends with a bar
                self.assertEqual((len(modules) - 13) % 11, 0)
                self.assertEqual(decode_code128(modules), value)

    def test_leading_99_is_kept(self):
        # python-barcode 0.16.1 alone encodes "991234" as "1234" (its issue #251).
        for value in ("99", "9999", "991234", "99A", "0099"):
            with self.subTest(value=value):
                self.assertEqual(decode_code128(labels.code128_modules(value)), value)

    def test_digits_use_code_set_c(self):
        modules = labels.code128_modules("12345678")
        self.assertEqual(modules[:11], "11010011100")  # START C
        self.assertEqual(len(modules), 11 * 6 + 13)  # start, 4 pairs, checksum, stop

    def test_unencodable_values_are_rejected(self):
        for value, code in (("", "barcode_empty"), (None, "barcode_empty"), ("A\u00e9", "barcode_not_ascii"),
                            ("\u00f1", "barcode_not_ascii"), ("bin\u2192", "barcode_not_ascii")):
            with self.subTest(value=value), self.assertRaises(errors.EngineError) as caught:
                labels.code128_modules(value)
            self.assertEqual(caught.exception.code, code)


class TestPdf(unittest.TestCase):
    def test_single_layout_one_page_per_label(self):
        reader = pdf_reader(labels.render_pdf(many(5)))
        self.assertEqual(len(reader.pages), 5)
        for page in reader.pages:
            self.assertAlmostEqual(float(page.mediabox.width), 283.46, places=1)
            self.assertAlmostEqual(float(page.mediabox.height), 141.73, places=1)

    def test_a4_layout_pages_and_size(self):
        self.assertEqual(labels.A4_PER_PAGE, 14)
        for count in (1, 14, 15, 30):
            with self.subTest(count=count):
                reader = pdf_reader(labels.render_pdf(many(count), layout="a4"))
                self.assertEqual(len(reader.pages), math.ceil(count / labels.A4_PER_PAGE))
                self.assertAlmostEqual(float(reader.pages[0].mediabox.width), 595.28, places=1)
                self.assertAlmostEqual(float(reader.pages[0].mediabox.height), 841.89, places=1)

    def test_text_contains_name_barcode_zone(self):
        items = many(16)
        for layout in labels.LAYOUTS:
            reader = pdf_reader(labels.render_pdf(items, layout=layout))
            text = "\n".join(page.extract_text() for page in reader.pages)
            for item in items:
                with self.subTest(layout=layout, name=item["name"]):
                    self.assertIn(item["name"], text)
                    self.assertIn(item["barcode"], text)
                    self.assertIn(item["zone"], text)

    def test_metadata_title(self):
        self.assertEqual(pdf_reader(labels.render_pdf(many(1))).metadata.title, "Warehouse bin labels")
        data = labels.render_pdf(many(1), title="Aisle A labels")
        self.assertEqual(pdf_reader(data).metadata.title, "Aisle A labels")

    def test_bars_are_vector_rectangles_that_decode(self):
        for value in ("A0103B", "12345678", "a-1/Z"):
            with self.subTest(value=value):
                modules = labels.code128_modules(value)
                bars = len(re.findall("1+", modules))
                page = pdf_reader(labels.render_pdf([label(barcode=value)])).pages[0]
                rects = page_rects(page)
                self.assertGreaterEqual(len(rects), bars)
                # Bars share the most common (y, height); rebuild the modules from them.
                rows = {}
                for x, y, w, h in rects:
                    rows.setdefault((round(y, 2), round(h, 2)), []).append((x, w))
                row = sorted(max(rows.values(), key=len))
                self.assertEqual(len(row), bars)
                unit = min(w for x, w in row) / min(map(len, re.findall("1+", modules)))
                rebuilt, left = "", row[0][0]
                for x, w in row:
                    rebuilt += "0" * round((x - left) / unit) + "1" * round(w / unit)
                    left = x + w
                self.assertEqual(rebuilt, modules)
                self.assertEqual(decode_code128(rebuilt), value)
                # Quiet zones: at least 10 modules of blank before/after the bars, inside the page.
                self.assertGreaterEqual(row[0][0], 10 * unit - 1e-6)
                self.assertLessEqual(left + 10 * unit, float(page.mediabox.width) + 1e-6)

    def test_level_arrow_is_a_path(self):
        content = pdf_reader(labels.render_pdf([label(level_arrow="down")])).pages[0]
        data = content.get_contents().get_data().decode("latin-1")
        self.assertRegex(data, r" m [\d. ]+ l [\d. ]+ l h")
        plain = pdf_reader(labels.render_pdf([label(level_arrow=None)])).pages[0]
        self.assertNotRegex(plain.get_contents().get_data().decode("latin-1"), r" m [\d. ]+ l ")

    def test_band_text_colour_follows_luminance(self):
        self.assertEqual(labels.readable_text_color(labels.parse_color("#1f77b4")), (1.0, 1.0, 1.0))
        self.assertEqual(labels.readable_text_color(labels.parse_color("#000080")), (1.0, 1.0, 1.0))
        self.assertEqual(labels.readable_text_color(labels.parse_color("#ffdd00")), (0.0, 0.0, 0.0))
        self.assertEqual(labels.readable_text_color(labels.parse_color("fff")), (0.0, 0.0, 0.0))
        self.assertIsNone(labels.parse_color(None))
        page = pdf_reader(labels.render_pdf([label(zone_color=None)])).pages[0]
        self.assertIn("Pick face", page.extract_text())


class TestZpl(unittest.TestCase):
    def test_one_block_per_label_sized_at_203_dpi(self):
        items = many(4)
        zpl = labels.render_zpl(items)
        self.assertEqual(zpl.count("^XA"), 4)
        self.assertEqual(zpl.count("^XZ"), 4)
        blocks = re.findall(r"\^XA.*?\^XZ", zpl, re.S)
        self.assertEqual(len(blocks), 4)
        for block, item in zip(blocks, items):
            self.assertIn("^PW799", block)
            self.assertIn("^LL399", block)
            self.assertRegex(block, r"\^BCN,\d+,N,N,N,A\^FH\^FD" + re.escape(item["barcode"]) + r"\^FS")
            self.assertIn(f"^FD{item['name']}^FS", block)
            self.assertIn(f"^FD{item['zone']}^FS", block)

    def test_other_dpi(self):
        zpl = labels.render_zpl([label()], dpi=300)
        self.assertIn("^PW1181", zpl)
        self.assertIn("^LL590", zpl)

    def test_control_characters_are_hex_escaped(self):
        zpl = labels.render_zpl([label(name="N^XZ~JA", barcode="A^B~C_D", zone="Z\u00e9")])
        self.assertIn("^FH^FDA_5EB_7EC_5FD^FS", zpl)
        self.assertIn("^FH^FDN_5EXZ_7EJA^FS", zpl)
        self.assertIn("^FH^FDZ_C3_A9^FS", zpl)  # UTF-8 bytes, with ^CI28
        self.assertEqual(zpl.count("^XZ"), 1)
        self.assertNotIn("~", zpl)
        # Every ^FD is preceded by ^FH, so the escapes are honoured.
        self.assertEqual(zpl.count("^FD"), zpl.count("^FH^FD"))


class TestErrors(unittest.TestCase):
    def test_empty_list(self):
        for render in (labels.render_pdf, labels.render_zpl):
            with self.subTest(render=render.__name__), self.assertRaisesRegex(ValueError, "non-empty"):
                render([])

    def test_unknown_layout_names_allowed_values(self):
        with self.assertRaisesRegex(ValueError, "single.*a4"):
            labels.render_pdf([label()], layout="letter")

    def test_bad_label_fields_name_the_label(self):
        cases = [({"barcode": ""}, "barcode_empty"), ({"barcode": None}, "barcode_empty"),
                 ({"barcode": "caf\u00e9"}, "barcode_not_ascii"), ({"zone_color": "blue"}, "color_invalid"),
                 ({"level_arrow": "left"}, "arrow_invalid")]
        for bad, code in cases:
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(ValueError, r"label #1 \('B-2'\)") as caught:
                    labels.render_pdf([label(), label(name="B-2", **bad)])
                self.assertEqual((caught.exception.code, caught.exception.params["label"]), (code, "B-2"))
                with self.assertRaises(ValueError):
                    labels.render_zpl([label(name="B-2", **bad)])

    def test_zpl_rejects_barcode_too_long_for_label(self):
        with self.assertRaisesRegex(ValueError, "too long"):
            labels.render_zpl([label(barcode="X" * 80)])


if __name__ == "__main__":
    unittest.main()
