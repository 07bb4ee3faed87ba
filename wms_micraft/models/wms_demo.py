"""A realistic, deterministic demo warehouse for the main warehouse of a company.

``env["wms.demo"]._build_demo(size="small", seed=42)`` creates zones, bins
(through the bin generator, which also draws the layout), storable products
with EAN-13 barcodes, weights and volumes, lots with expiration dates, stock
(through Odoo's inventory mode, so every unit has an inventory move), open
receipts, open and reserved delivery orders and a few fixed-price carriers.

Everything is derived from ``seed`` (one ``random.Random`` stream per step, so
a step can be regenerated alone) and from today's date (expiration and
scheduled dates). Building twice in the same warehouse is refused.

The pure helpers at module level (``ean13``, ``product_specs``...) use no
Odoo API, so tests can regenerate the expected data.
"""

import logging
import random
import time
from collections import defaultdict
from datetime import datetime, time as dt_time, timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

QUANT_BATCH = 5000  # quants per create / action_apply_inventory call
PICKING_BATCH = 200  # pickings per create / confirm / assign call

# Zones: code -> values. Only A, R and C get racks; Q and S are floor areas.
ZONES = [
    {"code": "A", "name": "Pick face", "zone_type": "pick", "temperature_class": "ambient",
     "color": 4, "color_hex": "#1F77B4", "sequence": 10},
    {"code": "R", "name": "Reserve", "zone_type": "reserve", "temperature_class": "ambient",
     "color": 2, "color_hex": "#FF7F0E", "sequence": 20},
    {"code": "C", "name": "Cold room", "zone_type": "cold", "temperature_class": "chilled",
     "color": 8, "color_hex": "#17BECF", "sequence": 30},
    {"code": "Q", "name": "Quarantine", "zone_type": "quarantine", "temperature_class": "ambient",
     "color": 1, "color_hex": "#D62728", "sequence": 40},
    {"code": "S", "name": "Staging", "zone_type": "staging", "temperature_class": "ambient",
     "color": 0, "color_hex": "#7F7F7F", "sequence": 50},
]

# Rack geometry and capacity per zone. Aisle numbers continue from one zone to
# the next and aisle n stands at x = (n - 1) * aisle_spacing, so zones do not overlap.
# All racks of a size have the same number of bays, hence the same length, so
# the front and back cross aisles line up.
_A_SMALL = dict(zone="A", aisle_from=1, aisle_to=4, bay_from=1, bay_to=20, level_from=1, level_to=5,
                bin_height=0.5, level_height=0.6, max_weight=150.0, max_volume=0.45, max_units=120.0)
_R_SMALL = dict(zone="R", aisle_from=5, aisle_to=6, bay_from=1, bay_to=20, level_from=1, level_to=4,
                bin_height=1.4, level_height=1.6, max_weight=1000.0, max_volume=1.2, max_units=600.0)
_C_SMALL = dict(zone="C", aisle_from=7, aisle_to=7, bay_from=1, bay_to=20, level_from=1, level_to=2,
                bin_height=0.5, level_height=0.6, max_weight=120.0, max_volume=0.4, max_units=100.0)
_A_LARGE = dict(zone="A", aisle_from=1, aisle_to=16, bay_from=1, bay_to=100, level_from=1, level_to=10,
                bin_height=1.0, level_height=1.1, max_weight=400.0, max_volume=0.9, max_units=400.0)
_R_LARGE = dict(zone="R", aisle_from=17, aisle_to=20, bay_from=1, bay_to=100, level_from=1, level_to=8,
                bin_height=1.4, level_height=1.6, max_weight=1000.0, max_volume=1.3, max_units=800.0)
_C_LARGE = dict(zone="C", aisle_from=21, aisle_to=22, bay_from=1, bay_to=100, level_from=1, level_to=4,
                bin_height=1.2, level_height=1.3, max_weight=500.0, max_volume=1.0, max_units=400.0)

SIZES = {
    "small": {
        "racks": [_A_SMALL, _R_SMALL, _C_SMALL],  # 400 + 160 + 40 = 600 bins
        "products": 50,
        "lots_per_product": (2, 4),
        "fill_ratio": 0.4,  # share of usable bins that receive stock
        "lines_per_bin": (1, 3),
        "quants": None,  # no fixed total: fill_ratio x lines_per_bin
        "vendors": 4,
        "customers": 12,
        "receipts": 10,
        "receipt_lines": (1, 4),
        "deliveries": 30,
        "delivery_lines": (2, 4),
    },
    "large": {
        "racks": [_A_LARGE, _R_LARGE, _C_LARGE],  # 16,000 + 3,200 + 800 = 20,000 bins
        "products": 2000,
        "lots_per_product": (3, 6),
        "fill_ratio": 1.0,
        "lines_per_bin": None,
        "quants": 200_000,  # spread evenly over the usable bins (about 10 per bin)
        "vendors": 20,
        "customers": 150,
        "receipts": 100,
        "receipt_lines": (2, 8),
        "deliveries": 1000,
        "delivery_lines": (10, 10),  # 10,000 lines
    },
}

BLOCK_RATIO = 0.01
AISLE_SPACING = 3.5  # metres, centre to centre (the generator default)
BLOCK_REASONS = ["Damaged upright", "Beam bent by forklift", "Awaiting safety inspection",
                 "Sprinkler repair", "Label missing"]
CARRIERS = [("Demo Express", 14.90), ("Demo Economy", 6.50), ("Demo Freight", 49.00)]

# Product name material
_PERISHABLE = ["Yogurt", "Cheddar", "Butter", "Fresh Milk", "Orange Juice", "Smoked Salmon", "Ham",
               "Cream", "Hummus", "Tofu", "Mozzarella", "Pesto", "Salad Mix", "Custard"]
_DRY = ["Hex Bolts", "Wood Screws", "Cable Ties", "Packing Tape", "Shelf Brackets", "Hinges",
        "Wall Plugs", "LED Bulbs", "Extension Cord", "Work Gloves", "Safety Glasses", "Paint Roller",
        "Sandpaper", "Drill Bits", "Zip Bags", "Storage Box", "Door Handle", "Padlock"]
_ADJECTIVES = ["Premium", "Classic", "Eco", "Pro", "Compact", "Heavy-duty", "Organic", "Family",
               "Value", "Deluxe", "Mini", "Maxi"]
_PACKS = ["single", "2-pack", "6-pack", "12-pack", "carton of 24", "box of 50", "1 kg", "5 kg"]
_PARTNER_FIRST = ["Alpha", "Nordic", "Blue", "Green", "Summit", "Harbor", "Pioneer", "Atlas",
                  "Crystal", "Golden", "River", "Cedar", "Maple", "Silver", "Sunrise", "Oak"]
_PARTNER_LAST = ["Trading", "Foods", "Supplies", "Retail", "Logistics", "Market", "Stores",
                 "Distribution", "Wholesale", "Hardware"]


def rng_for(seed, step):
    """An independent, reproducible random stream for one build step."""
    return random.Random(f"wms_micraft-demo-{seed}-{step}")


def ean13(base12):
    """Return ``base12`` (12 digits) followed by its EAN-13 check digit."""
    if len(base12) != 12 or not base12.isdigit():
        raise ValueError(f"EAN-13 needs 12 digits, got {base12!r}")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(base12))
    return base12 + str((10 - total % 10) % 10)


def ean13_is_valid(code):
    return len(code) == 13 and code.isdigit() and ean13(code[:12]) == code


def product_specs(count, seed):
    """Deterministic product data: list of dicts, one per product (no Odoo ids).

    Every third product is perishable: lot tracked, with expiration dates.
    Volumes are multiples of 0.01 m3 because Odoo's "Volume" decimal precision is 2.
    """
    rng = rng_for(seed, "products")
    company_prefix = f"29{rng.randrange(10 ** 5):05d}"  # GS1 restricted-circulation range 20-29
    specs = []
    for index in range(count):
        perishable = index % 3 == 0
        noun = rng.choice(_PERISHABLE if perishable else _DRY)
        volume = round(rng.randint(1, 8) / 100.0, 2)  # 0.01 .. 0.08 m3
        density = rng.uniform(80.0, 400.0)  # kg / m3
        spec = {
            "name": f"{rng.choice(_ADJECTIVES)} {noun} ({rng.choice(_PACKS)})",
            "default_code": f"MC{index + 1:05d}",
            "barcode": ean13(f"{company_prefix}{index + 1:05d}"),
            "volume": volume,
            "weight": round(volume * density, 2),
            "list_price": round(rng.uniform(1.5, 120.0), 2),
            "standard_price": 0.0,
            "perishable": perishable,
        }
        spec["standard_price"] = round(spec["list_price"] * rng.uniform(0.4, 0.7), 2)
        if perishable:
            expiration = rng.choice([30, 60, 90, 180, 365, 730])
            spec.update(
                expiration_time=expiration,
                use_time=max(1, expiration // 6),
                removal_time=max(1, expiration // 15),
                alert_time=max(1, expiration // 10),
            )
        specs.append(spec)
    return specs


def lot_specs(specs, lots_per_product, seed):
    """Lots of the perishable products: {default_code: [(lot name, days to expiry), ...]}.

    Expirations spread from 90 days ago (the first lot of each product is always
    expired) to two years ahead.
    """
    rng = rng_for(seed, "lots")
    low, high = lots_per_product
    result = {}
    for spec in specs:
        if not spec["perishable"]:
            continue
        count = rng.randint(low, high)
        lots = []
        for k in range(count):
            if k == 0:
                days = rng.randint(-90, -1)  # always one expired lot
            else:
                days = -90 + (820 * k) // max(1, count - 1) + rng.randint(-20, 0)
            lots.append((f"{spec['default_code']}-L{k + 1:02d}", days))
        result[spec["default_code"]] = lots
    return result


def partner_names(count, seed, step):
    rng = rng_for(seed, step)
    names = []
    for index in range(count):
        names.append(f"{rng.choice(_PARTNER_FIRST)} {rng.choice(_PARTNER_LAST)} {index + 1:03d}")
    return names


class WmsDemo(models.AbstractModel):
    _name = "wms.demo"
    _description = "WMS demo data builder"

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------
    def _build_demo(self, size="small", seed=42):
        """Build the demo in the main warehouse of the current company; return a dict of counts.

        Raises UserError on an unknown size, a company without warehouse, or a
        warehouse that already holds the demo (zone code "A").
        """
        if size not in SIZES:
            raise UserError(self.env._("Unknown demo size %(size)r: use one of %(sizes)s.",
                                       size=size, sizes=", ".join(SIZES)))
        config = SIZES[size]
        self = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
                                 mail_create_nosubscribe=True)
        company = self.env.company
        warehouse = self._demo_warehouse()
        if not warehouse:
            raise UserError(self.env._("Company %s has no warehouse to build the demo in.", company.name))
        self._check_no_demo(warehouse)

        timings = {}
        started = time.perf_counter()

        def step(name, func, *args):
            t0 = time.perf_counter()
            result = func(*args)
            timings[name] = round(time.perf_counter() - t0, 2)
            _logger.info("wms demo (%s, seed %s): %s done in %.2fs", size, seed, name, timings[name])
            return result

        step("features", self._demo_enable_features)
        # Products before bins: stock_account's product.create records an initial cost
        # (product.value) per product, and each one searches every valued location; with
        # 20,000 bins already there that alone takes a minute.
        products, lots = step("products", self._demo_products, company, config, seed)
        zones = step("zones", self._demo_zones, warehouse)
        bins = step("bins", self._demo_bins, warehouse, zones, config)
        blocked = step("block", self._demo_block_bins, bins, seed)
        self._demo_analyze("stock_location", "product_product", "product_template", "stock_lot")
        quants = step("stock", self._demo_stock, bins - blocked, products, lots, config, seed)
        carriers = step("carriers", self._demo_carriers, company)
        vendors, customers = step("partners", self._demo_partners, config, seed)
        receipts = step("receipts", self._demo_receipts, warehouse, products, vendors, config, seed)
        deliveries = step("deliveries", self._demo_deliveries, warehouse, quants, customers, carriers,
                          config, seed)
        step("waves", self.env["wms.wave.template"]._demo_template, warehouse)
        self.env.flush_all()
        timings["total"] = round(time.perf_counter() - started, 2)

        now = fields.Datetime.now()
        return {
            "size": size,
            "seed": seed,
            "warehouse": warehouse.name,
            "zones": len(zones),
            "bins": len(bins),
            "blocked_bins": len(blocked),
            "products": len(products),
            "lot_tracked_products": len(products.filtered(lambda p: p.tracking == "lot")),
            "lots": len(lots),
            "expired_lots": len(lots.filtered(lambda lot: lot.expiration_date and lot.expiration_date < now)),
            "quants": len(quants),
            "stocked_bins": len(quants.location_id),
            "units": sum(quants.mapped("quantity")),
            "carriers": len(carriers),
            "vendors": len(vendors),
            "customers": len(customers),
            "receipts": len(receipts),
            "receipt_lines": len(receipts.move_ids),
            "deliveries": len(deliveries),
            "delivery_lines": len(deliveries.move_ids),
            "deliveries_reserved": len(deliveries.filtered(lambda p: p.state == "assigned")),
            "delivery_lines_reserved": len(deliveries.move_ids.filtered(
                lambda m: m.state in ("assigned", "partially_available"))),
            "deliveries_with_carrier": len(deliveries.filtered("carrier_id")),
            "timings": timings,
        }

    def _demo_warehouse(self):
        """The warehouse the demo goes to: the first one of the current company."""
        return self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], order="id", limit=1)

    def _demo_exists(self, warehouse=None):
        """True when ``warehouse`` (default: the demo warehouse) already has the demo's zone "A"."""
        warehouse = warehouse or self._demo_warehouse()
        return bool(warehouse) and bool(self.env["wms.zone"].with_context(active_test=False).search_count(
            [("warehouse_id", "=", warehouse.id), ("code", "=", "A")], limit=1
        ))

    def _check_no_demo(self, warehouse):
        if self._demo_exists(warehouse):
            raise UserError(self.env._(
                "Warehouse %(wh)s already has a zone with code \"A\": the WMS demo was built already "
                "(or zones were set up by hand). The demo is only built in a warehouse without zones; "
                "use a fresh database.", wh=warehouse.display_name))

    def _demo_analyze(self, *tables):
        """Refresh the planner statistics of tables this transaction has just filled.

        The whole demo is one transaction, so autovacuum never sees its rows and
        PostgreSQL keeps planning stock_quant & co. as empty tables (bitmap scans on
        "lot_id IS NULL" over 200,000 quants, 10-40 ms per reservation query).
        ANALYZE counts the rows inserted by the current transaction and may run
        inside it.
        """
        self.env.flush_all()
        self.env.cr.execute(SQL("ANALYZE %s", SQL(", ").join(SQL.identifier(table) for table in tables)))

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    def _demo_enable_features(self):
        """Show storage locations and lots to internal users (what the Inventory settings do)."""
        group_user = self.env.ref("base.group_user")
        groups = self.env.ref("stock.group_stock_multi_locations") | self.env.ref("stock.group_production_lot")
        missing = groups - group_user.implied_ids
        if missing:
            group_user.write({"implied_ids": [(4, group.id) for group in missing]})

    def _demo_zones(self, warehouse):
        return self.env["wms.zone"].create([dict(values, warehouse_id=warehouse.id) for values in ZONES])

    def _demo_bins(self, warehouse, zones, config):
        zone_by_code = {zone.code: zone for zone in zones}
        Generator = self.env["wms.bin.generator"]
        spacing = AISLE_SPACING
        bin_ids = []
        for rack in config["racks"]:
            values = dict(rack)
            zone = zone_by_code[values.pop("zone")]
            values.update(
                warehouse_id=warehouse.id,
                parent_location_id=warehouse.lot_stock_id.id,
                zone_id=zone.id,
                aisle_spacing=spacing,
                origin_x=0.0,
                cross_aisles="front_back",
            )
            wizard = Generator.create(values)
            # Aisle n must stand at (n - 1) x spacing so that zones continue one another
            # without overlapping; shift the origin if the pattern does not do it itself.
            offset = (rack["aisle_from"] - 1) * spacing - wizard._pattern().aisle_position(rack["aisle_from"])
            if abs(offset) > 1e-6:
                wizard.origin_x = offset
            wizard.action_generate()
            bin_ids += wizard._generated_bins().ids
        return self.env["stock.location"].browse(bin_ids).sorted("barcode")

    def _demo_block_bins(self, bins, seed):
        rng = rng_for(seed, "block")
        count = max(1, round(len(bins) * BLOCK_RATIO))
        blocked_ids = sorted(rng.sample(bins.ids, count))
        by_reason = defaultdict(list)
        for bin_id in blocked_ids:
            by_reason[rng.choice(BLOCK_REASONS)].append(bin_id)
        Location = self.env["stock.location"]
        for reason, ids in sorted(by_reason.items()):
            Location.browse(ids).write({"wms_blocked": True, "wms_block_reason": reason})
        return Location.browse(blocked_ids)

    def _demo_categories(self):
        """Product categories "WMS Demo / Perishable" (FEFO removal) and "WMS Demo / Dry goods"; reused."""
        Category = self.env["product.category"]

        def get(name, parent=None, **values):
            category = Category.search([("name", "=", name), ("parent_id", "=", parent.id if parent else False)],
                                       limit=1)
            return category or Category.create(dict(values, name=name, parent_id=parent.id if parent else False))

        parent = get("WMS Demo")
        fefo = self.env.ref("product_expiry.removal_fefo", raise_if_not_found=False)
        perishable = get("Perishable", parent, removal_strategy_id=fefo.id if fefo else False)
        dry = get("Dry goods", parent)
        return perishable, dry

    def _demo_products(self, company, config, seed):
        perishable_categ, dry_categ = self._demo_categories()
        specs = product_specs(config["products"], seed)
        uom_unit = self.env.ref("uom.product_uom_unit")
        values = []
        for spec in specs:
            vals = {
                "name": spec["name"],
                "default_code": spec["default_code"],
                "barcode": spec["barcode"],
                "type": "consu",
                "is_storable": True,
                "uom_id": uom_unit.id,
                "weight": spec["weight"],
                "volume": spec["volume"],
                "list_price": spec["list_price"],
                "standard_price": spec["standard_price"],
                "categ_id": (perishable_categ if spec["perishable"] else dry_categ).id,
                "company_id": company.id,  # barcodes are unique per company
            }
            if spec["perishable"]:
                vals.update(
                    tracking="lot", use_expiration_date=True,
                    expiration_time=spec["expiration_time"], use_time=spec["use_time"],
                    removal_time=spec["removal_time"], alert_time=spec["alert_time"],
                )
            values.append(vals)
        products = self.env["product.product"]
        for start in range(0, len(values), 1000):
            products |= products.create(values[start:start + 1000])

        product_by_code = {p.default_code: p for p in products}
        today = datetime.combine(fields.Date.context_today(self), dt_time(12, 0))
        lot_values = []
        for code, lots in lot_specs(specs, config["lots_per_product"], seed).items():
            for name, days in lots:
                lot_values.append({
                    "name": name,
                    "product_id": product_by_code[code].id,
                    "company_id": company.id,
                    "expiration_date": today + timedelta(days=days),
                })
        lots = self.env["stock.lot"]
        for start in range(0, len(lot_values), 2000):
            lots |= lots.create(lot_values[start:start + 2000])
        return products, lots

    def _demo_stock(self, bins, products, lots, config, seed):
        """Put stock in the bins through Odoo's inventory mode (quants + action_apply_inventory)."""
        rng = rng_for(seed, "stock")
        bin_rows = sorted(
            bins.read(["barcode", "wms_zone_id", "wms_max_units", "wms_max_volume", "wms_max_weight"], load=None),
            key=lambda row: row["barcode"],
        )
        cold_zones = set(self.env["wms.zone"].search([("temperature_class", "!=", "ambient")]).ids)
        product_rows = sorted(
            products.read(["default_code", "tracking", "volume", "weight"], load=None),
            key=lambda row: row["default_code"],
        )
        perishable_rows = [row for row in product_rows if row["tracking"] == "lot"]
        lots_by_product = defaultdict(list)
        for row in sorted(lots.read(["name", "product_id"], load=None), key=lambda row: row["name"]):
            lots_by_product[row["product_id"]].append(row["id"])

        # How many quant lines each filled bin receives.
        if config["quants"]:
            filled = bin_rows
            base, extra = divmod(config["quants"], len(filled))
            lucky = set(rng.sample(range(len(filled)), extra))
            lines = [base + (1 if i in lucky else 0) for i in range(len(filled))]
        else:
            count = round(len(bin_rows) * config["fill_ratio"])
            filled = [bin_rows[i] for i in sorted(rng.sample(range(len(bin_rows)), count))]
            low, high = config["lines_per_bin"]
            lines = [rng.randint(low, high) for _ in filled]

        vals_list = []
        for location, line_count in zip(filled, lines):
            # Cold rooms only store perishables; other bins take anything.
            pool = perishable_rows if location["wms_zone_id"] in cold_zones else product_rows
            chosen = rng.sample(pool, min(line_count, len(pool)))
            if not chosen:
                continue
            share = rng.uniform(0.25, 0.9) / len(chosen)
            for product in chosen:
                limits = [location["wms_max_units"] * share]
                if product["volume"]:
                    limits.append(location["wms_max_volume"] * share / product["volume"])
                if product["weight"]:
                    limits.append(location["wms_max_weight"] * share / product["weight"])
                vals = {
                    "product_id": product["id"],
                    "location_id": location["id"],
                    "inventory_quantity": max(1, int(min(limits))),
                }
                if product["tracking"] == "lot":
                    vals["lot_id"] = rng.choice(lots_by_product[product["id"]])
                vals_list.append(vals)

        Quant = self.env["stock.quant"].with_context(inventory_mode=True, inventory_name="WMS demo: initial stock")
        quant_ids = []
        Location, Lot = self.env["stock.location"], self.env["stock.lot"]
        for start in range(0, len(vals_list), QUANT_BATCH):
            batch_vals = vals_list[start:start + QUANT_BATCH]
            # create() and the inventory moves read the bins, products and lots one record at a
            # time: load them in a few queries first (one query per bin otherwise).
            Location.browse({vals["location_id"] for vals in batch_vals}).fetch()
            Lot.browse({vals["lot_id"] for vals in batch_vals if vals.get("lot_id")}).fetch()
            products.fetch()
            products.product_tmpl_id.fetch()
            # The bins are new and empty: an (empty) quants cache spares create() one
            # _gather search per quant; create() fills it with the quants it makes.
            cache = defaultdict(lambda: self.env["stock.quant"])
            batch = Quant.with_context(quants_cache=cache).create(batch_vals)
            action = Quant.browse(batch.ids).action_apply_inventory()
            if isinstance(action, dict):
                raise UserError(self.env._("WMS demo: the inventory adjustment reported a conflict (%s).",
                                           action.get("name")))
            quant_ids += batch.ids
            batch_number = start // QUANT_BATCH
            if batch_number & (batch_number + 1) == 0:  # after batches 1, 2, 4, 8, 16...: stats follow growth
                self._demo_analyze("stock_quant", "stock_move", "stock_move_line")
            _logger.info("wms demo: %s / %s quants applied", min(start + QUANT_BATCH, len(vals_list)),
                         len(vals_list))
        self._demo_analyze("stock_quant", "stock_move", "stock_move_line")
        return self.env["stock.quant"].browse(quant_ids)

    def _demo_carriers(self, company):
        carriers = self.env["delivery.carrier"]
        for name, price in CARRIERS:
            product = self.env["product.product"].create({
                "name": f"Shipping: {name}", "type": "service", "list_price": price,
                "default_code": f"SHIP-{name.split()[-1].upper()}", "sale_ok": False, "purchase_ok": False,
                "company_id": company.id,
            })
            carriers |= carriers.create({
                "name": name, "delivery_type": "fixed", "fixed_price": price, "product_id": product.id,
            })
        return carriers

    def _demo_partners(self, config, seed):
        Partner = self.env["res.partner"]
        vendors = Partner.create([
            {"name": name, "is_company": True, "supplier_rank": 1}
            for name in partner_names(config["vendors"], seed, "vendors")
        ])
        customers = Partner.create([
            {"name": name, "is_company": True, "customer_rank": 1}
            for name in partner_names(config["customers"], seed, "customers")
        ])
        return vendors, customers

    def _picking_dates(self, rng, low, high):
        today = datetime.combine(fields.Date.context_today(self), dt_time(10, 0))
        return today + timedelta(days=rng.randint(low, high), hours=rng.randint(0, 7))

    def _create_pickings(self, vals_list):
        Picking = self.env["stock.picking"]
        pickings = Picking
        for start in range(0, len(vals_list), PICKING_BATCH):
            batch = Picking.create(vals_list[start:start + PICKING_BATCH])
            batch.action_confirm()
            pickings |= batch
            self._demo_analyze("stock_picking", "stock_move", "stock_move_line", "stock_quant")
            _logger.info("wms demo: %s / %s pickings confirmed", len(pickings), len(vals_list))
        return pickings

    def _demo_receipts(self, warehouse, products, vendors, config, seed):
        rng = rng_for(seed, "receipts")
        picking_type = warehouse.in_type_id
        source = picking_type.default_location_src_id or self.env.ref("stock.stock_location_suppliers")
        destination = picking_type.default_location_dest_id or warehouse.lot_stock_id
        products = list(products.sorted("default_code"))
        low, high = config["receipt_lines"]
        vals_list = []
        for index in range(config["receipts"]):
            date = self._picking_dates(rng, 0, 10)
            moves = [
                (0, 0, {
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": rng.choice([12, 24, 36, 48, 60, 100, 120]),
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "date": date,
                })
                for product in rng.sample(products, rng.randint(low, high))
            ]
            vals_list.append({
                "picking_type_id": picking_type.id,
                "partner_id": rng.choice(vendors).id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "scheduled_date": date,
                "origin": f"DEMO-PO{index + 1:05d}",
                "move_ids": moves,
            })
        return self._create_pickings(vals_list)

    def _demo_deliveries(self, warehouse, quants, customers, carriers, config, seed):
        """Delivery orders for stocked products, confirmed and reserved where stock exists."""
        rng = rng_for(seed, "deliveries")
        picking_type = warehouse.out_type_id
        source = picking_type.default_location_src_id or warehouse.lot_stock_id
        destination = picking_type.default_location_dest_id or self.env.ref("stock.stock_location_customers")
        stocked = quants.product_id.sorted("default_code")
        # A few products without stock, so that some orders wait for goods.
        stocked_list = list(stocked)
        low, high = config["delivery_lines"]
        vals_list = []
        for index in range(config["deliveries"]):
            date = self._picking_dates(rng, 0, 5)
            count = min(rng.randint(low, high), len(stocked_list))
            moves = [
                (0, 0, {
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": rng.randint(1, 6),
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "date": date,
                })
                for product in rng.sample(stocked_list, count)
            ]
            carrier = rng.choice(list(carriers) + [carriers.browse()])  # about a quarter without carrier
            vals_list.append({
                "picking_type_id": picking_type.id,
                "partner_id": rng.choice(customers).id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "scheduled_date": date,
                "origin": f"DEMO-SO{index + 1:05d}",
                "carrier_id": carrier.id,
                "move_ids": moves,
            })
        # Delivery types reserve at confirmation by default; reserve explicitly whatever
        # is still waiting (other reservation methods, or stock freed meanwhile).
        pickings = self._create_pickings(vals_list)
        for start in range(0, len(pickings), PICKING_BATCH):
            waiting = pickings[start:start + PICKING_BATCH].filtered(lambda p: p.state in ("confirmed", "waiting"))
            if waiting:
                waiting.action_assign()
        return pickings
