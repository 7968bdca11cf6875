/** @odoo-module **/

import { registry } from "@web/core/registry";

// The project manager (陈强, demo_project_manager) reads the renovation
// board, opens 王建国's site and its schedule, and tries to move it to the
// mid-term acceptance: the stage gates refuse, naming what is missing, and
// the project stays where it is.
// Demo data, in zh_CN (TestRoleTours.test_project_manager_tour).
registry.category("web_tour.tours").add("renovation_e2e_role_project_manager", {
    steps: () => [
        {
            content: "the board has a column per lifecycle stage",
            trigger: ".o_kanban_group .o_column_title:contains(深化设计)",
        },
        {
            content: "among them the construction",
            trigger: ".o_kanban_group .o_column_title:contains(施工前期)",
        },
        {
            content: "王建国's card on the board",
            trigger: ".o_kanban_record:contains(王建国)",
        },
        {
            content: "王建国's card says what the next stage still needs",
            trigger: ".o_kanban_record:contains(王建国):contains(防水工程闭水试验记录单已签字)",
        },
        {
            content: "open 王建国's project",
            trigger: ".o_kanban_record span:contains(A26120201 王建国)",
            run: "click",
        },
        {
            content: "the project is in the first half of the construction",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(施工前期)",
        },
        {
            content: "the project's other records (更多)",
            trigger: ".o-form-buttonbox .o_button_more",
            run: "click",
        },
        {
            content: "open the construction schedule (施工计划)",
            trigger: "button[name='action_view_renovation_schedule']:contains(施工计划)",
            run: "click",
        },
        {
            content: "the schedule of 王建国's site",
            trigger: ".o_breadcrumb .active:contains(王建国)",
        },
        {
            content: "lists its nodes",
            trigger: ".o_data_row:eq(14)",
        },
        {
            content: "back to the project",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(王建国)",
            run: "click",
        },
        {
            content: "try to move the project to the mid-term acceptance",
            trigger: ".o_statusbar_status button:not(.o_arrow_button_current):contains(中期验收)",
            run: "click",
        },
        {
            content: "the stage gates refuse, naming what is missing",
            trigger: ".modal:contains(无法进入阶段):contains(防水工程闭水试验记录单)",
        },
        {
            content: "close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "the project is still in the first half of the construction",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(施工前期)",
        },
        {
            // the refused move is not left pending in the form
            content: "nothing to save or discard",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ],
});
