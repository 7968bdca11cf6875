from . import portal
from . import handover_portal
