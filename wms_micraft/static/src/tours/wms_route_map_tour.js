import { registry } from "@web/core/registry";

/**
 * Route map tour, run by tests/test_ui_route_map.py on the delivery it seeds:
 * six products in the front and back bins of aisles 1-3 of zone "R"
 * (R-01-01-01, R-01-10-01, R-02-01-01, ...). The test checks that the seed
 * gives the lengths written in ROUTE_LEGEND before starting the tour.
 *
 * From the transfer form, "Route on map" opens the warehouse map on the pick
 * route: the route line, six numbered stops, Odoo's order as a dashed line
 * that can be hidden, and both lengths in the legend.
 */

const ROUTE_STOPS = 6;
const ROUTE_LEGEND = "Route 26.0 m · Odoo's order 41.0 m · 37% shorter (proven shortest)";

/** "x,y x,y ..." of an SVG polyline as [[x, y], ...]. */
function polylinePoints(el) {
    return el
        .getAttribute("points")
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split(",").map(Number));
}

registry.category("web_tour.tours").add("wms_micraft_route_map_tour", {
    steps: () => [
        {
            content: "Open the pick route on the map",
            trigger: ".o_form_view .o_form_statusbar button[name=action_wms_route_map]",
            run: "click",
        },
        {
            content: "The map draws the route line along the aisles, from and back to the depot",
            trigger: ".o_wms_map_svg .o_wms_route polyline.o_wms_route_path",
            run({ queryOne }) {
                const points = polylinePoints(queryOne(".o_wms_map_svg polyline.o_wms_route_path"));
                if (points.length < ROUTE_STOPS + 2) {
                    throw new Error(`the route has only ${points.length} points`);
                }
                const [first, last] = [points[0], points.at(-1)];
                if (first[0] !== last[0] || first[1] !== last[1]) {
                    throw new Error(`the route starts at ${first} but ends at ${last}`);
                }
                for (const [[x1, y1], [x2, y2]] of points.slice(1).map((p, i) => [points[i], p])) {
                    if (x1 !== x2 && y1 !== y2) {
                        throw new Error(`segment ${x1},${y1} -> ${x2},${y2} cuts through the racks`);
                    }
                }
            },
        },
        {
            content: "Six stops, numbered in route order",
            trigger: ".o_wms_map_svg .o_wms_route_stop[data-stops='6']",
            run({ queryAll }) {
                const labels = queryAll(".o_wms_map_svg .o_wms_route_stop").map((el) => el.dataset.stops);
                const expected = Array.from({ length: ROUTE_STOPS }, (_, i) => String(i + 1));
                if ([...labels].sort().join() !== expected.sort().join()) {
                    throw new Error(`stops drawn: ${labels.join(" ")}`);
                }
                const texts = queryAll(".o_wms_map_svg .o_wms_route_stop_label").map((el) => el.textContent);
                if (texts.length !== ROUTE_STOPS) {
                    throw new Error(`${texts.length} stop numbers drawn`);
                }
            },
        },
        {
            content: "The legend shows both lengths",
            trigger: `.o_wms_route_bar .o_wms_route_legend:contains("${ROUTE_LEGEND}")`,
        },
        {
            content: "Odoo's order is drawn dashed beside the route",
            trigger: ".o_wms_map_svg .o_wms_route polyline.o_wms_route_odoo",
        },
        {
            content: "Hide Odoo's order",
            trigger: "input.o_wms_route_odoo_toggle",
            run: "click",
        },
        {
            trigger: ".o_wms_map_svg .o_wms_route:not(:has(.o_wms_route_odoo))",
        },
        {
            content: "Show it again",
            trigger: "input.o_wms_route_odoo_toggle",
            run: "click",
        },
        {
            trigger: ".o_wms_map_svg .o_wms_route polyline.o_wms_route_odoo",
        },
        {
            content: "The first stop opens its bin",
            trigger: ".o_wms_map_svg .o_wms_route_stop[data-stops='1']",
            run: "click",
        },
        {
            trigger: ".o_wms_bin_panel .o_wms_line_product:contains('Route widget')",
        },
        {
            content: "Back to the transfer",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_wms_route_map]",
        },
    ],
});
