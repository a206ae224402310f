"""Alembic environment: runs migrations on the engine of the Flask app that invoked them."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from webapp.models import Base  # every table is on its metadata

config = context.config
target_metadata = Base.metadata


def engine_for_run() -> Engine:
    """Use the app's engine when given one, else the URL from the Alembic config."""
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    return create_engine(config.get_main_option("sqlalchemy.url"))


def run_migrations_offline() -> None:
    """Write the SQL for the migrations without a database connection."""
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations in one transaction on a live connection."""
    with engine_for_run().connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
