/** @odoo-module **/

import { registry } from "@web/core/registry";
import { portalSignSteps } from "@renovation_service/../tests/tours/utils/signature_steps";

// The client goes from the portal home to "My renovation", reads where the
// works stand and opens the form waiting for their signature.
// Data comes from the Python test (TestRenovationHomePortal.test_home_tour).
registry.category("web_tour.tours").add("renovation_home_client", {
    steps: () => [
        {
            content: "open My Renovation from the portal home",
            trigger: ".o_portal_index_card a[href='/my/renovation']",
            run: "click",
        },
        {
            content: "the stages done so far",
            trigger: ".o_renovation_timeline .o_renovation_stage_done:contains(Contract Signed)",
        },
        {
            content: "the current stage",
            trigger: ".o_renovation_timeline .o_renovation_stage_current:contains(Design Hand-over)",
        },
        {
            content: "the stages to come",
            trigger: ".o_renovation_timeline .o_renovation_stage_upcoming:contains(Warranty)",
        },
        {
            content: "open the form waiting for the client's signature",
            trigger: "#renovation_home_forms .o_renovation_home_form:contains(Works Change Order) a",
            run: "click",
        },
        {
            content: "the form is shown, ready to sign",
            trigger: "#renovation_form_document:contains(Works Change Order)",
        },
        // the signature pad is offered, the client's name prefilled
        ...portalSignSteps("王建国"),
        {
            // the page loads the chatter bundle last: ending the tour before it
            // arrives leaves the browser with an aborted request
            content: "the form's chatter is shown",
            trigger: "#chatterRoot:shadow .o-mail-Chatter",
        },
    ],
});
