"""Background tasks of the accounts app: the daily retention run for a worker scheduler."""

from django_tasks import task

from motesplats.accounts.services import user_purge_expired


@task()
def purge_expired() -> dict[str, int]:
    """Apply every retention rule (the same as `manage.py purge_expired`)."""
    return user_purge_expired()
