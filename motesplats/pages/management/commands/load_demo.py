from django.core.management.base import BaseCommand

from motesplats.pages.demo import NATIONAL_EDITOR_EMAIL, demo_load, demo_reset_passwords

ROLE_LABELS = {
    "national": "nationell redaktör / national editor",
    "node": "nodredaktör Malmö / node editor",
}


class Command(BaseCommand):
    help = "Load realistic demo data (Swedish with English translations). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty site (what `make run` uses). The command never "
            "loads twice either way; this flag documents the intent.",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Generate and print new passwords for the demo editors.",
        )

    def handle(self, *args, if_empty=False, reset_passwords=False, **options):
        if reset_passwords:
            self._print_credentials(demo_reset_passwords())
            return
        result = demo_load()
        if not result.created:
            self.stdout.write(
                "Demodata finns redan; inget ändrades. / Demo data already loaded.\n"
                f"Logga in som {NATIONAL_EDITOR_EMAIL}. Glömt lösenordet? "
                "`manage.py load_demo --reset-passwords`"
            )
            return
        self.stdout.write(self.style.SUCCESS("Demodata inläst / demo data loaded."))
        self._print_credentials(result.credentials)

    def _print_credentials(self, credentials):
        if not credentials:
            self.stdout.write("Inga demoredaktörer hittades. / No demo editors found.")
            return
        self.stdout.write("")
        self.stdout.write(
            "Logga in / Log in: http://127.0.0.1:8000/sv/konto/login/  →  /admin/"
        )
        for role, email, password in credentials:
            self.stdout.write(f"  {ROLE_LABELS[role]}:  {email}  /  {password}")
        self.stdout.write(
            "Första gången du öppnar /admin/ ombeds du aktivera tvåstegsverifiering med en "
            "autentiseringsapp (TOTP).\nThe first time you open /admin/ you are asked to set up "
            "two-factor authentication with an authenticator app (TOTP)."
        )
        self.stdout.write("")
