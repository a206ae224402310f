"""listing lights: the class page's cache of each product's readiness lights and photo warnings

Revision ID: 0013_listing_lights
Revises: 0012_classes
Create Date: 2026-12-07 04:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013_listing_lights'
down_revision: str | None = '0012_classes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('listing_lights',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('lights', sa.String(length=400), nullable=False),
    sa.Column('warned', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_listing_lights_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_listing_lights'))
    )


def downgrade() -> None:
    op.drop_table('listing_lights')
