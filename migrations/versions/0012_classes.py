"""classes (kelas): trainers, shared brands, trainer visits and comments

Revision ID: 0012_classes
Revises: 0011_photo_trash
Create Date: 2026-12-07 02:52:05.233698
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012_classes'
down_revision: str | None = '0011_photo_trash'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('classes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organiser', sa.String(length=120), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classes')),
    sa.UniqueConstraint('code', name=op.f('uq_classes_code'))
    )
    op.create_table('class_trainers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['classes.id'], name=op.f('fk_class_trainers_class_id_classes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_class_trainers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_trainers')),
    sa.UniqueConstraint('class_id', 'user_id', name=op.f('uq_class_trainers_class_id_user_id'))
    )
    with op.batch_alter_table('class_trainers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_trainers_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_class_trainers_user_id'), ['user_id'], unique=False)

    op.create_table('class_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('show_contacts', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('shared_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_class_shares_brand_id_brands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['class_id'], ['classes.id'], name=op.f('fk_class_shares_class_id_classes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_class_shares_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_shares'))
    )
    with op.batch_alter_table('class_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_shares_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_class_shares_class_id'), ['class_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_class_shares_ended_at'), ['ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_class_shares_owner_id'), ['owner_id'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=120), nullable=False),
    sa.Column('body', sa.String(length=4000), nullable=False),
    sa.Column('suggestion', sa.String(length=20000), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_comments_brand_id_brands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['class_id'], ['classes.id'], name=op.f('fk_comments_class_id_classes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_parent_id'), ['parent_id'], unique=False)

    op.create_table('trainer_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('trainer_id', sa.Integer(), nullable=True),
    sa.Column('trainer_name', sa.String(length=120), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('class_name', sa.String(length=120), nullable=False),
    sa.Column('page', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_trainer_visits_brand_id_brands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['class_id'], ['classes.id'], name=op.f('fk_trainer_visits_class_id_classes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trainer_id'], ['users.id'], name=op.f('fk_trainer_visits_trainer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainer_visits'))
    )
    with op.batch_alter_table('trainer_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainer_visits_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainer_visits_brand_id'), ['brand_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('trainer_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainer_visits_brand_id'))
        batch_op.drop_index(batch_op.f('ix_trainer_visits_at'))

    op.drop_table('trainer_visits')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_parent_id'))
        batch_op.drop_index(batch_op.f('ix_comments_brand_id'))

    op.drop_table('comments')
    with op.batch_alter_table('class_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_shares_owner_id'))
        batch_op.drop_index(batch_op.f('ix_class_shares_ended_at'))
        batch_op.drop_index(batch_op.f('ix_class_shares_class_id'))
        batch_op.drop_index(batch_op.f('ix_class_shares_brand_id'))

    op.drop_table('class_shares')
    with op.batch_alter_table('class_trainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_trainers_user_id'))
        batch_op.drop_index(batch_op.f('ix_class_trainers_class_id'))

    op.drop_table('class_trainers')
    op.drop_table('classes')
