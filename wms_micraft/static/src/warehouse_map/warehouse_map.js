import { Component, markRaw, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { RPCError } from "@web/core/network/rpc";
import { user } from "@web/core/user";
import { KeepLast } from "@web/core/utils/concurrency";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * Warehouse map: a top view of the warehouse layout (aisles, cross aisles,
 * depot) with one rectangle per bin, coloured by how full the bin is.
 *
 * World coordinates are metres; the SVG uses them directly with the y axis
 * flipped (svg y = -world y) so that the front of the warehouse (small y) is
 * at the bottom, as on a floor plan. The viewBox does the scaling, so the map
 * fits any screen, and zooming or panning only changes the viewBox.
 *
 * Bins that share a place (levels of one bay, slots of one level) are drawn
 * side by side in that place's cell, across the rack depth, unless a single
 * level is shown.
 *
 * Opened with the params ``{res_model, res_id}`` of a transfer or a batch
 * (button "Route on map"), the map also draws its pick route
 * (``wms_route_map_data``): the walk along the aisles with numbered stops,
 * and Odoo's order (bins by name) as a fainter dashed line to compare with.
 */

export const FILL_STATES = ["empty", "low", "medium", "high", "full"];
const ZOOM_STEP = 1.5;
const DRAG_THRESHOLD = 4; // px before a press becomes a pan instead of a click

function fillStateLabels() {
    return {
        empty: _t("Empty"),
        low: _t("Below 50%"),
        medium: _t("50-85%"),
        high: _t("85-100%"),
        full: _t("Full"),
    };
}

const round3 = (value) => Math.round(value * 1000) / 1000;

/**
 * Smallest positive gap between two bins in the same rack column, along the
 * aisle: the pitch of the bins, used as the size of a bin cell.
 */
function binPitch(bins, orientation) {
    const columns = new Map();
    for (const bin of bins) {
        const [across, along] = orientation === "x" ? [bin.y, bin.x] : [bin.x, bin.y];
        const key = round3(across);
        if (!columns.has(key)) {
            columns.set(key, new Set());
        }
        columns.get(key).add(round3(along));
    }
    let pitch = Infinity;
    for (const values of columns.values()) {
        const sorted = [...values].sort((a, b) => a - b);
        for (let i = 1; i < sorted.length; i++) {
            const gap = sorted[i] - sorted[i - 1];
            if (gap > 0.01 && gap < pitch) {
                pitch = gap;
            }
        }
    }
    return Number.isFinite(pitch) ? Math.min(Math.max(pitch, 0.2), 5) : 1;
}

/**
 * Rectangles of the bins (one per bin), with the classes and tooltips the
 * layer draws. Bins at the same (x, y) split their cell across the rack depth.
 */
export function binShapes(bins, orientation, cell) {
    const size = cell * 0.9;
    const stacks = new Map();
    for (const bin of bins) {
        const key = `${round3(bin.x)}|${round3(bin.y)}`;
        if (!stacks.has(key)) {
            stacks.set(key, []);
        }
        stacks.get(key).push(bin);
    }
    const shapes = [];
    for (const stack of stacks.values()) {
        stack.sort((a, b) => a.level - b.level || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const slice = size / stack.length;
        stack.forEach((bin, index) => {
            const left = bin.x - size / 2;
            const top = -bin.y - size / 2;
            // Aisles along y: the rack depth is along x, so slices are side by side in x.
            const shape =
                orientation === "x"
                    ? { x: left, y: top + index * slice, width: size, height: slice }
                    : { x: left + index * slice, y: top, width: slice, height: size };
            const values = {
                bin: bin.name,
                fill: formatFloat(bin.fill || 0, { digits: [16, 0] }),
                level: bin.level,
            };
            let cls = `o_wms_bin o_wms_fill_${bin.fill_state || "empty"}`;
            if (bin.blocked) {
                cls += " o_wms_bin_blocked";
            }
            shapes.push({
                id: bin.id,
                name: bin.name,
                cls,
                fill: bin.blocked ? "url(#o_wms_map_hatch)" : undefined,
                x: round3(shape.x),
                y: round3(shape.y),
                width: round3(shape.width),
                height: round3(shape.height),
                tooltip: bin.blocked
                    ? _t("%(bin)s: blocked, %(fill)s% full, level %(level)s", values)
                    : _t("%(bin)s: %(fill)s% full, level %(level)s", values),
            });
        });
    }
    return shapes;
}

const formatMetres = (value) => formatFloat(value || 0, { digits: [16, 1] });
const formatQty = (value) => formatFloat(value || 0, { digits: [16, 3], trailingZeros: false });

/** SVG "x,y x,y ..." of a world polyline (svg y = -world y). */
function svgPoints(path) {
    return path.map(([x, y]) => `${round3(x)},${round3(-y)}`).join(" ");
}

/**
 * What the route layer draws: both polylines and one marker per place where
 * the picker stops. Stops at the same place (levels of one bay) share a
 * marker labelled with all their numbers, so no number hides another.
 */
export function routeDrawing(route, cell) {
    const radius = cell * 0.45;
    const markers = new Map();
    for (const stop of route.stops) {
        const key = `${round3(stop.x)}|${round3(stop.y)}`;
        if (!markers.has(key)) {
            markers.set(key, {
                key,
                binId: stop.bin_id,
                x: round3(stop.x),
                y: round3(-stop.y),
                pickX: round3(stop.pick_x),
                pickY: round3(-stop.pick_y),
                stops: [],
            });
        }
        markers.get(key).stops.push(stop);
    }
    return {
        points: svgPoints(route.path),
        odooPoints: svgPoints(route.path_odoo),
        markers: [...markers.values()].map((marker) => {
            const label = marker.stops.map((stop) => stop.sequence).join(",");
            return {
                ...marker,
                label,
                radius: round3(radius),
                // Two digits fit the disc; longer labels shrink to stay inside it.
                fontSize: round3(radius * Math.min(1.1, 2.4 / Math.max(label.length, 1))),
                tooltip: marker.stops
                    .map((stop) =>
                        _t("%(number)s. %(bin)s: %(lines)s", {
                            number: stop.sequence,
                            bin: stop.name,
                            lines: stop.lines
                                .map(
                                    (line) =>
                                        `${formatQty(line.quantity)} ${line.uom} ${line.product}` +
                                        (line.lot ? ` (${line.lot})` : "")
                                )
                                .join(", "),
                        })
                    )
                    .join(" · "),
            };
        }),
    };
}

/** "Route 123.4 m · Odoo's order 150.2 m · 18% shorter (proven shortest)" */
export function routeLegend(route) {
    const parts = [
        _t("Route %s m", formatMetres(route.length)),
        _t("Odoo's order %s m", formatMetres(route.length_odoo)),
    ];
    // Below half a percent the rounded figure would read "0% shorter".
    if (route.saving >= 0.5) {
        parts.push(_t("%s% shorter", formatFloat(route.saving, { digits: [16, 0] })));
    }
    if (route.exact) {
        parts.push(`${parts.pop()} ${_t("(proven shortest)")}`);
    }
    return parts.join(" · ");
}

/** Bins count, average fill %, full and blocked bins, units stored. */
export function summarize(bins) {
    let fill = 0;
    let full = 0;
    let blocked = 0;
    let units = 0;
    for (const bin of bins) {
        fill += bin.fill || 0;
        units += bin.units || 0;
        full += bin.fill_state === "full" ? 1 : 0;
        blocked += bin.blocked ? 1 : 0;
    }
    return { count: bins.length, average: bins.length ? fill / bins.length : 0, full, blocked, units };
}

/**
 * The bin rectangles, in their own component so that selecting a bin,
 * zooming or panning re-renders the map chrome without diffing thousands of
 * rectangles: OWL skips this component while ``shapes`` is the same array.
 */
class WarehouseMapBins extends Component {
    static template = "wms_micraft.WarehouseMapBins";
    static props = { shapes: Array };
}

export class WarehouseMap extends Component {
    static template = "wms_micraft.WarehouseMap";
    static components = { Layout, WarehouseMapBins };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.svgRef = useRef("svg");
        this.panelRef = useRef("panel");
        this.keepLastMap = new KeepLast();
        this.keepLastBin = new KeepLast();
        this.keepLastRoute = new KeepLast();
        this.fillStates = FILL_STATES;
        this.fillLabels = fillStateLabels();
        this.canGenerate = false;
        this.drag = null;
        this.state = useState({
            warehouses: [],
            warehouseId: false,
            data: null,
            loading: true,
            level: "all",
            zoneId: "all",
            view: null, // current viewBox {x, y, w, h}; null until data is loaded
            selectedId: false,
            panel: null, // {bin, lines} of the selected bin
            panelLoading: false,
            route: null, // wms_route_map_data of the transfer or batch in the params
            routeError: null,
            showOdooRoute: true,
        });
        // Shapes are computed once per data/filter change and kept out of the
        // reactive state (a plain array: the bins layer compares by identity).
        this.shapes = [];
        this.shapeById = new Map();
        this.levels = [];
        this.zones = [];
        this.summary = summarize([]);
        useSetupAction({
            getLocalState: () => ({
                warehouse_id: this.state.warehouseId,
                level: this.state.level,
                zone_id: this.state.zoneId,
                view: this.state.view,
                show_odoo_route: this.state.showOdooRoute,
            }),
        });
        const params = this.props.action.params || this.props.action.context?.params || {};
        this.routeTarget =
            params.res_model && params.res_id ? { model: params.res_model, id: params.res_id } : null;
        onWillStart(async () => {
            const [warehouses, canGenerate] = await Promise.all([
                this.orm.searchRead("stock.warehouse", [], ["name"], { order: "sequence, id" }),
                user.hasGroup("wms_micraft.group_wms_manager"),
                this.routeTarget && this.loadRoute(),
            ]);
            this.canGenerate = canGenerate;
            this.state.warehouses = warehouses;
            const past = this.props.state || {};
            const wanted = past.warehouse_id || this.state.route?.warehouse_id || params.warehouse_id;
            if (past.show_odoo_route !== undefined) {
                this.state.showOdooRoute = past.show_odoo_route;
            }
            const warehouse = warehouses.find((w) => w.id === wanted) || warehouses[0];
            if (past.level !== undefined) {
                this.state.level = past.level;
            }
            if (past.zone_id !== undefined) {
                this.state.zoneId = past.zone_id;
            }
            if (past.view && warehouse?.id === past.warehouse_id) {
                this.state.view = past.view;
            }
            if (warehouse) {
                await this.loadMap(warehouse.id, { keepFilters: true, keepView: true });
            } else {
                this.state.loading = false;
            }
        });
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    async loadMap(warehouseId, { keepFilters = false, keepView = false } = {}) {
        this.state.loading = true;
        const data = await this.keepLastMap.add(
            this.orm.call("stock.warehouse", "wms_map_data", [[warehouseId]])
        );
        // markRaw: thousands of bins must not become reactive proxies.
        this.state.warehouseId = warehouseId;
        this.state.data = markRaw(data);
        this.cell = binPitch(data.bins, data.layout.orientation);
        this.levels = [...new Set(data.bins.map((b) => b.level))].sort((a, b) => a - b);
        const usedZones = new Set(data.bins.map((b) => b.zone_id));
        this.zones = data.zones.filter((z) => usedZones.has(z.id));
        const levels = this.levels;
        const zones = this.zones.map((z) => z.id);
        if (!keepFilters || (this.state.level !== "all" && !levels.includes(this.state.level))) {
            this.state.level = "all";
        }
        if (!keepFilters || (this.state.zoneId !== "all" && !zones.includes(this.state.zoneId))) {
            this.state.zoneId = "all";
        }
        this.computeShapes();
        if (!keepView || !this.state.view) {
            this.state.view = this.fullView;
        }
        if (this.state.selectedId && !this.shapeById.has(this.state.selectedId)) {
            this.closePanel();
        } else if (this.state.selectedId) {
            this.loadBin(this.state.selectedId);
        }
        this.state.loading = false;
    }

    /**
     * The route of the transfer or batch in the params. A refusal (no layout,
     * nothing to pick) is shown above the map, which stays usable.
     */
    async loadRoute() {
        const { model, id } = this.routeTarget;
        try {
            const route = await this.keepLastRoute.add(this.orm.call(model, "wms_route_map_data", [[id]]));
            this.state.route = markRaw(route);
            this.state.routeError = null;
        } catch (error) {
            if (!(error instanceof RPCError) || !error.data?.message) {
                throw error;
            }
            this.state.route = null;
            this.state.routeError = error.data.message;
        }
    }

    computeShapes() {
        const { level, zoneId } = this.state;
        const bins = this.state.data.bins.filter(
            (b) => (level === "all" || b.level === level) && (zoneId === "all" || b.zone_id === zoneId)
        );
        this.shapes = binShapes(bins, this.state.data.layout.orientation, this.cell);
        this.shapeById = new Map(this.shapes.map((s) => [s.id, s]));
        this.summary = summarize(bins);
    }

    async loadBin(binId) {
        this.state.selectedId = binId;
        this.state.panelLoading = true;
        const result = await this.keepLastBin.add(
            this.orm.call("stock.location", "wms_bin_contents", [[binId]])
        );
        this.state.panel = result;
        this.state.panelLoading = false;
        if (this.env.isSmall) {
            // On a phone the panel is below the map: bring it into view.
            requestAnimationFrame(() => this.panelRef.el?.scrollIntoView({ block: "nearest" }));
        }
    }

    closePanel() {
        this.state.selectedId = false;
        this.state.panel = null;
        this.state.panelLoading = false;
    }

    // ------------------------------------------------------------------
    // Derived values
    // ------------------------------------------------------------------

    get hasBins() {
        return Boolean(this.state.data && this.state.data.bins.length);
    }

    get summaryText() {
        const s = this.summary;
        return _t(
            "%(count)s bins · average fill %(average)s% · %(full)s full · %(blocked)s blocked · %(units)s units",
            {
                count: s.count,
                average: formatFloat(s.average, { digits: [16, 1] }),
                full: s.full,
                blocked: s.blocked,
                units: formatFloat(s.units, { digits: [16, 2], trailingZeros: false }),
            }
        );
    }

    /**
     * World bounds to fit on screen, with a margin: the whole layout, or the
     * bins shown when they are filtered by zone.
     */
    get fullView() {
        let { min_x: minX, max_x: maxX, min_y: minY, max_y: maxY } = this.state.data.layout.bounds;
        if (this.state.zoneId !== "all" && this.shapes.length) {
            [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
            for (const shape of this.shapes) {
                minX = Math.min(minX, shape.x);
                maxX = Math.max(maxX, shape.x + shape.width);
                minY = Math.min(minY, -shape.y - shape.height);
                maxY = Math.max(maxY, -shape.y);
            }
        }
        const margin = Math.max(this.cell * 2, 1);
        minX -= margin;
        maxX += margin;
        minY -= margin;
        maxY += margin;
        return { x: minX, y: -maxY, w: Math.max(maxX - minX, 1), h: Math.max(maxY - minY, 1) };
    }

    get viewBox() {
        const v = this.state.view;
        return `${round3(v.x)} ${round3(v.y)} ${round3(v.w)} ${round3(v.h)}`;
    }

    get aisleLines() {
        const { orientation, aisles } = this.state.data.layout;
        return aisles.map((aisle, index) => {
            const line =
                orientation === "x"
                    ? { x1: aisle.start, y1: -aisle.position, x2: aisle.end, y2: -aisle.position }
                    : { x1: aisle.position, y1: -aisle.start, x2: aisle.position, y2: -aisle.end };
            const label =
                orientation === "x"
                    ? { x: Math.min(aisle.start, aisle.end) - this.cell * 0.6, y: -aisle.position, anchor: "end" }
                    : { x: aisle.position, y: -Math.min(aisle.start, aisle.end) + this.cell * 1.2, anchor: "middle" };
            return { key: `${index}-${aisle.name}`, name: aisle.name, ...line, label };
        });
    }

    get crossAisleLines() {
        const { orientation, cross_aisles: crossAisles, aisles, bounds } = this.state.data.layout;
        const across = aisles.map((a) => a.position);
        const half = this.cell;
        const low = Math.min(...across, orientation === "x" ? bounds.min_y : bounds.min_x) - half;
        const high = Math.max(...across, orientation === "x" ? bounds.max_y : bounds.max_x) + half;
        return crossAisles.map((cross, index) => ({
            key: `${index}-${cross.position}`,
            name: cross.name,
            ...(orientation === "x"
                ? { x1: cross.position, y1: -low, x2: cross.position, y2: -high }
                : { x1: low, y1: -cross.position, x2: high, y2: -cross.position }),
        }));
    }

    get depot() {
        const { depot } = this.state.data.layout;
        if (!depot) {
            return null;
        }
        const r = this.cell * 0.6;
        const x = depot.x || 0;
        const y = -(depot.y || 0);
        return {
            x,
            y,
            points: `${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`,
        };
    }

    /** The route is drawn when the map shows its warehouse. */
    get routeShown() {
        return Boolean(this.state.route && this.state.route.warehouse_id === this.state.warehouseId);
    }

    get routeDrawing() {
        const { route } = this.state;
        if (this._routeMemo?.route !== route || this._routeMemo.cell !== this.cell) {
            this._routeMemo = { route, cell: this.cell, drawing: routeDrawing(route, this.cell) };
        }
        return this._routeMemo.drawing;
    }

    get routeLegend() {
        return routeLegend(this.state.route);
    }

    /** When another warehouse is shown: the way back to the route. */
    get routeBackText() {
        const { route } = this.state;
        const warehouse = this.state.warehouses.find((w) => w.id === route.warehouse_id);
        return _t("Show the route of %(record)s in %(warehouse)s", {
            record: route.name,
            warehouse: warehouse?.name || "",
        });
    }

    get panelReady() {
        return Boolean(this.state.panel && this.state.panel.bin.id === this.state.selectedId);
    }

    get selectedShape() {
        return this.state.selectedId ? this.shapeById.get(this.state.selectedId) : null;
    }

    get fontSize() {
        return round3(this.cell * 0.6);
    }

    formatQty(value) {
        return formatQty(value);
    }

    fillBarClass(fill) {
        return fill >= 100 ? "bg-danger" : fill >= 85 ? "bg-warning" : "bg-success";
    }

    formatPercent(value) {
        return `${formatFloat(value || 0, { digits: [16, 1] })} %`;
    }

    // ------------------------------------------------------------------
    // Handlers
    // ------------------------------------------------------------------

    async onWarehouseChange(ev) {
        this.closePanel();
        await this.loadMap(parseInt(ev.target.value, 10));
    }

    onLevelChange(ev) {
        const value = ev.target.value;
        this.state.level = value === "all" ? "all" : parseInt(value, 10);
        this.computeShapes();
        if (this.state.selectedId && !this.shapeById.has(this.state.selectedId)) {
            this.closePanel();
        }
    }

    onZoneChange(ev) {
        const value = ev.target.value;
        this.state.zoneId = value === "all" ? "all" : parseInt(value, 10);
        this.computeShapes();
        this.state.view = this.fullView;
        if (this.state.selectedId && !this.shapeById.has(this.state.selectedId)) {
            this.closePanel();
        }
    }

    async onRefresh() {
        // The route too: lines may have changed since (it is then recomputed).
        await Promise.all([
            this.routeTarget && this.loadRoute(),
            this.loadMap(this.state.warehouseId, { keepFilters: true, keepView: true }),
        ]);
    }

    onToggleOdooRoute(ev) {
        this.state.showOdooRoute = ev.target.checked;
    }

    async onShowRoute() {
        this.closePanel();
        await this.loadMap(this.state.route.warehouse_id);
    }

    onMapClick(ev) {
        if (this.drag?.moved) {
            return;
        }
        const el = ev.target.closest("[data-bin-id]");
        if (el) {
            this.loadBin(parseInt(el.dataset.binId, 10));
        }
    }

    onOpenBin() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "stock.location",
            res_id: this.state.selectedId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    onGenerate() {
        this.action.doAction("wms_micraft.action_wms_bin_generator", {
            onClose: () => this.state.warehouseId && this.onRefresh(),
        });
    }

    // Zoom and pan: only the viewBox changes.
    zoom(factor, center = null) {
        const v = this.state.view;
        const full = this.fullView;
        const w = Math.min(Math.max(v.w / factor, this.cell * 4), full.w * 4);
        const h = (v.h * w) / v.w;
        const cx = center ? center.x : v.x + v.w / 2;
        const cy = center ? center.y : v.y + v.h / 2;
        // Keep the point under the cursor (or the centre) where it is.
        const rx = (cx - v.x) / v.w;
        const ry = (cy - v.y) / v.h;
        this.state.view = { x: cx - rx * w, y: cy - ry * h, w, h };
    }

    zoomIn() {
        this.zoom(ZOOM_STEP);
    }

    zoomOut() {
        this.zoom(1 / ZOOM_STEP);
    }

    resetZoom() {
        this.state.view = this.fullView;
    }

    /** Metres per screen pixel and the drawing's offset ("xMidYMid meet"). */
    screenTransform() {
        const rect = this.svgRef.el.getBoundingClientRect();
        const v = this.state.view;
        const scale = Math.max(v.w / (rect.width || 1), v.h / (rect.height || 1));
        const offsetX = (rect.width - v.w / scale) / 2;
        const offsetY = (rect.height - v.h / scale) / 2;
        return { rect, scale, offsetX, offsetY };
    }

    onWheel(ev) {
        if (!this.state.view) {
            return;
        }
        ev.preventDefault();
        const { rect, scale, offsetX, offsetY } = this.screenTransform();
        const v = this.state.view;
        const center = {
            x: v.x + (ev.clientX - rect.left - offsetX) * scale,
            y: v.y + (ev.clientY - rect.top - offsetY) * scale,
        };
        this.zoom(ev.deltaY < 0 ? 1.2 : 1 / 1.2, center);
    }

    onPointerDown(ev) {
        if (ev.button !== 0 || !this.state.view) {
            return;
        }
        this.drag = {
            pointerId: ev.pointerId,
            startX: ev.clientX,
            startY: ev.clientY,
            view: { ...this.state.view },
            scale: this.screenTransform().scale,
            moved: false,
        };
    }

    onPointerMove(ev) {
        const drag = this.drag;
        if (!drag || drag.pointerId !== ev.pointerId) {
            return;
        }
        const dx = ev.clientX - drag.startX;
        const dy = ev.clientY - drag.startY;
        if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
            return;
        }
        if (!drag.moved) {
            drag.moved = true;
            this.svgRef.el.setPointerCapture?.(ev.pointerId);
        }
        this.state.view = {
            ...drag.view,
            x: drag.view.x - dx * drag.scale,
            y: drag.view.y - dy * drag.scale,
        };
    }

    onPointerUp(ev) {
        const drag = this.drag;
        if (!drag || drag.pointerId !== ev.pointerId) {
            return;
        }
        if (drag.moved) {
            this.svgRef.el.releasePointerCapture?.(ev.pointerId);
            // The click that follows a pan must not select a bin.
            setTimeout(() => {
                if (this.drag === drag) {
                    this.drag = null;
                }
            });
        } else {
            this.drag = null;
        }
    }
}

registry.category("actions").add("wms_micraft.warehouse_map", WarehouseMap);
