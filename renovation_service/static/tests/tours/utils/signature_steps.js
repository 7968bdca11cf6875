/** @odoo-module **/

/**
 * The steps that draw a signature on Odoo's signature pad inside ``scope``,
 * shared by the suite's tours. Picking a style draws the name (the automatic
 * drawing waits for the fonts); the drawing itself loads an image, so the
 * last step waits until the pad shows it: signing earlier sends an empty
 * signature ("Signature is missing"), as a quick tap on a phone would.
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
        {
            content: "the name is drawn on the pad",
            trigger: `${scope} canvas.o_web_sign_signature`,
            async run() {
                const canvas = this.anchor;
                for (let attempt = 0; attempt < 50; attempt++) {
                    const { data } = canvas
                        .getContext("2d")
                        .getImageData(0, 0, canvas.width, canvas.height);
                    // any pixel that is not transparent: the drawing is there
                    if (data.some((value, index) => index % 4 === 3 && value)) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("the signature pad stayed empty");
            },
        },
    ];
}

/**
 * The client on a form's portal page opens the signature dialog, finds
 * ``signer`` prefilled as the name and, with ``confirmation`` (the success
 * message in the page's language), draws, signs and sees it recorded. Without
 * ``confirmation``, only the dialog is opened and checked.
 */
export function portalSignSteps(signer, confirmation) {
    const scope = "#renovation_form_sign";
    const open = [
        {
            content: "open the signature dialog",
            trigger: `${scope} .o_renovation_form_sign_open`,
            run: "click",
        },
        {
            content: "the signer's name is prefilled",
            trigger: `${scope} .o_web_sign_name_and_signature input:value(${signer})`,
        },
    ];
    if (!confirmation) {
        return open;
    }
    return [
        ...open,
        ...drawSignatureSteps(scope),
        {
            content: "sign",
            trigger: `${scope} .o_portal_sign_submit:enabled`,
            run: "click",
        },
        {
            content: "the signature is confirmed",
            trigger: `.alert-success:contains(${confirmation})`,
        },
    ];
}

/**
 * A ``run`` for a step whose anchor must be a touch target of at least
 * 44 × 44 px (a thumb on a phone at the site), then tapped.
 */
export function tapTouchTarget(what) {
    return function () {
        const { height, width } = this.anchor.getBoundingClientRect();
        if (height < 44 || width < 44) {
            throw new Error(`${what} is ${width}×${height} px`);
        }
        this.anchor.click();
    };
}
