"""parcels, product links, channel categories, the owners' own bulk-upload templates, and
what a built pack says of its readiness

Revision ID: 0010_parcels_and_templates
Revises: 0009_runner_and_timezone
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_parcels_and_templates'
down_revision: str | None = '0009_runner_and_timezone'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parcel_weight_g', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('parcel_length_cm', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('parcel_width_cm', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('parcel_height_cm', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('link', sa.String(length=300), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('categories', sa.JSON(), server_default='{}', nullable=False))
    with op.batch_alter_table('pack_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('readiness', sa.JSON(), server_default='{}',
                                      nullable=False))
    op.create_table(
        'channel_templates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('brand_id', sa.Integer(), nullable=False),
        sa.Column('channel_id', sa.String(length=40), nullable=False),
        sa.Column('stored', sa.String(length=80), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('shape', sa.JSON(), nullable=False),
        sa.Column('couriers', sa.JSON(), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['brand_id'], ['brands.id'],
                                name=op.f('fk_channel_templates_brand_id_brands'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_templates')),
        sa.UniqueConstraint('brand_id', 'channel_id',
                            name=op.f('uq_channel_templates_brand_id_channel_id')),
    )
    with op.batch_alter_table('channel_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_templates_brand_id'), ['brand_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('channel_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_templates_brand_id'))
    op.drop_table('channel_templates')
    with op.batch_alter_table('pack_jobs', schema=None) as batch_op:
        batch_op.drop_column('readiness')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('categories')
        batch_op.drop_column('link')
        batch_op.drop_column('parcel_height_cm')
        batch_op.drop_column('parcel_width_cm')
        batch_op.drop_column('parcel_length_cm')
        batch_op.drop_column('parcel_weight_g')
