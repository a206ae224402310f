"""photo size: each original's bytes, for the per-account storage quota

Revision ID: 0008_photo_size
Revises: 0007_product_create_token
Create Date: 2026-11-28 10:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_photo_size'
down_revision: str | None = '0007_product_create_token'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size_bytes', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_column('size_bytes')
