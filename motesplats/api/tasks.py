"""Background tasks of the api app: thin shells over the harvester."""

from django_tasks import task

from motesplats.api.harvest import harvest_due_sources, source_harvest
from motesplats.api.models import PeerSource


@task()
def harvest_sources(*, source_id: int | None = None, force: bool = False) -> dict:
    """Harvest one source (by id) or every source that is due; returns run counts."""
    if source_id is None:
        runs = harvest_due_sources(force=force)
    else:
        source = PeerSource.objects.filter(pk=source_id, active=True).first()
        runs = [] if source is None else [source_harvest(source=source)]
    return {"runs": len(runs), "failed": sum(1 for run in runs if run.error)}
