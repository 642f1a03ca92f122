"""complaints: an inspector's queue in priority and age order walks its own index too

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

0003 gave the inspector's walks in due-date order their index. In priority or age order each
walk still gathered the inspector's cases of one status (and the unassigned pool's) and
sorted them: at 100,000 cases, for an inspector with 3,670 cases, 44 ms (priority) and 25 ms
(age) a page on SQLite, ~5.7 ms on PostgreSQL, against 1.4 and 2.5 ms in due-date order.
(assignee_id, status, priority, id) and (assignee_id, status, created_at, id) let each walk
stop after one page; ``assignee_id IS NULL`` (the pool) walks them the same way.
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index('ix_complaints_assignee_queue_priority',
                              ['assignee_id', 'status', 'priority', 'id'], unique=False)
        batch_op.create_index('ix_complaints_assignee_queue_age',
                              ['assignee_id', 'status', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_assignee_queue_age')
        batch_op.drop_index('ix_complaints_assignee_queue_priority')
