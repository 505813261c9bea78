from django.core.management.base import BaseCommand, CommandError

from motesplats.accounts.models import User
from motesplats.nodes.models import Node
from motesplats.nodes.services import national_editor_add, node_editor_add


class Command(BaseCommand):
    help = (
        "Make an existing account an editor of one node (--node SLUG) or of the whole "
        "site (--national). The editor sets up two-factor authentication at first login."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--node", help="the node's slug, e.g. malmo")
        group.add_argument("--national", action="store_true")

    def handle(self, *args, email, node=None, national=False, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        if national:
            national_editor_add(user=user)
            self.stdout.write(f"{user.email} is now a national editor.")
            return
        target = Node.objects.filter(slug=node).first()
        if target is None:
            slugs = ", ".join(
                Node.objects.order_by("slug").values_list("slug", flat=True)
            )
            raise CommandError(f"No node with the slug {node!r}. Known nodes: {slugs}.")
        node_editor_add(node=target, user=user)
        self.stdout.write(f"{user.email} is now an editor of {target.name_sv}.")
