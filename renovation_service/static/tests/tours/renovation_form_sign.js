/** @odoo-module **/

import { registry } from "@web/core/registry";
import { portalSignSteps } from "@renovation_service/../tests/tours/utils/signature_steps";

// The client opens a form waiting for their signature and signs it.
// Data comes from the Python test (test_portal_sign_tour).
registry.category("web_tour.tours").add("renovation_form_client_sign", {
    steps: () => [
        {
            content: "the form is shown above the signature",
            trigger: "#renovation_form_document:contains(Works Change Order)",
        },
        ...portalSignSteps("王建国", "your signature has been recorded"),
        {
            // the page loads the chatter bundle last: ending the tour before it
            // arrives leaves the browser with an aborted request
            content: "the chatter of the signed form is shown",
            trigger: "#chatterRoot:shadow .o-mail-Chatter",
        },
    ],
});
