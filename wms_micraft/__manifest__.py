{
    "name": "WMS Micraft",
    "version": "19.0.0.1.0",
    "summary": "Warehouse execution on Odoo Inventory: bins with coordinates, zones, "
    "capacities, labels, live occupancy and walking distances",
    "category": "Inventory/Inventory",
    "website": "https://github.com/wms-micraft/wms_micraft",
    "author": "wms_micraft developers",
    "maintainers": ["wms-micraft"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": [
        "stock_account",
        "product_expiry",
        "stock_picking_batch",
        "stock_delivery",
        "barcodes_gs1_nomenclature",
    ],
    "external_dependencies": {"python": ["reportlab", "python-barcode"]},
    "data": [
        "security/wms_security.xml",
        "security/ir.model.access.csv",
        "views/wms_menus.xml",
        "views/wms_zone_views.xml",
        "views/wms_layout_views.xml",
        "views/stock_location_views.xml",
        "views/stock_storage_category_views.xml",
        "views/wms_bin_occupancy_views.xml",
        "wizards/wms_bin_generator_views.xml",
        "wizards/wms_bin_label_wizard_views.xml",
        "views/wms_warehouse_map_action.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "wms_micraft/static/src/warehouse_map/**/*",
        ],
        "web.assets_tests": [
            "wms_micraft/static/src/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
