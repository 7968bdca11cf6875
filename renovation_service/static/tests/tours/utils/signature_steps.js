/** @odoo-module **/

/**
 * The steps that draw a signature on Odoo's signature pad inside ``scope``,
 * shared by the suite's tours. Picking a style draws the name at once (the
 * automatic drawing waits for the fonts, so a quick tap could send an empty
 * signature).
 */
export function drawSignatureSteps(scope) {
    return [
        {
            content: "pick a signature style",
            trigger: `${scope} .o_web_sign_auto_select_style button`,
            run: "click",
        },
        {
            content: "the second style",
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
    ];
}
