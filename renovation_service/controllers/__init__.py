from . import portal
from . import handover_portal
from . import verify
from . import weekly_portal
