"""photo trash, cover fill and coach: a deleted photo waits 30 days to be restored, a
marketplace cover may fill its frame around the focus point, and the photo coach's measures

Revision ID: 0011_photo_trash
Revises: 0010_parcels_and_templates
Create Date: 2026-12-08 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_photo_trash'
down_revision: str | None = '0010_parcels_and_templates'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fill_frame', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('measures', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_photos_deleted_at'), ['deleted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photos_deleted_at'))
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('measures')
        batch_op.drop_column('fill_frame')
