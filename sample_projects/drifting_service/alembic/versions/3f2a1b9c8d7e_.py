"""empty message

Revision ID: 3f2a1b9c8d7e
Revises:
"""
from alembic import op

from app.users.models import User

revision = "3f2a1b9c8d7e"
down_revision = None


def upgrade() -> None:
    op.create_index("ix_user_email", "users", ["email"])
    for domain in ("example.com", "example.org"):
        op.execute(f"UPDATE users SET email = lower(email) WHERE email LIKE '%{domain}'")


def downgrade() -> None:
    pass
