/** @odoo-module **/

import { registry } from "@web/core/registry";
import { StatusBarField, statusBarField } from "@web/views/fields/statusbar/statusbar_field";

/**
 * The status bar of a renovation project. A stage move the server refuses (a
 * stage gate, a move back left to managers) leaves the form as it was: the
 * current stage highlighted, nothing pending, and the error shown. Odoo's own
 * status bar keeps the refused stage selected and the record dirty, so a later
 * save would try the same move again.
 */
export class RenovationStatusBarField extends StatusBarField {
    async selectItem(item) {
        const { name, record } = this.props;
        if (record.isNew) {
            return super.selectItem(item);
        }
        // save what the user edited first: a refused move discards only itself
        if (record.dirty && !(await record.save())) {
            return;
        }
        const value = this.field.type === "many2one" ? [item.value, item.label] : item.value;
        await record.update({ [name]: value });
        await record.save({
            onError: (error, { discard }) => {
                discard();
                // the record is back to its stage, the bar must show it (it may
                // not render again on its own)
                this.render();
                throw error;
            },
        });
    }
}

export const renovationStatusBarField = {
    ...statusBarField,
    component: RenovationStatusBarField,
};

registry.category("fields").add("renovation_statusbar", renovationStatusBarField);
