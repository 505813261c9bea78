"""Background task: a thin shell around the digest service."""

from django_tasks import task

from .services import digests_send


@task()
def send_digests(*, frequency: str | None = None) -> dict:
    """Send every due digest of `frequency` (all frequencies when None)."""
    return digests_send(frequency=frequency).__dict__
