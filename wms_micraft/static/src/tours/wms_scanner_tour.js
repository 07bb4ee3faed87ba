import { registry } from "@web/core/registry";

/**
 * Scanner tours, run on a 360x640 touch screen by tests/test_ui_scanner.py on
 * the data it seeds: zone "Q" with bins Q-01-01-01 (barcode Q010101, 10 units
 * of "WMS Scan Widget", barcode 5012345678900), Q-01-01-02 (Q010102) and
 * Q-01-02-01 (Q010201), and a move task of 3 units from Q-01-01-01 to
 * Q-01-01-02.
 *
 * Scans are made two ways:
 * - a keyboard-wedge scanner: keys sent very fast to the page, then Enter,
 *   which Odoo's barcode service turns into a ``barcode_scanned`` event;
 * - typing into the manual input and pressing Enter.
 */

const SCANNER = ".o_wms_scanner";

/** A keyboard-wedge scan: every key then Enter, faster than a person types, on the page. */
function wedgeScan(barcode) {
    return {
        content: `Scan ${barcode} with a keyboard-wedge scanner`,
        trigger: `${SCANNER}:not(.o_wms_busy)`,
        run() {
            if (document.activeElement && document.activeElement !== document.body) {
                document.activeElement.blur();
            }
            for (const key of [...barcode, "Enter"]) {
                document.body.dispatchEvent(
                    new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true })
                );
            }
        },
    };
}

/** A barcode typed into the manual input, submitted with Enter. */
function typedScan(barcode) {
    return {
        content: `Type ${barcode} in the manual input and press Enter`,
        trigger: `${SCANNER}:not(.o_wms_busy) input.o_wms_scan_input:enabled`,
        run: `edit ${barcode} && press Enter`,
    };
}

function onState(scenario, state, extra = "") {
    return `${SCANNER}[data-scenario='${scenario}'][data-state='${state}']:not(.o_wms_busy)${extra}`;
}

registry.category("web_tour.tours").add("wms_micraft_scanner_tour", {
    url: "/odoo/action-wms_micraft.action_wms_scanner",
    steps: () => [
        {
            content: "The home screen offers the scenarios",
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_move_stock`,
        },
        {
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_bin_inquiry`,
        },
        {
            content: "Tap My next task",
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_next_task`,
            run: "click",
        },
        {
            content: "The queue screen asks to press Next task",
            trigger: onState("next_task", "idle", " .o_wms_instruction:contains('Next task')"),
        },
        {
            content: "Tap Next task",
            trigger: onState("next_task", "idle", " .o_wms_action_next"),
            run: "click",
        },
        {
            content: "The task is ours and shows where to go",
            trigger: onState("move_stock", "scan_source", " .o_wms_msg_info:contains('is yours')"),
        },
        {
            trigger: onState("move_stock", "scan_source", " .o_wms_task .o_wms_task_from:contains('Q-01-01-01')"),
        },
        {
            trigger: onState("move_stock", "scan_source", " .o_wms_task .o_wms_task_to:contains('Q-01-01-02')"),
        },
        {
            trigger: onState("move_stock", "scan_source", " .o_wms_task_product:contains('WMS Scan Widget')"),
        },
        {
            content: "The progress bar starts empty",
            trigger: onState("move_stock", "scan_source", " .o_wms_progress_text:contains('0 / 5')"),
        },
        {
            ...typedScan("Q010201"),
            content: "A wrong bin is refused in red",
        },
        {
            trigger: onState("move_stock", "scan_source", " .o_wms_msg_error:contains('Wrong bin')"),
        },
        typedScan("Q010101"),
        {
            content: "The bin is accepted, the product is asked",
            trigger: onState("move_stock", "scan_product", " .o_wms_msg_info:contains('Q-01-01-01')"),
        },
        wedgeScan("5012345678900"),
        {
            content: "The product is accepted, a quantity is asked",
            trigger: onState("move_stock", "quantity", " .o_wms_keypad"),
        },
        {
            trigger: onState("move_stock", "quantity", " .o_wms_line_value:contains('WMS Scan Widget')"),
        },
        {
            content: "Tap 3 on the keypad",
            trigger: onState("move_stock", "quantity", " .o_wms_key[data-key='3']"),
            run: "click",
        },
        {
            trigger: onState("move_stock", "quantity", " input.o_wms_qty_input"),
            run() {
                if (this.anchor.value !== "3") {
                    throw new Error(`the keypad typed ${JSON.stringify(this.anchor.value)}, not "3"`);
                }
            },
        },
        {
            content: "Confirm the quantity",
            trigger: onState("move_stock", "quantity", " .o_wms_action_quantity"),
            run: "click",
        },
        {
            content: "The destination is asked",
            trigger: onState("move_stock", "scan_destination", " .o_wms_instruction:contains('Q-01-01-02')"),
        },
        {
            trigger: onState("move_stock", "scan_destination", " .o_wms_line_value:contains('3')"),
        },
        wedgeScan("Q010102"),
        {
            content: "The move is done: success message, back to the queue",
            trigger: onState("next_task", "idle", " .o_wms_msg_success:contains('Moved 3')"),
        },
        {
            trigger: onState("next_task", "idle", " .o_wms_msg_success:contains('Q-01-01-02')"),
        },
        {
            content: "The queue is now empty",
            trigger: onState("next_task", "idle", " .o_wms_action_next"),
            run: "click",
        },
        {
            trigger: onState("next_task", "idle", " .o_wms_msg_info:contains('No task for you')"),
        },
        {
            content: "Back home",
            trigger: `${SCANNER} .o_wms_home`,
            run: "click",
        },
        {
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_next_task`,
        },
    ],
});

registry.category("web_tour.tours").add("wms_micraft_scanner_move_stock_tour", {
    url: "/odoo/action-wms_micraft.action_wms_scanner",
    steps: () => [
        {
            content: "Tap Move stock",
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_move_stock`,
            run: "click",
        },
        {
            trigger: onState("move_stock", "scan_source", " .o_wms_instruction:contains('Scan the bin')"),
        },
        {
            ...wedgeScan("NOPE-404"),
            content: "An unknown barcode is refused",
        },
        {
            trigger: onState("move_stock", "scan_source", " .o_wms_msg_error:contains('NOPE-404')"),
        },
        wedgeScan("Q010101"),
        {
            trigger: onState("move_stock", "scan_product", " .o_wms_line_value:contains('Q-01-01-01')"),
        },
        typedScan("5012345678900"),
        {
            content: "A scan typed in the input is sent once: the barcode service ignores inputs",
            trigger: onState("move_stock", "quantity", " .o_wms_keypad"),
            async run() {
                await new Promise((resolve) => setTimeout(resolve, 600));
                const scanner = document.querySelector(SCANNER);
                const labels = [...scanner.querySelectorAll(".o_wms_line_label")].map((el) => el.textContent);
                if (scanner.classList.contains("o_wms_busy") || labels.includes("Quantity")) {
                    throw new Error(`the typed product scan was sent twice (lines: ${labels.join(", ")})`);
                }
                if (scanner.querySelector(".o_wms_msg_error")) {
                    throw new Error("the typed product scan was refused");
                }
            },
        },
        {
            content: "Each scan of the product counts one",
            trigger: onState("move_stock", "quantity", " .o_wms_keypad"),
        },
        wedgeScan("5012345678900"),
        {
            trigger: onState("move_stock", "quantity", " .o_wms_line:contains('Quantity') .o_wms_line_value:contains('1')"),
        },
        {
            content: "More than the bin holds is refused",
            trigger: onState("move_stock", "quantity", " input.o_wms_qty_input"),
            run: "edit 11 && press Enter",
        },
        {
            trigger: onState("move_stock", "quantity", " .o_wms_msg_error:contains('at most 10')"),
        },
        {
            content: "Erase and tap 2",
            trigger: onState("move_stock", "quantity", " .o_wms_key[data-key='back']"),
            run: "click",
        },
        {
            trigger: onState("move_stock", "quantity", " .o_wms_key[data-key='back']"),
            run: "click",
        },
        {
            trigger: onState("move_stock", "quantity", " .o_wms_key[data-key='2']"),
            run: "click",
        },
        {
            trigger: onState("move_stock", "quantity", " .o_wms_action_quantity"),
            run: "click",
        },
        {
            trigger: onState("move_stock", "scan_destination", " .o_wms_instruction:contains('destination')"),
        },
        typedScan("Q010201"),
        {
            content: "Moved, and ready for the next move",
            trigger: onState("move_stock", "scan_source", " .o_wms_msg_success:contains('Moved 2')"),
        },
        {
            content: "Look at the destination bin with Bin inquiry",
            trigger: `${SCANNER} .o_wms_home`,
            run: "click",
        },
        {
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_bin_inquiry`,
            run: "click",
        },
        wedgeScan("Q010201"),
        {
            trigger: onState(
                "bin_inquiry",
                "scan",
                " .o_wms_line:contains('WMS Scan Widget') .o_wms_line_value:contains('2')"
            ),
        },
    ],
});

registry.category("web_tour.tours").add("wms_micraft_scanner_denied_tour", {
    url: "/odoo/action-wms_micraft.action_wms_scanner",
    steps: () => [
        {
            ...wedgeScan("Q010101"),
            content: "A scan before choosing a scenario is not lost silently",
        },
        {
            trigger: `${SCANNER}[data-state='home'] .o_wms_msg_error:contains('Q010101')`,
        },
        {
            content: "A user who is not a WMS operator taps My next task",
            trigger: `${SCANNER}[data-state='home']:not(.o_wms_busy) .o_wms_scenario_next_task`,
            run: "click",
        },
        {
            content: "The server's refusal is shown in the error banner, still on the home screen",
            trigger: `${SCANNER}[data-state='home']:not(.o_wms_busy) .o_wms_msg_error:contains('Only WMS operators')`,
        },
    ],
});

/**
 * Pick tour: a delivery "PICK-TOUR-1" of 3 "WMS Scan Widget" reserved in
 * Q-01-01-01; the picker finds only 2: short pick, the rest left to Odoo's
 * backorder.
 */
registry.category("web_tour.tours").add("wms_micraft_scanner_pick_tour", {
    url: "/odoo/action-wms_micraft.action_wms_scanner",
    steps: () => [
        {
            content: "Tap Pick",
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_pick`,
            run: "click",
        },
        {
            trigger: onState("pick", "select", " .o_wms_instruction:contains('transfer or batch')"),
        },
        {
            ...typedScan("PICK-TOUR-1"),
            content: "Scan the delivery's name",
        },
        {
            content: "The route starts at the bin of the line",
            trigger: onState("pick", "scan_bin", " .o_wms_instruction:contains('Q-01-01-01')"),
        },
        {
            trigger: onState("pick", "scan_bin", " .o_wms_progress_text:contains('0 / 1')"),
        },
        {
            ...wedgeScan("Q010102"),
            content: "Another bin is refused",
        },
        {
            trigger: onState("pick", "scan_bin", " .o_wms_msg_error:contains('Wrong bin')"),
        },
        wedgeScan("Q010101"),
        {
            trigger: onState("pick", "scan_product", " .o_wms_msg_info:contains('Q-01-01-01')"),
        },
        wedgeScan("5012345678900"),
        {
            content: "One unit counted, the keypad asks for the rest",
            trigger: onState("pick", "quantity", " .o_wms_keypad"),
        },
        {
            content: "Only 2 are there: tap 2",
            trigger: onState("pick", "quantity", " .o_wms_key[data-key='2']"),
            run: "click",
        },
        {
            trigger: onState("pick", "quantity", " .o_wms_action_quantity"),
            run: "click",
        },
        {
            content: "The short pick must be confirmed",
            trigger: onState("pick", "confirm_short", " .o_wms_instruction:contains('Only 2')"),
        },
        {
            trigger: onState("pick", "confirm_short", " .o_wms_action_confirm"),
            run: "click",
        },
        {
            content: "Validated with a backorder; the short pick is reported",
            trigger: onState("pick", "select", " .o_wms_msg_warning:contains('Short pick')"),
        },
        {
            trigger: onState("pick", "select", " .o_wms_msg_warning:contains('backorder')"),
        },
    ],
});

/**
 * Receive tour: a receipt "RCV-TOUR-1" of 5 "WMS Scan Widget" is counted by
 * scanning the product and typing 5, then validated with Finish.
 */
registry.category("web_tour.tours").add("wms_micraft_scanner_receive_tour", {
    url: "/odoo/action-wms_micraft.action_wms_scanner",
    steps: () => [
        {
            content: "Tap Receive",
            trigger: `${SCANNER}[data-state='home'] .o_wms_scenario_receive`,
            run: "click",
        },
        {
            ...typedScan("RCV-TOUR-1"),
            content: "Scan the receipt's name",
        },
        {
            trigger: onState("receive", "scan_product", " .o_wms_msg_info:contains('RCV-TOUR-1')"),
        },
        wedgeScan("5012345678900"),
        {
            trigger: onState("receive", "quantity", " .o_wms_key[data-key='5']"),
            run: "click",
        },
        {
            trigger: onState("receive", "quantity", " .o_wms_action_quantity"),
            run: "click",
        },
        {
            content: "Counted; the receipt can be finished",
            trigger: onState("receive", "scan_product", " .o_wms_msg_success:contains('Counted 5')"),
        },
        {
            trigger: onState("receive", "scan_product", " .o_wms_action_done"),
            run: "click",
        },
        {
            content: "Validated through Odoo",
            trigger: onState("receive", "select", " .o_wms_msg_success:contains('RCV-TOUR-1 received')"),
        },
    ],
});
