/** @odoo-module **/

import { registry } from "@web/core/registry";
import { portalSignSteps } from "@renovation_service/../tests/tours/utils/signature_steps";

// The client 王建国 (demo_client_wang) on the portal: my renovation, the
// construction schedule, and the 客户授权施工委托书 waiting for his
// signature, signed with Odoo's signature pad.
// Demo data, in zh_CN (TestRoleTours.test_client_portal_tour).
registry.category("web_tour.tours").add("renovation_e2e_role_client", {
    steps: () => [
        {
            content: "open My Renovation (我的装修) from the portal home",
            trigger: ".o_portal_index_card a[href='/my/renovation']:contains(我的装修)",
            run: "click",
        },
        {
            content: "his project",
            trigger: "#renovation_home_header:contains(王建国)",
        },
        {
            content: "the works are in the first half of the construction",
            trigger: ".o_renovation_timeline .o_renovation_stage_current:contains(施工前期)",
        },
        {
            content: "the construction schedule (施工进度计划) with its nodes",
            trigger: "#renovation_home_schedule:contains(施工进度计划) .o_renovation_home_node:eq(14)",
        },
        {
            content: "open the 客户授权施工委托书 waiting for his signature",
            trigger: "#renovation_home_forms .o_renovation_home_form:contains(客户授权施工委托书) a",
            run: "click",
        },
        {
            content: "the form is shown above the signature",
            trigger: ".card:has(#renovation_form_document):contains(客户授权施工委托书)",
        },
        ...portalSignSteps("王建国", "您的签字已记录"),
        {
            // the page loads the chatter bundle last: ending the tour before it
            // arrives leaves the browser with an aborted request
            content: "the chatter of the signed form is shown",
            trigger: "#chatterRoot:shadow .o-mail-Chatter",
        },
    ],
});
