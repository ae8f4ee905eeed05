"""The ``stafet`` command: ``stafet match ...`` runs the matching engine on files (no database);
anything else is handed to Django's management commands (``stafet migrate``, ``stafet runserver``)."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "match":
        # The engine's command line must work without Django settings or a database.
        from stafet.matching.cli import main as match_main

        return match_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stafet.config.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    # A command that shows people (dumpdata, the shell) writes its reads to the read log, as a page does.
    from stafet.privacy.reads import command_reads

    with command_reads(argv[1] if len(argv) > 1 else ""):
        execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
