import { registry } from "@web/core/registry";

/**
 * Foundation tour, run by tests/test_ui_tour.py on data it seeds:
 * a zone "T" (Tour zone) without bins, and a zone "M" with 4 bins at level 1,
 * of which M-01-01-01 holds 30 units of "WMS Tour Widget" (capacity 100).
 *
 * The tour generates 16 bins in zone T (aisles 1-2, bays 1-4, levels 1-2),
 * views them, opens the occupancy kanban and the warehouse map, and inspects
 * the stocked bin on the map.
 */

function menu(xmlid) {
    return `.o_main_navbar [data-menu-xmlid='${xmlid}']`;
}

function menuItem(xmlid) {
    return `.dropdown-menu [data-menu-xmlid='${xmlid}']`;
}

registry.category("web_tour.tours").add("wms_micraft_foundation_tour", {
    url: "/odoo/inventory",
    steps: () => [
        // --- Generate bins -------------------------------------------------
        {
            content: "Open Inventory > Configuration",
            trigger: menu("stock.menu_stock_config_settings"),
            run: "click",
        },
        {
            content: "Open WMS Configuration > Generate bins",
            trigger: menuItem("wms_micraft.menu_wms_bin_generator"),
            run: "click",
        },
        {
            content: "Choose the tour zone",
            trigger: ".modal .o_field_widget[name=zone_id] input",
            run: "edit Tour zone",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour zone')",
            run: "click",
        },
        {
            content: "Aisles 1 to 2",
            trigger: ".modal .o_field_widget[name=aisle_to] input",
            run: "edit 2",
        },
        {
            content: "Bays 1 to 4",
            trigger: ".modal .o_field_widget[name=bay_to] input",
            run: "edit 4",
        },
        {
            content: "Levels 1 to 2",
            trigger: ".modal .o_field_widget[name=level_to] input",
            run: "edit 2 && press Tab",
        },
        {
            content: "The preview counts the bins of the pattern",
            trigger: ".modal .o_field_widget[name=bin_count]:contains('16')",
        },
        {
            content: "Generate",
            trigger: ".modal button[name=action_generate]",
            run: "click",
        },
        {
            content: "The wizard reports what it created",
            trigger: ".modal .alert-info:contains('16 bins created')",
        },
        {
            content: "View the generated bins",
            trigger: ".modal button[name=action_view_bins]",
            run: "click",
        },
        {
            content: "The list shows the generated bins",
            trigger: ".o_list_view .o_data_cell:contains('T-01-01-01')",
        },
        {
            trigger: ".o_list_view .o_data_cell:contains('T-02-04-02')",
        },
        // --- Bins menu -----------------------------------------------------
        {
            content: "Open Warehouse Execution > Bins",
            trigger: menu("wms_micraft.menu_wms_root"),
            run: "click",
        },
        {
            trigger: menuItem("wms_micraft.menu_wms_bins"),
            run: "click",
        },
        {
            content: "All bins are listed, the seeded ones too",
            trigger: ".o_list_view .o_data_cell:contains('M-01-01-01')",
        },
        {
            trigger: ".o_list_view .o_data_cell:contains('T-01-01-02')",
        },
        // --- Occupancy -----------------------------------------------------
        {
            content: "Open Warehouse Execution > Occupancy",
            trigger: menu("wms_micraft.menu_wms_root"),
            run: "click",
        },
        {
            trigger: menuItem("wms_micraft.menu_wms_bin_occupancy"),
            run: "click",
        },
        {
            content: "The stocked bin has a card",
            trigger: ".o_kanban_view .o_kanban_record:contains('M-01-01-01')",
        },
        // --- Warehouse map -------------------------------------------------
        {
            content: "Open Warehouse Execution > Warehouse map",
            trigger: menu("wms_micraft.menu_wms_root"),
            run: "click",
        },
        {
            trigger: menuItem("wms_micraft.menu_wms_warehouse_map"),
            run: "click",
        },
        {
            content: "The map draws the aisles and the depot",
            trigger: ".o_wms_map_svg:has(.o_wms_aisle):has(.o_wms_cross_aisle)",
        },
        {
            trigger: ".o_wms_map_svg .o_wms_depot",
        },
        {
            content: "The map draws every bin, 16 generated plus 4 seeded",
            trigger: ".o_wms_map_summary:contains('20 bins')",
            run({ queryAll }) {
                const count = queryAll(".o_wms_map_svg rect.o_wms_bin").length;
                if (count !== 20) {
                    throw new Error(`expected 20 bins on the map, got ${count}`);
                }
            },
        },
        {
            content: "The stocked bin is coloured as a low fill",
            trigger: ".o_wms_map_svg .o_wms_bin.o_wms_fill_low[data-bin-name='M-01-01-01']",
        },
        {
            content: "A generated bin is empty",
            trigger: ".o_wms_map_svg .o_wms_bin.o_wms_fill_empty[data-bin-name='T-01-01-01']",
        },
        {
            content: "Show level 1 only",
            trigger: "select.o_wms_map_level",
            run: "select 1",
        },
        {
            trigger: ".o_wms_map_summary:contains('12 bins')",
        },
        {
            content: "Show all levels again",
            trigger: "select.o_wms_map_level",
            run: "select all",
        },
        {
            trigger: ".o_wms_map_summary:contains('20 bins')",
        },
        {
            content: "Click the stocked bin",
            trigger: ".o_wms_map_svg .o_wms_bin[data-bin-name='M-01-01-01']",
            run: "click",
        },
        {
            content: "The side panel lists its contents",
            trigger: ".o_wms_bin_panel .o_wms_line_product:contains('WMS Tour Widget')",
        },
        {
            trigger: ".o_wms_bin_panel .o_wms_bin_panel_name:contains('M-01-01-01')",
        },
        {
            content: "Fill is 30 units of 100",
            trigger: ".o_wms_bin_panel .o_wms_bin_panel_fill:contains('30')",
        },
        {
            content: "Click an empty bin",
            trigger: ".o_wms_map_svg .o_wms_bin[data-bin-name='T-01-01-01']",
            run: "click",
        },
        {
            trigger: ".o_wms_bin_panel .o_wms_bin_panel_empty",
        },
        {
            content: "Close the panel",
            trigger: ".o_wms_bin_panel .o_wms_bin_panel_close",
            run: "click",
        },
        {
            trigger: ".o_wms_warehouse_map:not(:has(.o_wms_bin_panel))",
        },
    ],
});

registry.category("web_tour.tours").add("wms_micraft_map_mobile_tour", {
    url: "/odoo/action-wms_micraft.action_wms_warehouse_map",
    steps: () => [
        {
            content: "The map fits the phone screen",
            trigger: ".o_wms_map_svg .o_wms_bin[data-bin-name='M-01-01-01']",
            run() {
                const svg = document.querySelector(".o_wms_map_svg");
                const width = svg.getBoundingClientRect().width;
                if (!width || width > window.innerWidth) {
                    throw new Error(`map is ${width}px wide on a ${window.innerWidth}px screen`);
                }
            },
        },
        {
            content: "Zoom in and back",
            trigger: ".o_wms_map_zoom_in",
            run: "click",
        },
        {
            trigger: ".o_wms_map_zoom_reset",
            run: "click",
        },
        {
            content: "Tap the stocked bin",
            trigger: ".o_wms_map_svg .o_wms_bin[data-bin-name='M-01-01-01']",
            run: "click",
        },
        {
            content: "The panel opens below the map with the contents",
            trigger: ".o_wms_bin_panel .o_wms_line_product:contains('WMS Tour Widget')",
        },
        {
            content: "A warehouse without bins shows a friendly message",
            trigger: "select.o_wms_map_warehouse",
            run: "selectByLabel Empty WMS warehouse",
        },
        {
            trigger: ".o_wms_map_empty:contains('No bins in this warehouse yet')",
        },
        {
            trigger: ".o_wms_warehouse_map:not(:has(.o_wms_bin))",
        },
    ],
});

registry.category("web_tour.tours").add("wms_micraft_map_from_layout_tour", {
    url: "/odoo/action-wms_micraft.action_wms_layouts",
    steps: () => [
        {
            content: "Open the layout of the second warehouse",
            trigger: ".o_list_view .o_data_cell:contains('Second WMS warehouse')",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_open_map]",
            run: "click",
        },
        {
            content: "The map opens on that warehouse, not on the first one",
            trigger: ".o_wms_map_svg .o_wms_bin[data-bin-name='S-01-01-01']",
            run() {
                const select = document.querySelector("select.o_wms_map_warehouse");
                const label = select.options[select.selectedIndex].text;
                if (label !== "Second WMS warehouse") {
                    throw new Error(`map opened on ${label}`);
                }
            },
        },
        {
            trigger: ".o_wms_map_summary:contains('2 bins')",
        },
        {
            content: "Back to the layout through the breadcrumbs",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            trigger: ".o_form_view:has(.o_field_widget[name=name]:contains('Second WMS warehouse layout')) button[name=action_open_map]",
        },
    ],
});
