"""complaints: the inspector's queue walks its own index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

An inspector's queue walks their own cases status by status in due-date order. With an
index on (assignee_id, status) only, each walk fetched all of the inspector's cases in that
status from the table and sorted them (4-8 ms a page at 100,000 cases on PostgreSQL).
(assignee_id, status, due_date, id) serves the same lookups as the old index and lets each
walk stop after one page.
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index('ix_complaints_assignee_queue_due',
                              ['assignee_id', 'status', 'due_date', 'id'], unique=False)
        batch_op.drop_index('ix_complaints_assignee_status')


def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index('ix_complaints_assignee_status', ['assignee_id', 'status'],
                              unique=False)
        batch_op.drop_index('ix_complaints_assignee_queue_due')
