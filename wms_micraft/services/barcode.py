"""One place where a scanned string becomes a bin, product, lot, package, task, transfer or command.

Every scan scenario calls :func:`resolve` and reads the returned :class:`Scan`;
no flow parses barcodes itself.

Precedence (the first rule that applies wins)
---------------------------------------------
1. **Clean-up.** Surrounding whitespace is stripped (but not the GS1 FNC1
   separator, ASCII 29, which Python counts as whitespace), then one GS1
   symbology identifier (``]C1``, ``]e0``, ``]d2``, ``]Q3``, ``]J1``) and any
   leading FNC1, as Odoo's ``gs1_decompose_extended`` does.
2. **Malformed.** Empty, longer than :data:`MAX_LENGTH` characters, or holding
   a lone UTF-16 surrogate or a control character other than FNC1: kind
   ``malformed``, no lookup.
3. **Prefixed command.** ``WMS:<WORD>`` (case-insensitive), WORD in
   :data:`COMMANDS`. The ``WMS:`` prefix is reserved: an unknown word is
   ``malformed`` and the error lists the allowed commands. No lookup.
4. **RFID.** ``urn:...`` goes through the nomenclature's ``parse_barcode``
   (Odoo's ``parse_uri``): EPC (S/L)GTIN gives product + serial, SSCC a
   package. Other URNs are ``malformed``.
5. **Explicit GS1.** A string carrying a GS1 marker (a symbology identifier,
   an FNC1 anywhere, or the printed ``(01)...(10)...`` notation) is only read
   as GS1; if it does not decompose it is ``malformed`` with the reason
   (wrong check digit, unreadable part, invalid date).
6. **Implicit GS1.** A string that starts like an identifying element string
   (``00`` + 18 digits, ``01``/``02`` + 14 digits, ``414`` + 13 digits) and
   decomposes completely is read as GS1, even when the company nomenclature
   is not GS1 (Odoo's default GS1 nomenclature then parses it). The check
   digits make a collision with a plain barcode unlikely.
7. **Plain lookup,** exact and indexed, first hit wins: bin (internal
   ``stock.location`` by ``barcode``), product (``product.product`` by
   ``barcode``), lot (``stock.lot`` by ``name``, restricted to ``product``
   when given; a name shared by several products without ``product`` is
   ``unknown`` with an error asking to scan the product first), package
   (``stock.package`` by ``name``), task (``wms.task`` by ``name``, when
   that model is installed and readable by the user), transfer
   (``stock.picking`` or ``stock.picking.batch`` by ``name``, one query,
   only when the caller asks for transfers: kind ``transfer``, to pick it).
   Records are searched
   in ``company`` or shared (no company) and with the caller's access rights
   (no sudo).
8. **Bare command word** (``done``, ``skip``, ``back``, ``cancel``, ``full``,
   ``confirm``, any case) when no record has that code: records win, so a
   bin really named ``DONE`` stays reachable; print ``WMS:DONE`` labels to be
   unambiguous.
9. **GS1 fallback.** When the company nomenclature is GS1, a string that
   decomposes (e.g. a lot-only label ``10LOT42``) is read as GS1.
10. A string that looked like GS1 in step 6 but failed to decompose is
    ``malformed`` with the reason; anything else is ``unknown``.

GS1 element strings
-------------------
``00`` SSCC -> package by name (kind ``package``, or ``unknown`` naming the
SSCC); ``01``/``02`` GTIN -> product whose barcode is the GTIN-14 or the
EAN-13 / UPC-A / EAN-8 it pads (kind ``product``; ``unknown`` when no product
has it); ``10``/``21`` with a product -> that product's lot (kind ``lot``) or,
when the lot does not exist yet, kind ``product`` with ``lot_name`` set so the
caller may create it; ``10``/``21`` alone -> lot as in step 7; ``414`` GLN ->
bin by barcode. ``17`` -> ``expiration_date``, ``15`` -> ``use_date``;
``30``/``37`` counts win over ``310x``-``365x`` measures for ``quantity``.
The kind is decided by the first present of: SSCC, GTIN, GLN, lot.

A GS1 quantity carries the unit of its AI (the rule's ``associated_uom_id``:
Units for the counts 30/37, kg for 310x, lb for 320x...). ``quantity`` is
given in the product's UoM: converted within the UoM's family (a kg label
on a product stocked in g gives grams), and a product or lot scan whose label
unit is of another family (a weight on a product counted in Units) is kind
``refused`` with the catalogue's message in ``message``, so that no scenario
counts 1.5 kg as 1.5 Units. Package and bin scans only drop such a quantity.

Query budget
------------
Every lookup is one equality search (``barcode =``/``in``, ``name =``) with
``limit`` 1 or 2 that fetches the fields the result needs, so a resolve costs
at most 5 searches (plain; 6 when transfers are asked for) or 3 (GS1), plus reading the nomenclature and its
rules (3 queries, once per request cache) when GS1 or RFID parsing is needed.
Measured with a cold record cache: bin 1, product 3, GS1 product+lot 6, SSCC
5, unknown 6, prefixed command 0; the worst path, a lot-only GS1 string found
by the fallback (step 9), costs 10. None depends on the number of bins,
products or lots (``test_barcode.test_query_count_independent_of_bin_count``).
"""

import re
from dataclasses import dataclass

from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.barcode import get_barcode_check_digit

from . import messages

MAX_LENGTH = 128
FNC1 = "\x1d"
SYMBOLOGY_IDENTIFIERS = ("]C1", "]e0", "]d2", "]Q3", "]J1")
COMMAND_PREFIX = "WMS:"
COMMANDS = ("done", "skip", "back", "cancel", "full", "confirm")
GS1_NOMENCLATURE_XMLID = "barcodes_gs1_nomenclature.default_gs1_nomenclature"
KINDS = ("bin", "product", "lot", "package", "task", "transfer", "command", "unknown", "malformed", "refused")

# str.strip() would also remove FNC1 (Python treats \x1c-\x1f as whitespace).
_WHITESPACE = " \t\r\n\v\f\xa0"
_IMPLICIT_GS1 = re.compile(r"^(?:00\d{18}|0[12]\d{14}|414\d{13})")
_HRI_AI = re.compile(r"\((\d{2,4})\)")
_COUNT_AIS = ("30", "37")


@dataclass
class Scan:
    raw: str                       # what the scanner sent (stripped)
    kind: str                      # one of KINDS
    record: object = None          # stock.location / product.product / stock.lot / stock.package / wms.task
                                   # / stock.picking or stock.picking.batch (kind 'transfer')
    command: str | None = None     # for kind 'command': one of COMMANDS
    product: object = None         # product of a GS1 / RFID string, or the lot's product
    lot_name: str | None = None    # AI 10 / 21 or RFID serial
    expiration_date: object = None  # datetime.date from AI 17
    quantity: float | None = None  # AI 30/37 count, or 310x-365x measure, in the product's UoM
    gs1: bool = False              # the string was a GS1 element string (or an EPC URI)
    error: str | None = None       # why it is 'malformed' (or why 'unknown', when there is more to say)
    use_date: object = None        # datetime.date from AI 15 (best before)
    message: dict | None = None    # kind 'refused': the catalogue message saying why


def command_barcode(command):
    """The string to print on a command label, e.g. ``WMS:DONE``."""
    if command not in COMMANDS:
        raise ValueError(f"unknown command {command!r}; allowed: {', '.join(COMMANDS)}")
    return COMMAND_PREFIX + command.upper()


def resolve(env, code, company=None, product=None, transfers=False) -> Scan:
    """Turn one scanned string into a :class:`Scan` (see the module docstring for the rules).

    :param env: the caller's environment (its user's access rights apply)
    :param code: the scanned string
    :param company: ``res.company`` to search in (default ``env.company``); shared
        records (no company) are found too
    :param product: ``product.product`` the scenario is working on: lot names
        are then looked up for that product only
    :param transfers: also look up transfers and batches by name (only the
        scenarios that take a transfer ask for it: one query less elsewhere)
    """
    company = company or env.company
    product = product or None
    raw = ("" if code is None else str(code)).strip(_WHITESPACE)
    if not raw:
        return _malformed(env, raw, env._("the scan is empty."))
    if len(raw) > MAX_LENGTH:
        return _malformed(env, raw, env._(
            "it is %(length)s characters long; at most %(max)s are accepted.", length=len(raw), max=MAX_LENGTH))
    if any("\ud800" <= ch <= "\udfff" for ch in raw):
        return _malformed(env, raw, env._("it holds a lone UTF-16 surrogate, which is not text."))
    bad = next((ch for ch in raw if ch != FNC1 and (ord(ch) < 32 or 127 <= ord(ch) < 160)), None)
    if bad is not None:
        return _malformed(env, raw, env._(
            "it contains the control character %(char)s; check the scanner's suffix and prefix settings.",
            char=f"0x{ord(bad):02X}"))

    # Symbology identifier and leading FNC1: both mean "this is GS1".
    code, explicit_gs1 = raw, False
    for identifier in SYMBOLOGY_IDENTIFIERS:
        if code.startswith(identifier):
            code, explicit_gs1 = code[len(identifier):], True
            break
    if FNC1 in code:
        explicit_gs1 = True
    code = code.strip(FNC1 + _WHITESPACE)
    if not code:
        return _malformed(env, raw, env._("the scan holds nothing but GS1 control characters."))

    # Printed command labels.
    if code[:len(COMMAND_PREFIX)].upper() == COMMAND_PREFIX:
        word = code[len(COMMAND_PREFIX):].strip().lower()
        if word in COMMANDS:
            return Scan(raw=raw, kind="command", command=word)
        return _malformed(env, raw, env._(
            "%(code)s is not a command; the commands are %(allowed)s.",
            code=code, allowed=", ".join(command_barcode(c) for c in COMMANDS)))

    if code[:4].lower() == "urn:":
        return _resolve_uri(env, raw, "urn:" + code[4:], company, product)

    if code.startswith("(") and _HRI_AI.match(code):
        explicit_gs1 = True
        code = _from_human_readable(code)

    lookup = _Lookup(env, company, product, transfers)
    gs1_failure = None
    if explicit_gs1 or _IMPLICIT_GS1.match(code):
        nomenclature = _gs1_nomenclature(env, company)[0]
        elements, reason = _decompose(env, nomenclature, code)
        if elements is not None:
            return _from_gs1(env, lookup, Scan(raw=raw, kind="unknown", gs1=True), elements)
        if explicit_gs1:
            return _malformed(env, raw, reason)
        gs1_failure = reason

    found = lookup.plain(raw, code)
    if found:
        return found

    if code.lower() in COMMANDS:
        return Scan(raw=raw, kind="command", command=code.lower())

    if gs1_failure is None and code[:2].isdigit():
        nomenclature, company_gs1 = _gs1_nomenclature(env, company)
        if company_gs1:
            elements = _decompose(env, nomenclature, code)[0]
            if elements and any(el["type"] in ("package", "product", "lot", "location") for el in elements):
                return _from_gs1(env, lookup, Scan(raw=raw, kind="unknown", gs1=True), elements)
    if gs1_failure:
        return _malformed(env, raw, gs1_failure)
    return Scan(raw=raw, kind="unknown")


# ----------------------------------------------------------------------------
# Lookups
# ----------------------------------------------------------------------------
class _Lookup:
    """Indexed equality searches in one company (or shared), with the caller's rights."""

    def __init__(self, env, company, product, transfers=False):
        self.env = env
        self.company = company
        self.product = product
        self.transfers = transfers
        self.company_domain = [("company_id", "in", [company.id, False])]

    def plain(self, raw, code):
        """Bin, product, lot, package, task: the first record that has ``code``; None if none."""
        location = self.bin(code)
        if location:
            return Scan(raw=raw, kind="bin", record=location)
        product = self.product_by_barcode([code])
        if product:
            return Scan(raw=raw, kind="product", record=product, product=product)
        lot_scan = self.lot_scan(raw, code)
        if lot_scan:
            return lot_scan
        package = self.package(code)
        if package:
            return Scan(raw=raw, kind="package", record=package)
        task = self.task(code)
        if task:
            return Scan(raw=raw, kind="task", record=task)
        transfer = self.transfers and self.transfer(code)
        if transfer:
            return Scan(raw=raw, kind="transfer", record=transfer)
        return None

    def bin(self, barcode):
        return self.env["stock.location"].search_fetch(
            [("barcode", "=", barcode), ("usage", "=", "internal")] + self.company_domain,
            ["barcode", "complete_name", "company_id", "warehouse_id"], limit=1)

    def product_by_barcode(self, barcodes):
        """The active product whose barcode is the first of ``barcodes`` that one has."""
        products = self.env["product.product"].search_fetch(
            [("barcode", "in", barcodes)] + self.company_domain, ["barcode"], limit=len(barcodes))
        for barcode in barcodes:
            for product in products:
                if product.barcode == barcode:
                    return product
        return products[:1]

    def lots(self, name, product=None):
        domain = [("name", "=", name)] + self.company_domain
        if product:
            domain.append(("product_id", "=", product.id))
        return self.env["stock.lot"].search_fetch(domain, ["name", "product_id"], limit=2)

    def lot_scan(self, raw, name, **values):
        """Kind 'lot' for a lot name (of ``self.product`` if set), 'unknown' if ambiguous, None if none."""
        lots = self.lots(name, self.product)
        if not lots:
            return None
        if len(lots.product_id) > 1:
            return Scan(raw=raw, kind="unknown", lot_name=name, error=self.env._(
                "Lot %(lot)s exists for several products (%(products)s...): scan the product first.",
                lot=name, products=", ".join(lots.product_id.mapped("display_name"))), **values)
        return Scan(raw=raw, kind="lot", record=lots[0], product=lots[0].product_id, lot_name=name, **values)

    def package(self, name):
        return self.env["stock.package"].search_fetch(
            [("name", "=", name)] + self.company_domain, ["name"], limit=1)

    def transfer(self, name):
        """A transfer or a batch (pick by scanning its printed name): one indexed query for both."""
        self.env["stock.picking"].flush_model(["name", "company_id"])
        self.env["stock.picking.batch"].flush_model(["name", "company_id"])
        self.env.cr.execute(SQL(
            """(SELECT 'stock.picking', id FROM stock_picking
                 WHERE name = %(name)s AND (company_id = %(company)s OR company_id IS NULL) ORDER BY id LIMIT 1)
               UNION ALL
               (SELECT 'stock.picking.batch', id FROM stock_picking_batch
                 WHERE name = %(name)s AND (company_id = %(company)s OR company_id IS NULL) ORDER BY id LIMIT 1)""",
            name=name, company=self.company.id))
        row = self.env.cr.fetchone()
        if not row:
            return None
        record = self.env[row[0]].browse(row[1])
        # Found by SQL: the caller's access rights still decide whether they may see it.
        return record if record.has_access("read") else None

    def task(self, name):
        if "wms.task" not in self.env or not self.env["wms.task"].has_access("read"):
            return None
        return self.env["wms.task"].search_fetch(
            [("name", "=", name), ("company_id", "in", [self.company.id, False])], ["name", "warehouse_id"], limit=1)


# ----------------------------------------------------------------------------
# GS1 and RFID
# ----------------------------------------------------------------------------
def _company_nomenclature(env, company):
    """The company nomenclature, browsed afresh.

    Performance: a record reached through ``env.company.nomenclature_id`` has an
    empty prefetch set, so Odoo's ``rule_ids.filtered(...)`` in
    ``gs1_decompose_extended`` would then read the ~30 rules one query each.
    """
    return env["barcode.nomenclature"].browse(company.nomenclature_id.id)


def _gs1_nomenclature(env, company):
    """(nomenclature used to read GS1, whether it is the company's own)."""
    nomenclature = _company_nomenclature(env, company)
    if nomenclature and nomenclature.is_gs1_nomenclature:
        return nomenclature, True
    return env.ref(GS1_NOMENCLATURE_XMLID, raise_if_not_found=False) or env["barcode.nomenclature"], False


def _from_human_readable(code):
    """``(01)0952...(10)LOT`` -> ``01 0952... FNC1 10LOT``: Odoo's rules do not read parentheses."""
    parts = _HRI_AI.split(code)[1:]  # [ai, value, ai, value, ...]
    return FNC1.join(ai + value for ai, value in zip(parts[::2], parts[1::2]))


def _decompose(env, nomenclature, code):
    """(list of GS1 elements, None) or (None, translated reason)."""
    if not nomenclature:
        return None, env._("no GS1 nomenclature is installed to read it.")
    try:
        elements = nomenclature.parse_barcode(code)
    except (ValidationError, UserError) as error:
        return None, error.args[0]
    except ValueError as error:
        return None, env._("invalid GS1 value (%(error)s).", error=error)
    if isinstance(elements, list) and elements:
        return elements, None
    return None, _decompose_failure(env, nomenclature, code)


def _decompose_failure(env, nomenclature, code):
    """Why Odoo's decomposition returned None (Odoo does not say): walk the rules the same way."""
    separator = f"(?:{nomenclature.gs1_separator_fnc1})?" if nomenclature.gs1_separator_fnc1 else FNC1 + "?"
    rules = nomenclature.rule_ids.filtered(lambda r: r.encoding == "gs1-128")
    rest = code
    while rest:
        bad_check = None
        for rule in rules:
            match = re.search("^" + rule.pattern + separator, rest)
            if not match or len(match.groups()) < 2:
                continue
            try:
                element = nomenclature.parse_gs1_rule_pattern(match, rule)
            except (ValidationError, ValueError) as error:
                return error.args[0]
            if element and match.end():
                rest = rest[match.end():]
                break
            if rule.gs1_content_type == "identifier" and not bad_check:
                value = match.group(2)
                bad_check = (match.group(1), value, get_barcode_check_digit("0" * (18 - len(value)) + value))
        else:
            if bad_check:
                return env._("the check digit of (%(ai)s) %(value)s is wrong: it should end in %(digit)s.",
                             ai=bad_check[0], value=bad_check[1], digit=bad_check[2])
            return env._("no GS1 application identifier can be read at %(rest)r.", rest=rest[:30])
    return env._("it is not a GS1 element string this nomenclature can read.")


def _resolve_uri(env, raw, uri, company, product):
    nomenclature = (_company_nomenclature(env, company)
                    or env.ref(GS1_NOMENCLATURE_XMLID, raise_if_not_found=False)
                    or env["barcode.nomenclature"])
    try:
        elements = nomenclature.parse_barcode(uri)
    except (ValueError, TypeError, IndexError):
        elements = None
    if not isinstance(elements, list) or not elements:
        return _malformed(env, raw, env._(
            "unsupported or invalid EPC URI; supported: sgtin, sgtin-96, sgtin-198, lgtin, sscc, sscc-96."))
    return _from_gs1(env, _Lookup(env, company, product), Scan(raw=raw, kind="unknown", gs1=True), elements)


def _from_gs1(env, lookup, scan, elements):
    """Fill ``scan`` from decomposed GS1 (or EPC) elements, find the records they name, quantity in product UoM."""
    return _gs1_quantity_in_product_uom(env, _gs1_records(env, lookup, scan, elements), elements)


# What each family of GS1 measure AIs gives (the first three digits; 30/37 are counts).
_MEASURE_AIS = {
    "weight": ("310", "320", "357"),
    "length": ("311", "321", "322", "323"),
    "area": ("314", "351"),
    "volume": ("315", "316", "360", "361", "364", "365"),
}


def _gs1_quantity_in_product_uom(env, scan, elements):
    """Convert ``scan.quantity`` from its AI's unit to the product's UoM, or refuse the scan (see docstring)."""
    quantities = [el for el in elements if el["type"] == "quantity"]
    element = next((el for el in quantities if el.get("ai") in _COUNT_AIS), quantities[0] if quantities else None)
    rule = element and element.get("rule")
    label_uom = rule.associated_uom_id if rule else None
    if scan.quantity is None or not scan.product or not label_uom:
        return scan
    product = scan.product
    product_uom = product.uom_id
    if label_uom == product_uom:
        return scan
    if label_uom._has_common_reference(product_uom):
        scan.quantity = label_uom._compute_quantity(scan.quantity, product_uom, rounding_method="HALF-UP")
        return scan
    if scan.kind not in ("product", "lot"):
        scan.quantity = None  # a pallet's net weight on its SSCC label: the package is what was scanned
        return scan
    ai = element["ai"]
    measure = "count" if ai in _COUNT_AIS else next(
        (name for name, prefixes in _MEASURE_AIS.items() if ai[:3] in prefixes), "measure")
    return Scan(raw=scan.raw, kind="refused", product=product, lot_name=scan.lot_name, gs1=True,
                message=messages.gs1_quantity_unit_refused(env, measure, scan.quantity, label_uom.name,
                                                           product.display_name, product_uom.name))


def _gs1_records(env, lookup, scan, elements):
    """Fill ``scan`` from decomposed GS1 (or EPC) elements and find the records they name."""
    sscc = gtin = gln = None
    count = measure = None
    for element in elements:
        kind, value, ai = element["type"], element["value"], element.get("ai")
        if kind == "package" and sscc is None:
            sscc = str(value)
        elif kind == "product" and gtin is None:
            gtin = str(value)
        elif kind == "lot" and scan.lot_name is None:
            scan.lot_name = str(value) or None
        elif kind == "location" and gln is None:
            gln = str(value)
        elif kind == "expiration_date":
            scan.expiration_date = value
        elif kind == "use_date":
            scan.use_date = value
        elif kind == "quantity":
            if ai in _COUNT_AIS:
                count = value if count is None else count
            elif measure is None:
                measure = value
    quantity = count if count is not None else measure
    scan.quantity = float(quantity) if quantity is not None else None

    lot = None
    if gtin:
        scan.product = lookup.product_by_barcode(_gtin_candidates(gtin)) or None
        if scan.product and scan.lot_name:
            lot = lookup.lots(scan.lot_name, scan.product)[:1]

    if sscc:
        package = lookup.package(sscc)
        if package:
            scan.kind, scan.record = "package", package
        else:
            scan.error = env._("No package has the SSCC %(sscc)s.", sscc=sscc)
        return scan
    if gtin:
        if not scan.product:
            scan.error = env._("No product has the GTIN %(gtin)s.", gtin=gtin)
        elif lot:
            scan.kind, scan.record = "lot", lot
        else:
            scan.kind, scan.record = "product", scan.product
        return scan
    if gln:
        location = lookup.bin(gln)
        if location:
            scan.kind, scan.record = "bin", location
        else:
            scan.error = env._("No bin has the GLN %(gln)s.", gln=gln)
        return scan
    if scan.lot_name:
        found = lookup.lot_scan(scan.raw, scan.lot_name)
        if found:
            for field in ("expiration_date", "use_date", "quantity"):
                setattr(found, field, getattr(scan, field))
            found.gs1 = True
            return found
        scan.error = env._("No lot is named %(lot)s.", lot=scan.lot_name)
        return scan
    scan.error = env._("The GS1 string %(code)s names no product, lot, package or location.", code=scan.raw)
    return scan


def _gtin_candidates(gtin):
    """A GTIN-14 and the EAN-13, UPC-A and EAN-8 it pads with leading zeros."""
    candidates = [gtin]
    for length in (13, 12, 8):
        if len(gtin) > length and set(gtin[:-length]) <= {"0"}:
            candidates.append(gtin[-length:])
    return candidates


def _malformed(env, raw, reason):
    return Scan(raw=raw, kind="malformed", error=reason)
