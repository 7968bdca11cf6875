from . import xlsx
from . import sql
