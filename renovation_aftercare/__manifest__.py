{
    "name": "Renovation Aftercare",
    "summary": "Warranty cards, scheduled callbacks, repair requests and complaints with SLAs",
    "version": "18.0.1.0.0",
    "category": "Services/Renovation",
    "license": "LGPL-3",
    "author": "Renovation Suite",
    "website": "https://example.com/renovation-suite",
    "depends": ["renovation_service"],
    "data": [],
    "installable": True,
}
