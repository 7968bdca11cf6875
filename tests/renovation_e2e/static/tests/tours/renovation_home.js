/** @odoo-module **/

import { registry } from "@web/core/registry";

// The client of a finished home walks "My renovation" with every addon's
// section and opens their repair request.
// Data comes from the Python test (TestRenovationHome.test_home_tour).
registry.category("web_tour.tours").add("renovation_e2e_home", {
    steps: () => [
        {
            content: "open My Renovation from the portal home",
            trigger: ".o_portal_index_card a[href='/my/renovation']",
            run: "click",
        },
        {
            content: "the works are done, the home handed over and under warranty",
            trigger: ".o_renovation_timeline .o_renovation_stage_current:contains(Warranty)",
        },
        {
            content: "the completed inspection is listed",
            trigger: "#renovation_home_inspections .o_renovation_home_inspection:contains(Tiling)",
        },
        {
            content: "the warranty card is linked",
            trigger: "#renovation_home_warranty .o_renovation_home_warranty_card a[href^='/my/warranty/']",
        },
        {
            content: "the planned callbacks are listed",
            trigger: "#renovation_home_callbacks .o_renovation_home_callback",
        },
        {
            content: "open the repair request",
            trigger: "#renovation_home_repairs .o_renovation_home_repair a",
            run: "click",
        },
        {
            content: "the repair request page",
            trigger: ".o_portal_repair:contains(主卫天花板滴水)",
        },
    ],
});
