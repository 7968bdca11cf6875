from . import test_lead_to_construction
from . import test_renovation_home
from . import test_role_tours
from . import test_demo_story
