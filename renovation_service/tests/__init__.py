from . import test_contract_number
from . import test_site_measurement
from . import test_stage_gates
from . import test_payment_plan
from . import test_change_delay_orders
from . import test_followup_cron
from . import test_security
