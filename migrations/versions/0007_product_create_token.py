"""product create token: a double-tapped "new product" save makes one product

Revision ID: 0007_product_create_token
Revises: 0006_pack_jobs
Create Date: 2026-11-28 10:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007_product_create_token'
down_revision: str | None = '0006_pack_jobs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('create_token', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_products_brand_id_create_token'), ['brand_id', 'create_token'])


def downgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_products_brand_id_create_token'), type_='unique')
        batch_op.drop_column('create_token')
