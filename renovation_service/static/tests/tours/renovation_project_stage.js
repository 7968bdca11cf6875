/** @odoo-module **/

import { registry } from "@web/core/registry";

// A manager looks at a project on the renovation kanban, then tries to move it
// into a gated stage from its form's status bar. Data comes from the Python
// test (TestProjectPipelineTour): the project "Tour Project" is in Design
// Hand-over and lacks what Materials and Site Start needs.
registry.category("web_tour.tours").add("renovation_project_stage_refused", {
    steps: () => [
        {
            content: "the card's badge shows every missing gate, and its tooltip lists them all",
            trigger: ".o_kanban_record:contains(Tour Project) .o_renovation_blockers",
            run() {
                const badge = this.anchor;
                const shown = badge.querySelector("span").innerText.trim().split("\n");
                const tooltip = badge.getAttribute("title").trim().split("\n");
                if (shown.length < 2 || shown.join("\n") !== tooltip.join("\n")) {
                    throw new Error(`badge ${shown} / tooltip ${tooltip}`);
                }
                if (badge.scrollWidth > badge.clientWidth + 1) {
                    throw new Error("the badge is cut");
                }
            },
        },
        {
            content: "open the project",
            trigger: ".o_kanban_record:contains(Tour Project) .fw-bold",
            run: "click",
        },
        {
            content: "the status bar has the renovation stages only",
            trigger: ".o_statusbar_status:not(:has(button:contains(To Do)))",
        },
        {
            content: "move it to Materials and Site Start",
            trigger: ".o_statusbar_status button.o_arrow_button:contains(Materials and Site Start)",
            run: "click",
        },
        {
            content: "the gate refuses, naming what is missing",
            trigger: ".modal:contains(cannot enter the stage)",
        },
        {
            content: "close the error",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "the previous stage is still the current one",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains(Design Hand-over)",
        },
        {
            content: "and nothing is pending on the form",
            // (the save and discard buttons stay hidden)
            trigger:
                ".o_form_view .o_form_status_indicator:not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
        },
        {
            content: "the project was not moved",
            trigger: ".o_field_widget[name=name]:contains(Tour Project), .o_field_widget[name=name] input:value(Tour Project)",
        },
    ],
});
