"""Studio Cerita: brand stories, channel-ready photos and listing packs for IKM makers."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_ENV = "STUDIO_CERITA_INSTANCE"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, database, i18n, security, accounts, brands, commands, errors."""
    from webapp import auth, brands, cli, config, db, errors, i18n, jobs, security
    from webapp.auth.views import bp as auth_bp
    from webapp.extensions import csrf, limiter
    from webapp.listings import cli as listings_cli
    from webapp.listings.views import bp as listings_bp
    from webapp.main.views import bp as main_bp
    from webapp.packs import cli as pack_cli
    from webapp.packs.views import bp as packs_bp
    from webapp.photos import cli as photo_cli
    from webapp.photos.public import bp as images_bp
    from webapp.photos.views import bp as photos_bp
    from webapp.products.views import bp as products_bp
    from webapp.stories import cli as story_cli
    from webapp.stories.views import bp as stories_bp

    app = Flask(
        __name__,
        instance_path=os.environ.get(INSTANCE_ENV) or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    config.load_config(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    jobs.init_app(app)
    i18n.init_app(app)
    security.init_upload_limits(app)  # before CSRF protection reads the body
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    security.init_app(app)

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    brands.init_app(app)
    app.register_blueprint(products_bp)
    app.register_blueprint(photos_bp)
    app.register_blueprint(packs_bp)
    app.register_blueprint(images_bp)
    app.register_blueprint(stories_bp)
    app.register_blueprint(listings_bp)

    cli.init_app(app)
    story_cli.init_app(app)
    listings_cli.init_app(app)
    photo_cli.init_app(app)
    pack_cli.init_app(app)
    errors.init_app(app)
    return app
