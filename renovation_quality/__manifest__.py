{
    "name": "Renovation Quality",
    "summary": "Acceptance standard as checklists, inspections, rectification orders, "
    "hidden-works and water-closure tests",
    "version": "18.0.1.0.0",
    "category": "Services/Renovation",
    "license": "LGPL-3",
    "author": "Renovation Suite",
    "website": "https://example.com/renovation-suite",
    "depends": ["renovation_service"],
    "data": [],
    "installable": True,
}
