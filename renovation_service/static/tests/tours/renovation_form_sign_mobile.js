/** @odoo-module **/

import { registry } from "@web/core/registry";
import { drawSignatureSteps, tapTouchTarget } from "@renovation_service/../tests/tours/utils/signature_steps";

function assertFilled(element, what) {
    if (!element.textContent.trim()) {
        throw new Error(`${what} is empty`);
    }
}

// The foreman, on a phone, opens the forms waiting for his signature and signs
// one in a single dialog. Data comes from the Python test
// (TestFormSignMobileTour): one stage acceptance form of "Tour Site".
registry.category("web_tour.tours").add("renovation_form_sign_mobile", {
    steps: () => [
        {
            content: "one card per form, with a Sign button big enough for a thumb",
            trigger:
                ".o_renovation_form_to_sign_kanban .o_kanban_record:contains(Tour Site) .o_renovation_sign_button",
            run: tapTouchTarget("the Sign button"),
        },
        {
            content: "the dialog names the form and the role",
            trigger: ".modal .o_field_widget[name=role_id]",
            run() {
                const modal = this.anchor.closest(".modal");
                assertFilled(modal.querySelector(".o_field_widget[name=form_id]"), "the form");
                assertFilled(this.anchor, "the role");
            },
        },
        {
            content: "the signature pad is in the same dialog, the signer's name filled",
            trigger: ".modal .o_renovation_inline_signature .o_web_sign_name_input:value(Foreman Liu)",
        },
        ...drawSignatureSteps(".modal"),
        {
            content: "sign",
            trigger: ".modal .o_renovation_sign_confirm",
            run: "click",
        },
        {
            content: "the dialog closes and the form leaves the list",
            trigger: "body:not(:has(.modal)) .o_action_manager:not(:has(.o_kanban_record:contains(Tour Site)))",
        },
    ],
});
