"""add post title idx

Revision ID: 3f2a1b9c8d7e
Revises: 1a2b3c4d5e6f
"""
from alembic import op

revision = "3f2a1b9c8d7e"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("post_title_idx", "post", ["title"])


def downgrade() -> None:
    op.drop_index("post_title_idx", table_name="post")
