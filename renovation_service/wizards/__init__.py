from . import account_payment_register
from . import renovation_form_sign_wizard
