"""WSGI entry point: ``flask --app wsgi …`` and ``gunicorn wsgi:app``."""

from grievance import create_app

app = create_app()
