import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * Scanner app (client action ``wms_micraft.scanner``): the phone-first screen
 * operators work with.
 *
 * It knows nothing about the scenarios: the server (``wms.scan.session``)
 * answers every scan or action with the complete next screen, and this
 * component only renders it. Inputs come from
 *
 * - a keyboard-wedge scanner, through Odoo's ``barcode`` service. That
 *   service ignores keys typed into an editable element, so a scan typed
 *   into the manual input below is handled by the input only (no double scan);
 * - the manual input (Enter submits it as a scan);
 * - the camera (``scanBarcode``), when the browser can use one;
 * - the numeric keypad when the screen asks for a quantity.
 *
 * Every request carries a fresh ``request_id``; a request lost on the network
 * is retried with the same id, so the server applies it once.
 */

export const SCENARIOS = ["next_task", "pick", "receive", "move_stock", "count", "bin_inquiry"];
const SESSION_KEY = "wms_micraft.scanner.session_id";
const MODEL = "wms.scan.session";
const RETRIES = 2; // retries of a request lost on the network (same request id)
const FLASH_MS = 450;
const KEYPAD = ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "back"];
const QUANTITY_RE = /^\d+(?:[.,]\d+)?$/;

export function newRequestId() {
    const cryptoApi = browser.crypto || globalThis.crypto;
    if (cryptoApi?.randomUUID) {
        try {
            return cryptoApi.randomUUID();
        } catch {
            // not a secure context: fall back below
        }
    }
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random()
        .toString(36)
        .slice(2, 12)}`;
}

/**
 * The message a failed request shows: the server's own words for a refused
 * call (UserError, AccessError...), a short sentence for a network failure.
 */
export function errorMessage(error) {
    if (error instanceof ConnectionLostError) {
        return _t("No connection to the server: check the network and scan again.");
    }
    const message = error?.data?.message || error?.message;
    return message ? String(message) : _t("Something went wrong: try again.");
}

/**
 * Short sounds made with WebAudio (no asset files). Browsers only allow
 * audio after a real user gesture, so nothing plays (nor is logged) before.
 */
class Feedback {
    constructor() {
        this.audio = null;
    }

    get userActivated() {
        const activation = browser.navigator.userActivation;
        return !activation || activation.hasBeenActive;
    }

    tone(frequency, duration, type = "sine", at = 0) {
        const context = this.audio;
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        const start = context.currentTime + at;
        oscillator.type = type;
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.3, start + 0.01);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start);
        oscillator.stop(start + duration + 0.02);
    }

    sound(kind) {
        const AudioContext = browser.AudioContext || browser.webkitAudioContext;
        if (!AudioContext || !this.userActivated) {
            return;
        }
        try {
            this.audio = this.audio || new AudioContext();
            if (this.audio.state === "suspended") {
                this.audio.resume().catch(() => {});
            }
            if (kind === "error") {
                this.tone(150, 0.18, "square");
                this.tone(110, 0.22, "square", 0.2);
            } else if (kind === "warning") {
                this.tone(520, 0.12, "triangle");
                this.tone(520, 0.12, "triangle", 0.16);
            } else {
                this.tone(1320, 0.09, "sine");
            }
        } catch {
            // no sound is not a reason to fail a scan
        }
    }

    vibrate(kind) {
        const navigator = browser.navigator;
        if (!navigator.vibrate || !this.userActivated) {
            return;
        }
        try {
            navigator.vibrate(kind === "error" ? [120, 60, 120] : kind === "warning" ? [60, 40, 60] : 40);
        } catch {
            // idem
        }
    }
}

export class ScannerApp extends Component {
    static template = "wms_micraft.ScannerApp";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.barcode = useService("barcode");
        this.feedback = new Feedback();
        this.cameraSupported = isBarcodeScannerSupported();
        this.keypad = KEYPAD;
        this.labels = {
            appTitle: _t("Scanner"),
            home: _t("Home"),
            exit: _t("Leave the scanner"),
            camera: _t("Scan with the camera"),
            choose: _t("What do you want to do?"),
            scanPlaceholder: _t("Scan or type a barcode"),
            scanSubmit: _t("OK"),
            quantity: _t("Quantity"),
            quantityPlaceholder: _t("Quantity"),
            erase: _t("Erase"),
            working: _t("Working…"),
            task: _t("Task"),
            progress: _t("Progress"),
            scenarios: {
                next_task: _t("My next task"),
                pick: _t("Pick"),
                receive: _t("Receive"),
                count: _t("Count"),
                move_stock: _t("Move stock"),
                bin_inquiry: _t("Bin inquiry"),
            },
            scenarioHelp: {
                next_task: _t("Get the next task the warehouse needs from you."),
                pick: _t("Pick a transfer or a batch along the shortest route."),
                receive: _t("Count a receipt by scanning what arrives."),
                count: _t("Count a bin: blind count, recorded as Odoo's physical inventory."),
                move_stock: _t("Take stock from one bin and put it in another."),
                bin_inquiry: _t("See what is in a bin, or where a product or lot is."),
            },
        };
        this.scenarios = SCENARIOS;
        this.state = useState({
            screen: null, // the last screen the server sent; null = home
            homeMessage: null,
            busy: false,
            manual: "",
            qty: "",
            flash: null,
            flashKey: 0,
        });
        this.pending = []; // wedge/camera scans received while a request is in flight
        this.generation = 0; // bumped when going home: answers to older requests are dropped
        this.flashTimer = null;
        // An input typed in is disabled during the request: give it its focus back after.
        this.inputRefs = { scan: useRef("scanInput"), qty: useRef("qtyInput") };
        this.refocus = null;
        useEffect(
            (busy) => {
                const el = !busy && this.refocus && this.inputRefs[this.refocus].el;
                if (!busy) {
                    this.refocus = null;
                }
                if (el) {
                    el.focus();
                    el.select();
                }
            },
            () => [this.state.busy]
        );

        useBus(this.barcode.bus, "barcode_scanned", (ev) => this.onScan(ev.detail.barcode));

        onWillStart(() => this.resume());
    }

    // ------------------------------------------------------------------
    // Server calls
    // ------------------------------------------------------------------
    get sessionId() {
        return this.state.screen?.session_id;
    }

    /** Resume the session this tab was working in (e.g. after a reload). */
    async resume() {
        const stored = parseInt(browser.sessionStorage.getItem(SESSION_KEY) || "", 10);
        if (!stored) {
            return;
        }
        try {
            const screen = await this.orm.silent.call(MODEL, "screen", [[stored]]);
            this.state.screen = screen;
        } catch {
            browser.sessionStorage.removeItem(SESSION_KEY);
        }
    }

    /**
     * One request, retried with the same arguments (hence the same request
     * id) when the network drops it. Throws what the server refused.
     */
    async request(method, args, kwargs = {}) {
        for (let attempt = 0; ; attempt++) {
            try {
                return await this.orm.silent.call(MODEL, method, args, kwargs);
            } catch (error) {
                if (error instanceof ConnectionLostError && attempt < RETRIES) {
                    await new Promise((resolve) => browser.setTimeout(resolve, 800 * (attempt + 1)));
                    continue;
                }
                throw error;
            }
        }
    }

    /** Run ``work`` with the inputs disabled (one request in flight at a time). */
    async whileBusy(work) {
        this.state.busy = true;
        try {
            await work();
        } finally {
            this.state.busy = false;
        }
    }

    showError(error) {
        const message = { type: "error", body: errorMessage(error) };
        if (this.state.screen) {
            this.state.screen = { ...this.state.screen, message };
        } else {
            this.state.homeMessage = message;
        }
        this.signal("error");
    }

    show(screen) {
        if (!screen) {
            return;
        }
        this.state.screen = screen;
        this.state.homeMessage = null;
        browser.sessionStorage.setItem(SESSION_KEY, String(screen.session_id));
        const type = screen.message?.type;
        if (type !== "error") {
            this.state.manual = "";
            if (screen.input !== "quantity") {
                this.state.qty = "";
            }
        }
        if (type) {
            this.signal(type);
        }
    }

    /** Green flash and a short beep for success/info, amber for warnings, red and a buzz for errors. */
    signal(type) {
        const kind = type === "error" ? "error" : type === "warning" ? "warning" : "success";
        this.state.flash = kind;
        this.state.flashKey++;
        browser.clearTimeout(this.flashTimer);
        this.flashTimer = browser.setTimeout(() => (this.state.flash = null), FLASH_MS);
        this.feedback.sound(kind);
        this.feedback.vibrate(kind);
    }

    async openScenario(scenario) {
        if (this.state.busy) {
            return;
        }
        const generation = this.generation;
        await this.whileBusy(async () => {
            try {
                const screen = await this.request("open_session", [scenario]);
                if (generation === this.generation) {
                    this.show(screen);
                }
            } catch (error) {
                this.showError(error);
            }
        });
    }

    /** Send one scan; scans arriving while a request runs wait their turn. */
    async onScan(barcode) {
        barcode = (barcode || "").trim();
        if (!barcode) {
            return;
        }
        if (!this.state.screen) {
            this.state.homeMessage = {
                type: "error",
                body: _t("Choose what to do before scanning (%s was not used).", barcode),
            };
            this.signal("error");
            return;
        }
        this.pending.push(barcode);
        if (!this.state.busy) {
            await this.whileBusy(async () => {
                while (this.pending.length && this.state.screen) {
                    await this.send("scan", [[this.sessionId], this.pending.shift()]);
                }
            });
        }
    }

    async send(method, args) {
        const generation = this.generation;
        try {
            const screen = await this.request(method, args, { request_id: newRequestId() });
            if (generation !== this.generation) {
                return; // the operator went home meanwhile
            }
            this.show(screen);
            if (screen.message?.type === "error") {
                // the next queued scans were meant for the step that was refused
                this.pending = [];
            }
        } catch (error) {
            this.pending = [];
            if (generation === this.generation) {
                this.showError(error);
            }
        }
    }

    async onAction(name) {
        if (this.state.busy || !this.state.screen) {
            return;
        }
        const args = [[this.sessionId], name];
        if (name === "quantity" && this.state.qty !== "") {
            args.push(this.quantityValue(this.state.qty));
        }
        await this.whileBusy(() => this.send("act", args));
    }

    /** A number when the text is one, else the text itself: the server says why it is refused. */
    quantityValue(text) {
        const normalized = String(text).trim().replace(",", ".");
        const value = Number(normalized);
        return normalized !== "" && Number.isFinite(value) ? value : text;
    }

    // ------------------------------------------------------------------
    // UI handlers
    // ------------------------------------------------------------------
    onManualKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.submitManual(ev);
        }
    }

    submitManual(ev) {
        const value = this.state.manual.trim();
        if (value && !this.state.busy) {
            if (ev?.type === "keydown") {
                this.refocus = "scan";
            }
            this.onScan(value);
        }
    }

    onQuantityKeydown(ev) {
        if (ev.key !== "Enter") {
            return;
        }
        ev.preventDefault();
        const value = this.state.qty.trim();
        if (!value || this.state.busy) {
            return;
        }
        this.refocus = "qty";
        if (QUANTITY_RE.test(value)) {
            this.onAction("quantity");
        } else {
            // not a number: a barcode typed (or wedged) into the quantity field
            this.state.qty = "";
            this.onScan(value);
        }
    }

    onKey(key) {
        if (this.state.busy) {
            return;
        }
        if (key === "back") {
            this.state.qty = this.state.qty.slice(0, -1);
        } else if (key === "." && (this.state.qty.includes(".") || this.state.qty === "")) {
            this.state.qty = this.state.qty === "" ? "0." : this.state.qty;
        } else {
            this.state.qty = this.state.qty === "0" ? key : this.state.qty + key;
        }
    }

    async onCamera() {
        if (this.state.busy) {
            return;
        }
        let barcode;
        try {
            barcode = await scanBarcode(this.env);
        } catch (error) {
            this.showError(error);
            return;
        }
        if (barcode) {
            await this.onScan(barcode);
        }
    }

    onHome() {
        this.generation++;
        this.state.screen = null;
        this.state.homeMessage = null;
        this.state.manual = "";
        this.state.qty = "";
        this.pending = [];
        browser.sessionStorage.removeItem(SESSION_KEY);
    }

    onExit() {
        browser.sessionStorage.removeItem(SESSION_KEY);
        this.actionService.doAction({ type: "ir.actions.act_url", url: "/odoo", target: "self" });
    }

    // ------------------------------------------------------------------
    // Rendering helpers
    // ------------------------------------------------------------------
    get message() {
        return this.state.screen ? this.state.screen.message : this.state.homeMessage;
    }

    get progressPercent() {
        const progress = this.state.screen?.progress;
        if (!progress || !progress.total) {
            return 0;
        }
        return Math.max(0, Math.min(100, Math.round((100 * progress.done) / progress.total)));
    }

    /** The manual scan input; on a quantity screen the keypad takes its place (scans still count). */
    get showScanInput() {
        return this.state.screen?.input === "scan";
    }

    /** Camera scans are useful wherever something can be scanned. */
    get showCamera() {
        return this.cameraSupported && ["scan", "quantity"].includes(this.state.screen?.input);
    }

    /** On a quantity screen, the confirm button sits under the keypad. */
    get quantityAction() {
        const screen = this.state.screen;
        if (screen?.input !== "quantity") {
            return null;
        }
        return screen.actions.find((action) => action.name === "quantity") || null;
    }

    get footerActions() {
        const screen = this.state.screen;
        if (!screen) {
            return [];
        }
        const inKeypad = this.quantityAction;
        return screen.actions.filter((action) => action !== inKeypad);
    }

    messageIcon(type) {
        return (
            {
                error: "fa-times-circle",
                warning: "fa-exclamation-triangle",
                success: "fa-check-circle",
            }[type] || "fa-info-circle"
        );
    }

    keyLabel(key) {
        return key === "back" ? "⌫" : key;
    }

    actionClass(action) {
        const style =
            action.name === "quantity" || action.name === "next" || action.name === "done"
                ? "btn-primary"
                : action.name === "cancel" || action.name === "release"
                ? "btn-outline-danger"
                : "btn-secondary";
        return `btn btn-lg ${style} o_wms_action o_wms_action_${action.name}`;
    }

    formatValue(value) {
        return value === null || value === undefined || value === false ? "" : String(value);
    }
}

registry.category("actions").add("wms_micraft.scanner", ScannerApp);
