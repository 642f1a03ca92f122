"""complaints.flags: the intake checks' rule names, readable without decoding the checks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The queue shows each case's intake flags (the rule names of ``checks``). Reading them from
the JSON meant decoding every row's checks on every page; ``flags`` keeps the names as one
space-separated string, set by the model whenever ``checks`` is set. Existing rows are
filled from their checks here, in batches.
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

BATCH = 5000


def _flags(checks) -> str:
    # The rule as ``rules.checks.flags_text`` has it on the day of this revision (a
    # migration must not change meaning when the application's code changes later).
    if isinstance(checks, str):
        checks = json.loads(checks)
    return " ".join(c["rule"] for c in (checks or []) if isinstance(c, dict) and c.get("rule"))


def upgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags', sa.Text(), server_default='', nullable=False))

    complaints = sa.table('complaints', sa.column('id', sa.Integer()),
                          sa.column('checks', sa.JSON()), sa.column('flags', sa.Text()))
    conn = op.get_bind()
    last_id = 0
    while True:
        rows = conn.execute(sa.select(complaints.c.id, complaints.c.checks)
                            .where(complaints.c.id > last_id)
                            .order_by(complaints.c.id).limit(BATCH)).all()
        if not rows:
            break
        last_id = rows[-1].id
        updates = [{"row_id": row.id, "new_flags": _flags(row.checks)} for row in rows]
        updates = [u for u in updates if u["new_flags"]]
        if updates:
            conn.execute(complaints.update()
                         .where(complaints.c.id == sa.bindparam("row_id"))
                         .values(flags=sa.bindparam("new_flags")), updates)


def downgrade():
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('flags')
