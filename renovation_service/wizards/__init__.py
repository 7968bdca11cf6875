from . import account_payment_register
from . import renovation_form_sign_wizard
from . import renovation_report_wizard
from . import renovation_move_back_wizard
from . import sale_advance_payment_inv
