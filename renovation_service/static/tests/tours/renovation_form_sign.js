/** @odoo-module **/

import { registry } from "@web/core/registry";
import { drawSignatureSteps } from "@renovation_service/../tests/tours/utils/signature_steps";

// The client opens a form waiting for their signature and signs it.
// Data comes from the Python test (test_portal_sign_tour).
registry.category("web_tour.tours").add("renovation_form_client_sign", {
    steps: () => [
        {
            content: "the form is shown above the signature",
            trigger: "#renovation_form_document:contains(Works Change Order)",
        },
        {
            content: "open the signature dialog",
            trigger: "#renovation_form_sign .o_renovation_form_sign_open",
            run: "click",
        },
        {
            content: "the client's name is prefilled",
            trigger: "#renovation_form_sign .o_web_sign_name_and_signature input:value(王建国)",
        },
        ...drawSignatureSteps("#renovation_form_sign"),
        {
            content: "sign",
            trigger: "#renovation_form_sign .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "the signature is confirmed",
            trigger: ".alert-success:contains(your signature has been recorded)",
        },
        {
            // the page loads the chatter bundle last: ending the tour before it
            // arrives leaves the browser with an aborted request
            content: "the chatter of the signed form is shown",
            trigger: "#chatterRoot:shadow .o-mail-Chatter",
        },
    ],
});
