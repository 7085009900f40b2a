from alembic import context

config = context.config
target_metadata = None


def run_migrations_online() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
