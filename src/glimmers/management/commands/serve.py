from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Apply pending migrations, then serve Glimmers with a production WSGI server."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")

    def handle(self, *args, **options):
        import waitress

        from glimmers.wsgi import application

        if not 0 < options["port"] < 65536:
            raise CommandError("--port must be between 1 and 65535.")
        call_command("migrate", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(f"Glimmers is open at {url}  (data: {settings.DATA_DIR})")
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        waitress.serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="glimmers",
            _quiet=True,
        )
