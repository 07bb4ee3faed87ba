from odoo.tests import TransactionCase, new_test_user


class WmsCase(TransactionCase):
    """A warehouse with a zone, a small generated rack system and two users.

    Rack: zone "A", aisles 1-3, bays 1-4 (both sides), levels 1-2: 24 bins,
    aisles 3.5 m apart, bins 1 m wide, so each aisle is 2 m long, with front
    (y=0) and back (y=2) cross aisles.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        cls.zone = cls.env["wms.zone"].create({
            "name": "Pick face A", "code": "A", "warehouse_id": cls.warehouse.id,
            "zone_type": "pick", "color_hex": "#2CA02C",
        })
        cls.manager = new_test_user(cls.env, "wms_manager", groups="wms_micraft.group_wms_manager")
        cls.operator = new_test_user(cls.env, "wms_operator", groups="wms_micraft.group_wms_operator")
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")

    @classmethod
    def generate(cls, **values):
        defaults = {
            "warehouse_id": cls.warehouse.id, "zone_id": cls.zone.id,
            "aisle_from": 1, "aisle_to": 3, "bay_from": 1, "bay_to": 4, "level_from": 1, "level_to": 2,
        }
        defaults.update(values)
        wizard = cls.env["wms.bin.generator"].create(defaults)
        wizard.action_generate()
        return wizard

    @classmethod
    def make_product(cls, name, weight=0.0, volume=0.0, tracking="none", **values):
        return cls.env["product.product"].create({
            "name": name, "is_storable": True, "weight": weight, "volume": volume,
            "tracking": tracking, **values,
        })

    @classmethod
    def put_stock(cls, product, location, quantity, lot=None):
        """Stock through Odoo's inventory mode, as a user would count it."""
        quant = cls.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": location.id,
            "inventory_quantity": quantity, "lot_id": lot and lot.id,
        })
        quant.action_apply_inventory()
        return quant

    @classmethod
    def bin(cls, barcode):
        return cls.env["stock.location"].search([("barcode", "=", barcode)], limit=1)
