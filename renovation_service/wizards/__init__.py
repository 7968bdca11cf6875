from . import account_payment_register
from . import renovation_form_sign_wizard
from . import renovation_report_wizard
