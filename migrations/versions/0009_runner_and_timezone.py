"""pack job runner and the owner's time zone

Revision ID: 0009_runner_and_timezone
Revises: 0008_photo_size
Create Date: 2026-12-06 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_runner_and_timezone'
down_revision: str | None = '0008_photo_size'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('pack_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('runner', sa.String(length=120), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('timezone')
    with op.batch_alter_table('pack_jobs', schema=None) as batch_op:
        batch_op.drop_column('runner')
