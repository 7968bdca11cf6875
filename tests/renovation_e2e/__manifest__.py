{
    "name": "Renovation Suite: end-to-end scenarios",
    "summary": "Test-only addon: scenarios across renovation_service, quality and aftercare",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "license": "LGPL-3",
    "author": "Renovation Suite",
    "website": "https://example.com/renovation-suite",
    "depends": ["renovation_service", "renovation_quality", "renovation_aftercare"],
    "assets": {
        "web.assets_tests": ["renovation_e2e/static/tests/tours/**/*"],
    },
    "installable": True,
}
