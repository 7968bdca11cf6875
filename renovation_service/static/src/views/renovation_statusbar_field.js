/** @odoo-module **/

import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { StatusBarField, statusBarField } from "@web/views/fields/statusbar/statusbar_field";

/**
 * The status bar of a renovation project. A stage move the server refuses (a
 * stage gate, a move back left to managers) leaves the form as it was: the
 * current stage highlighted, nothing pending, and the error shown. Odoo's own
 * status bar puts the new stage in the record before saving, so a refusal
 * leaves the refused stage selected and the record dirty (a later save would
 * try the same move again). Here the move is written on the server first and
 * the form reloaded only when it was accepted.
 */
export class RenovationStatusBarField extends StatusBarField {
    setup() {
        super.setup();
        this.orm = useService("orm");
    }

    async selectItem(item) {
        const { name, record } = this.props;
        if (record.isNew || this.field.type !== "many2one") {
            return super.selectItem(item);
        }
        // save what the user edited first: a refused move refuses only itself
        if (record.dirty && !(await record.save())) {
            return;
        }
        // the same write as the form's save: the gates are checked on the server
        await this.orm.write(record.resModel, [record.resId], { [name]: item.value }, {
            context: record.context,
        });
        await record.load();
    }
}

export const renovationStatusBarField = {
    ...statusBarField,
    component: RenovationStatusBarField,
};

registry.category("fields").add("renovation_statusbar", renovationStatusBarField);
