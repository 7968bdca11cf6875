from . import test_lead_to_construction
