from . import renovation_quality_export
