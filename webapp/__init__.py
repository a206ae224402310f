"""Studio Cerita: brand stories, channel-ready photos and listing packs for IKM makers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the package imports nothing heavy: pure cores import without Flask
    from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_ENV = "STUDIO_CERITA_INSTANCE"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, logging, database, jobs, i18n, security, blueprints, filters,
    commands, error pages. Each piece imports what it needs when it first needs it."""
    from flask import Flask

    from webapp import access, cli, config, db, errors, filters, i18n, jobs, logs, security
    from webapp.accounts import views as accounts
    from webapp.extensions import csrf, limiter

    app = Flask(
        __name__,
        instance_path=os.environ.get(INSTANCE_ENV) or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    config.load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.url_map.converters["id"] = access.IdConverter

    logs.init_app(app)
    db.init_app(app)
    jobs.init_app(app)
    i18n.init_app(app)
    security.init_upload_limits(app)  # before CSRF protection reads the body
    csrf.init_app(app)
    limiter.init_app(app)
    accounts.init_app(app)
    security.init_app(app)
    register_blueprints(app)
    filters.init_app(app)
    cli.init_app(app)
    errors.init_app(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Register every package's pages, in the order their routes are matched."""
    from webapp.accounts import views as accounts
    from webapp.brands import views as brands
    from webapp.classes import views as classes
    from webapp.listings import views as listings
    from webapp.main import views as main
    from webapp.packs import views as packs
    from webapp.photos import public as images
    from webapp.photos import views as photos
    from webapp.prints import views as prints
    from webapp.products import views as products
    from webapp.stories import views as stories

    for module in (main, accounts, brands, products, photos, images, packs, stories, listings,
                   classes, prints):
        app.register_blueprint(module.bp)
